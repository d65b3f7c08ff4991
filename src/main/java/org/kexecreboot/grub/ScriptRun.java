package org.kexecreboot.grub;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one static run of grub.cfg shares across its contexts: the budget, the functions, and save_env's writes. */
final class ScriptRun {
    final Expander.Budget budget = new Expander.Budget();
    final GrubFiles files;
    /** GRUB's functions are global, whatever context defines them. */
    final Map<String, Statement.FunctionDefinition> functions = new HashMap<>();
    private final Map<String, String> saved = new LinkedHashMap<>();

    ScriptRun(GrubFiles files) {
        this.files = files == null ? GrubFiles.UNKNOWN : files;
    }

    /** save_env NAME: the value it had then, or null when it was unset (save_env then deletes it from grubenv). */
    void save(String name, String value) {
        saved.remove(name);
        saved.put(name, value);
    }

    Map<String, String> saved() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(saved));
    }
}
