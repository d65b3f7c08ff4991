package org.kexecreboot.grub;

import java.util.ArrayList;
import java.util.List;

/**
 * Follows the "default" variable the way GRUB's normal mode does (grub-core/normal/menu.c, GRUB 2.06):
 *
 * <ol>
 *   <li>get_entry_number: grub_strtoul(default) — a value starting with digits is an index (trailing text such as
 *       "&gt;2" is ignored); a value without leading digits is compared with each item's title, then id, up to the
 *       first unescaped '&gt;' ("&gt;&gt;" stands for a literal '&gt;'); nothing found, or an index out of range, means
 *       item 0;</li>
 *   <li>grub_menu_execute_entry: "default" loses its first component (or is unset when there is none) before the
 *       chosen item runs;</li>
 *   <li>a chosen submenu — whether named by the path or reached as item 0 — opens a new context holding only the
 *       exported variables, runs its body to build the inner menu and, since the outer menu was auto-booting,
 *       boots the inner default the same way (timeout is set to 0). So a default naming a submenu itself boots
 *       that submenu's first entry;</li>
 *   <li>configfile — in grub.cfg, a submenu's body or the chosen entry's body — whose file has menu entries shows
 *       that menu at once (grub_cmd_source, grub_normal_execute): the resolver goes on in it, as in a submenu.</li>
 * </ol>
 */
final class DefaultResolver {
    private DefaultResolver() {
    }

    private record Selection(int index, String how) {
    }

    static GrubChoice resolve(List<MenuItem> grubCfgMenu, Variables grubCfgVars, ScriptRun run) throws GrubConfigException {
        List<MenuItem> topMenu = grubCfgMenu;
        Variables topVars = grubCfgVars;
        String via = "";
        if (run.shown != null) {
            // grub.cfg ran configfile, whose menu GRUB showed at once: that menu is the one GRUB boots from
            via = "configfile " + run.shown.file() + " shows its menu; ";
            topMenu = run.shown.menu();
            topVars = run.shown.vars();
            run.shown = null;
        }
        Variables.Value def = topVars.lookup("default");
        String head = def == null ? "default is not set"
                : def.text().isEmpty() ? "default is empty"
                : "default=\"" + def.text() + "\" (" + def.origin() + ")";
        List<String> steps = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<MenuItem> menu = topMenu;
        Variables vars = topVars;
        String chosen;
        while (true) {
            String value = vars.get("default");
            Selection selection = select(menu, value);
            MenuItem item = menu.get(selection.index());
            titles.add(item.title());
            steps.add((item instanceof MenuItem.Submenu ? "submenu " : "entry ") + selection.how());
            String rest = afterFirstComponent(value);
            // grub_menu_execute_entry: chosen = the chosen ids so far, joined by '>' ('>' in an id doubled), exported
            String outerChosen = vars.get("chosen");
            chosen = (outerChosen == null ? "" : outerChosen + ">") + item.id().replace(">", ">>");
            if (item instanceof MenuItem.Submenu submenu) {
                Variables inner = vars.newContext();
                setChosen(inner, chosen);
                setDefault(inner, rest, def);
                ScriptEvaluator evaluator = new ScriptEvaluator(inner, submenu.arguments(), run);
                evaluator.run(submenu.body());
                ScriptRun.Configfile shown = takeShown(run, steps);
                if (shown != null) {
                    menu = shown.menu();
                    vars = shown.vars();
                    continue;
                }
                if (evaluator.menu().isEmpty()) {
                    throw Lexer.error(submenu.line(), "submenu '" + submenu.title() + "', chosen by default, has no menu entries");
                }
                menu = evaluator.menu();
                vars = inner;
                continue;
            }
            Variables entryVars = vars.copy();
            setChosen(entryVars, chosen);
            setDefault(entryVars, rest, def);
            ScriptEvaluator evaluator = new ScriptEvaluator(entryVars, item.arguments(), run);
            evaluator.run(item.body());
            ScriptRun.Configfile shown = takeShown(run, steps); // the entry ran configfile
            if (shown != null) {
                menu = shown.menu();
                vars = shown.vars();
                continue;
            }
            return evaluator.boot().toChoice(String.join(">", titles), via + head + ": " + String.join(", then ", steps),
                    run.saved(), run.own);
        }
    }

