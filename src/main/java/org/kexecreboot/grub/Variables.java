package org.kexecreboot.grub;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One GRUB environment context (grub-core/kern/env.c): variables with their values, whether they are exported,
 * and, for the reason line, where each value came from.
 *
 * <p>This is the evaluator's mutable state; the evaluator owns it and never hands it out.
 */
final class Variables {

    /**
     * @param origin    where the value came from, in words ("from saved_entry in grubenv", "set on grub.cfg line 3")
     * @param uncertain true when the value depends on something a static reader cannot know (the status of
     *                  {@code search}, {@code loadfont} …); tests on such values are undecidable
     */
    record Value(String text, boolean exported, String origin, boolean uncertain) {
    }

    /** The feature_* variables GRUB 2.06's normal mode sets to "y" and exports (grub-core/normal/main.c). */
    static final List<String> FEATURES = List.of(
            "feature_chainloader_bpb", "feature_ntldr", "feature_platform_search_hint",
            "feature_default_font_path", "feature_all_video_module", "feature_menuentry_id",
            "feature_menuentry_options", "feature_200_final", "feature_nativedisk_cmd", "feature_timeout_style");

    /** Variables GRUB's kernel exports itself; any others the caller passes come from load_env, which does not export. */
    private static final List<String> EXPORTED_BY_GRUB = List.of("grub_platform", "grub_cpu", "root", "prefix", "cmdpath");

    private final Map<String, Value> values;

    private Variables(Map<String, Value> values) {
        this.values = values;
    }

    static Variables initial(Map<String, String> env) {
        Variables vars = new Variables(new HashMap<>());
        for (String feature : FEATURES) {
            vars.values.put(feature, new Value("y", true, "set by GRUB", false));
        }
        vars.values.put("root", new Value(GrubDefaultEntry.CONFIG_DEVICE, true, "set by GRUB: the device of grub.cfg", false));
        if (env != null) {
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    continue;
                }
                boolean exported = e.getKey().startsWith("feature_") || EXPORTED_BY_GRUB.contains(e.getKey());
                String origin = e.getKey().equals("prefix") || e.getKey().equals("grub_platform") ? "set by GRUB"
                        : "from " + e.getKey() + " in grubenv";
                vars.values.put(e.getKey(), new Value(e.getValue(), exported, origin, false));
            }
            // read_config_file names the file it reads, exported (grub-emu: a configfile's menu sees grub.cfg's name)
            String prefix = env.get("prefix");
            if (prefix != null) {
                vars.values.put("config_file", new Value(prefix + "/grub.cfg", true, "set by GRUB", false));
                vars.values.put("config_directory", new Value(prefix, true, "set by GRUB", false));
            }
        }
        return vars;
    }

    /** A copy, for evaluating a menu entry body without touching the menu's own context. */
    Variables copy() {
        return new Variables(new HashMap<>(values));
    }

    /** The context a submenu body runs in: GRUB's grub_env_context_open copies only exported variables. */
    Variables newContext() {
        Map<String, Value> exported = new HashMap<>();
        values.forEach((name, value) -> {
            if (value.exported()) {
                exported.put(name, value);
            }
        });
        return new Variables(exported);
    }

    Value lookup(String name) {
        return values.get(name);
    }

    String get(String name) {
        Value v = values.get(name);
        return v == null ? null : v.text();
    }

    void set(String name, String text, String origin, boolean uncertain) {
        Value old = values.get(name);
        values.put(name, new Value(text, old != null && old.exported(), origin, uncertain));
    }

    void unset(String name) {
        values.remove(name);
    }

    /** GRUB's export creates the variable (empty) when it does not exist yet. */
    void export(String name) {
        Value old = values.get(name);
        values.put(name, old == null ? new Value("", true, "exported empty", false)
                : new Value(old.text(), true, old.origin(), old.uncertain()));
    }
}
