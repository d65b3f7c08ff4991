package org.kexecreboot.grub;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one static run of grub.cfg shares across its contexts: the budget, the functions, and save_env's writes. */
final class ScriptRun {
    /**
     * Loop bodies run at most this often in one run, all loops together: a grub.cfg's loops go over a few kernels
     * or files; a loop that goes on longer is one whose end GRUB finds on the machine, or never, and a shutdown
     * tool must not spin on it.
     */
    static final int MAX_LOOP_ITERATIONS = 1000;

    /** GRUB's active_loops, active_breaks and is_continue (grub-core/script/execute.c). */
    static final class Loops {
        int active;
        int breaks;
        boolean isContinue;

        /** The end of a loop: a break that ended it is used up, one for outer loops goes on to them. */
        void leave() {
            if (breaks > 0) {
                breaks--;
            }
            active--;
        }
    }

    final Expander.Budget budget = new Expander.Budget();
    final Loops loops = new Loops();
    private int iterations;
    final GrubFiles files;
    /** GRUB's functions are global, whatever context defines them. */
    final Map<String, Statement.FunctionDefinition> functions = new HashMap<>();
    private final Map<String, String> saved = new LinkedHashMap<>();

    ScriptRun(GrubFiles files) {
        this.files = files == null ? GrubFiles.UNKNOWN : files;
    }

    /** One more run of a loop body, or the end of the reading when there were too many. */
    void iteration(String keyword, int line) throws GrubConfigException {
        if (++iterations > MAX_LOOP_ITERATIONS) {
            throw Lexer.error(line, "'" + keyword + "' loops run more than " + MAX_LOOP_ITERATIONS
                    + " times in all: GRUB's loop depends on the machine, or never ends; cannot tell what GRUB boots");
        }
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