    /**
     * The menu a configfile showed while the chosen item ran, now taken (GRUB shows it, nested, and boots its
     * default), with the step said; null when none was.
     */
    private static ScriptRun.Configfile takeShown(ScriptRun run, List<String> steps) {
        ScriptRun.Configfile shown = run.shown;
        if (shown != null) {
            steps.add("configfile " + shown.file());
            run.shown = null;
        }
        return shown;
    }

    private static void setChosen(Variables vars, String chosen) {
        vars.set("chosen", chosen, "the chosen entry", false);
        vars.export("chosen");
    }

    private static void setDefault(Variables vars, String rest, Variables.Value original) {
        if (rest == null) {
            vars.unset("default");
        } else {
            vars.set("default", rest, original == null ? "rest of default" : original.origin(), false);
        }
    }

    /** get_entry_number plus the range check of run_menu. */
    private static Selection select(List<MenuItem> menu, String value) {
        if (value == null || value.isEmpty() && !anyMatches(menu, value)) {
            return new Selection(0, "0");
        }
        GrubNumbers.Parsed number = GrubNumbers.parseUnsigned(value);
        switch (number.kind()) {
            case NUMBER -> {
                int index = (int) number.value(); // GRUB casts the unsigned long to int
                if (index < 0 || index >= menu.size()) {
                    return new Selection(0, "0 (index " + Long.toUnsignedString(number.value()) + " is out of range)");
                }
                return new Selection(index, "index " + index);
            }
            case OVERFLOW -> {
                return new Selection(0, "0 (number too large)");
            }
            default -> {
                for (int i = 0; i < menu.size(); i++) {
                    MenuItem item = menu.get(i);
                    if (componentEquals(item.title(), value)) {
                        return new Selection(i, "title");
                    }
                    if (componentEquals(item.id(), value)) {
                        return new Selection(i, "id");
                    }
                }
                return new Selection(0, "0 ('" + firstComponent(value) + "' matches no title or id)");
            }
        }
    }

    private static boolean anyMatches(List<MenuItem> menu, String value) {
        for (MenuItem item : menu) {
            if (componentEquals(item.title(), value) || componentEquals(item.id(), value)) {
                return true;
            }
        }
        return false;
    }

    /** menuentry_eq: does {@code name} equal the first '>'-separated component of {@code spec}? */
    static boolean componentEquals(String name, String spec) {
        int i = 0;
        int j = 0;
        while (true) {
            char s = j < spec.length() ? spec.charAt(j) : 0;
            char s1 = j + 1 < spec.length() ? spec.charAt(j + 1) : 0;
            boolean nameEnded = i >= name.length();
            if (s == '>' && s1 != '>') {
                return nameEnded;
            }
            if (s == '>') {
                j++; // ">>" is an escaped '>'
                s = '>';
            }
            boolean specEnded = j >= spec.length();
            if (nameEnded || specEnded) {
                return nameEnded && specEnded;
            }
            if (name.charAt(i) != s) {
                return false;
            }
            i++;
            j++;
        }
    }

    /** What grub_menu_execute_entry leaves in "default" for the next level: null when it unsets it. */
    static String afterFirstComponent(String value) {
        if (value == null) {
            return null;
        }
        int i = 0;
        while (i < value.length()) {
            if (value.charAt(i) == '>') {
                if (i + 1 < value.length() && value.charAt(i + 1) == '>') {
                    i += 2;
                    continue;
                }
                break;
            }
            i++;
        }
        return i + 1 < value.length() ? value.substring(i + 1) : null;
    }

    private static String firstComponent(String value) {
        int i = 0;
        StringBuilder sb = new StringBuilder();
        while (i < value.length() && sb.length() < 200) {
            char c = value.charAt(i);
            if (c == '>') {
                if (i + 1 < value.length() && value.charAt(i + 1) == '>') {
                    sb.append('>');
                    i += 2;
                    continue;
                }
                break;
            }
            sb.append(c);
            i++;
        }
        return sb.toString();
    }
}
