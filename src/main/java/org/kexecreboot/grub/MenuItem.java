package org.kexecreboot.grub;

import java.util.List;

/** One item of a GRUB menu, as the menuentry/submenu command registered it. */
sealed interface MenuItem permits MenuItem.Entry, MenuItem.Submenu {

    String title();

    /** The --id value, or the title when there is none (GRUB's grub_normal_add_menu_entry does the same). */
    String id();

    /**
     * The title and the arguments after it: the body sees them as $1, $2 … (grub_menu_execute_entry runs the body
     * with the entry's args, which start with the title; grub-emu boots {@code linux $1} of
     * {@code menuentry "t a" k2} as {@code linux t a}).
     */
    List<String> arguments();

    /** The body, run only when the item is chosen. */
    List<Statement> body();

    int line();

    record Entry(String title, String id, List<String> arguments, List<Statement> body, int line) implements MenuItem {
        public Entry {
            arguments = List.copyOf(arguments);
            body = List.copyOf(body);
        }
    }

    record Submenu(String title, String id, List<String> arguments, List<Statement> body, int line) implements MenuItem {
        public Submenu {
            arguments = List.copyOf(arguments);
            body = List.copyOf(body);
        }
    }

    /**
     * Reads menuentry/submenu arguments as GRUB's option parser does (grub-core/commands/menuentry.c options:
     * --class, --users, --hotkey, --source, --id take a value, as "--id x" or "--id=x"; --unrestricted takes none).
     * GRUB refuses the whole command on an unknown option or a missing title, so the item is then not added: null.
     */
    static MenuItem of(boolean submenu, List<String> args, List<Statement> body, int line) {
        String id = null;
        List<String> positional = new java.util.ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                positional.add(a);
                continue;
            }
            if (a.equals("--")) {
                optionsEnded = true;
                continue;
            }
            if (!a.startsWith("--")) {
                return null; // menuentry has no short options
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            switch (name) {
                case "class", "users", "hotkey", "source", "id" -> {
                    if (value == null) {
                        // grub_arg_parse takes the next word as the value only when it does not start with '-';
                        // else "missing mandatory option" (a RHEL 8 "--users $grub_users" with the variable unset)
                        if (i + 1 >= args.size() || args.get(i + 1).startsWith("-")) {
                            return null;
                        }
                        value = args.get(++i);
                    }
                    if (name.equals("id")) {
                        id = value;
                    }
                }
                case "unrestricted" -> {
                }
                default -> {
                    return null;
                }
            }
        }
        if (positional.isEmpty()) {
            return null;
        }
        String title = positional.get(0);
        List<String> rest = positional;
        String effectiveId = id == null ? title : id;
        return submenu ? new Submenu(title, effectiveId, rest, body, line) : new Entry(title, effectiveId, rest, body, line);
    }
}
