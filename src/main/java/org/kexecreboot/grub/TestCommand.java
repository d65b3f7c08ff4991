package org.kexecreboot.grub;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * GRUB's {@code test} / {@code [ … ]} (grub-core/commands/test.c), evaluated without touching any disk.
 *
 * <p>GRUB has no operator precedence. Each level of parentheses keeps two values, {@code and} (starting true) and
 * {@code or} (starting false): every test result is and-ed into {@code and} (inverted first after an odd number of
 * {@code !}), {@code -a} does nothing, {@code -o} moves {@code and} into {@code or} and starts {@code and} afresh,
 * and the level's value is {@code or || and}. So an empty test ({@code [ ]}, {@code [ ${unset} ]}) is true, and
 * {@code [ -f /missing -a x = x ]} is false. Values are three-valued here: a file test (-d -e -f -s, -nt, -ot) or
 * a prefix-number compare (-pgt, -plt) is UNKNOWN unless the caller can answer the file test, and UNKNOWN and-ed with false is still false, or-ed with true
 * still true (Kleene's logic), so a test is decided whenever GRUB's value does not depend on the unknown part.
 * The loop is GRUB's, with an explicit stack instead of recursion.
 */
final class TestCommand {
    private TestCommand() {
    }

    /** The locals of one test_parse call in GRUB. */
    private static final class Level {
        Status and = Status.TRUE;
        Status or = Status.FALSE;
        boolean invert;

        void update(Status value) {
            and = and(and, invert ? value.invert() : value);
            invert = false;
        }

        Status value() {
            return or(or, and);
        }
    }

    static Status and(Status a, Status b) {
        if (a == Status.FALSE || b == Status.FALSE) {
            return Status.FALSE;
        }
        return a == Status.TRUE && b == Status.TRUE ? Status.TRUE : Status.UNKNOWN;
    }

    static Status or(Status a, Status b) {
        if (a == Status.TRUE || b == Status.TRUE) {
            return Status.TRUE;
        }
        return a == Status.FALSE && b == Status.FALSE ? Status.FALSE : Status.UNKNOWN;
    }

    /** Answers one file test (-d -e -f -s) on a path as GRUB would, or UNKNOWN. */
    interface FileTest {
        FileTest UNKNOWN = (op, path) -> Status.UNKNOWN;

        Status test(String op, String path);
    }

    static Status evaluate(List<String> args) {
        return evaluate(args, FileTest.UNKNOWN);
    }

    static Status evaluate(List<String> args, FileTest files) {
        Deque<Level> outer = new ArrayDeque<>();
        Level level = new Level();
        int n = args.size();
        int i = 0;
        while (i < n) {
            String a = args.get(i);
            if (i + 2 < n) {
                Status binary = binary(a, args.get(i + 1), args.get(i + 2));
                if (binary != null) {
                    level.update(binary);
                    i += 3;
                    continue;
                }
            }
            if (i + 1 < n) {
                Status unary = unary(a, args.get(i + 1), files);
                if (unary != null) {
                    level.update(unary);
                    i += 2;
                    continue;
                }
            }
            switch (a) {
                case ")" -> {
                    if (outer.isEmpty()) {
                        return level.value(); // GRUB's outermost test_parse returns here, ignoring the rest
                    }
                    Status inner = level.value();
                    level = outer.pop();
                    level.update(inner);
                }
                case "(" -> {
                    outer.push(level);
                    level = new Level();
                }
                case "!" -> level.invert = !level.invert;
                case "-a" -> {
                    // and is the default
                }
                case "-o" -> {
                    level.or = or(level.or, level.and);
                    level.and = Status.TRUE;
                }
                default -> level.update(Status.of(!a.isEmpty()));
            }
            i++;
        }
        while (!outer.isEmpty()) {
            Status inner = level.value();
            level = outer.pop();
            level.update(inner);
        }
        return level.value();
    }

    private static Status binary(String left, String op, String right) {
        switch (op) {
            case "=", "==":
                return Status.of(left.equals(right));
            case "!=":
                return Status.of(!left.equals(right));
            case "<":
                return Status.of(left.compareTo(right) < 0);
            case "<=":
                return Status.of(left.compareTo(right) <= 0);
            case ">":
                return Status.of(left.compareTo(right) > 0);
            case ">=":
                return Status.of(left.compareTo(right) >= 0);
            case "-eq", "-ne", "-lt", "-le", "-gt", "-ge":
                return compareNumbers(left, op, right);
            case "-pgt", "-plt":
                return Status.UNKNOWN;
            default:
                // GRUB matches "-nt"/"-ot" by prefix (a bias may follow); both compare file times.
                return op.startsWith("-nt") || op.startsWith("-ot") ? Status.UNKNOWN : null;
        }
    }

    private static Status unary(String op, String operand, FileTest files) {
        return switch (op) {
            case "-d", "-e", "-f", "-s" -> files.test(op, operand);
            case "-n" -> Status.of(!operand.isEmpty());
            case "-z" -> Status.of(operand.isEmpty());
            default -> null;
        };
    }

    private static Status compareNumbers(String left, String op, String right) {
        Long a = GrubNumbers.parseSigned(left);
        Long b = GrubNumbers.parseSigned(right);
        if (a == null || b == null) {
            return Status.UNKNOWN;
        }
        int c = Long.compare(a, b);
        return Status.of(switch (op) {
            case "-eq" -> c == 0;
            case "-ne" -> c != 0;
            case "-lt" -> c < 0;
            case "-le" -> c <= 0;
            case "-gt" -> c > 0;
            default -> c >= 0;
        });
    }
}
