package org.kexecreboot.grub;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns written words into arguments as grub_script_arglist_to_argv (grub-core/script/execute.c) does:
 *
 * <ul>
 *   <li>quoted variables ({@code "$x"}) are inserted as they are;</li>
 *   <li>unquoted variables are split on whitespace by grub_script_argv_split_append: leading blanks are dropped, the
 *       first field joins the text before it, every further field starts a new argument, and trailing blanks do
 *       <em>not</em> end the argument (so {@code $v"y"} with v="a " gives "ay", unlike a POSIX shell);</li>
 *   <li>an argument that ends up with nothing in it (e.g. an unset unquoted variable) disappears, while a quoted
 *       empty string stays as an empty argument.</li>
 * </ul>
 *
 * <p>All expansions share one {@link Budget}, so scripts like {@code set a="$a$a"} repeated cannot make the run
 * super-linear or exhaust memory.
 */
final class Expander {

    /** Upper bound on characters produced by variable expansion during one resolve() call. */
    static final class Budget {
        static final long LIMIT = 1024L * 1024;
        private long used;

        void spend(int chars, int line) throws GrubConfigException {
            used += chars;
            if (used > LIMIT) {
                throw Lexer.error(line, "variable expansion produces more than 1 MiB of text");
            }
        }
    }

    /** Expanded arguments, plus whether any of them depends on an uncertain value. */
    record Arguments(List<String> words, boolean uncertain) {
        Arguments {
            words = List.copyOf(words);
        }
    }

    private final Variables vars;
    private final List<String> positional;
    private final Budget budget;

    Expander(Variables vars, List<String> positional, Budget budget) {
        this.vars = vars;
        this.positional = List.copyOf(positional);
        this.budget = budget;
    }

    Arguments expand(List<Word> words) throws GrubConfigException {
        List<String> out = new ArrayList<>();
        boolean uncertain = false;
        for (Word word : words) {
            StringBuilder current = null; // null = this argument has nothing in it yet
            for (Word.Part part : word.parts()) {
                if (part instanceof Word.Literal lit) {
                    if (lit.quoted() || !lit.text().isEmpty()) {
                        current = (current == null ? new StringBuilder() : current).append(lit.text());
                    }
                    continue;
                }
                Word.Variable var = (Word.Variable) part;
                Variables.Value value = valueOf(var.name());
                // (an uncertain value that is empty here may not be at boot: the words depend on it all the same)
                uncertain |= value != null && value.uncertain();
                if (value == null || value.text().isEmpty()) {
                    continue; // GRUB appends nothing for empty values, quoted or not
                }
                String text = value.text();
                budget.spend(text.length(), word.line());
                if (var.quoted()) {
                    current = (current == null ? new StringBuilder() : current).append(text);
                } else {
                    current = appendSplit(text, current, out);
                }
            }
            if (current != null) {
                out.add(current.toString());
            }
        }
        return new Arguments(out, uncertain);
    }

    /** grub_script_argv_split_append; returns the argument still being built. */
    private static StringBuilder appendSplit(String text, StringBuilder current, List<String> out) {
        int i = 0;
        int n = text.length();
        while (i < n && isSpace(text.charAt(i))) {
            i++;
        }
        while (i < n) {
            int start = i;
            while (i < n && !isSpace(text.charAt(i))) {
                i++;
            }
            current = (current == null ? new StringBuilder() : current).append(text, start, i);
            while (i < n && isSpace(text.charAt(i))) {
                i++;
            }
            if (i < n) {
                out.add(current.toString());
                current = null;
            }
        }
        return current;
    }

    /** grub_isspace. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private Variables.Value valueOf(String name) {
        char first = name.charAt(0);
        if (first >= '0' && first <= '9') {
            // Positional parameters: a menu entry body sees the menuentry arguments after its title as $1, $2 …
            int index = parseSmallIndex(name);
            return index >= 1 && index <= positional.size()
                    ? new Variables.Value(positional.get(index - 1), false, "argument", false) : null;
        }
        return switch (name) {
            case "#" -> new Variables.Value(Integer.toString(positional.size()), false, "argument count", false);
            case "*", "@" -> new Variables.Value(String.join(" ", positional), false, "arguments", false);
            default -> vars.lookup(name);
        };
    }

    private static int parseSmallIndex(String digits) {
        if (digits.length() > 6) {
            return -1;
        }
        return Integer.parseInt(digits);
    }
}
