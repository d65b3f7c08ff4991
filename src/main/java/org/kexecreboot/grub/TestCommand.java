package org.kexecreboot.grub;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * GRUB's {@code test} / {@code [ … ]} (grub-core/commands/test.c), evaluated without touching any disk.
 *
 * <p>GRUB has no operator precedence: it reads left to right, {@code -a}/{@code -o} only decide whether the next
 * result is discarded, {@code !} inverts the next result, and parentheses recurse. That loop is reproduced here
 * with an explicit stack instead of recursion. File tests (-d -e -f -s, -nt, -ot) and the prefix-number compares
 * (-pgt, -plt) cannot be decided statically: they yield UNKNOWN, which a later {@code -o}/{@code -a} may still
 * discard, exactly as GRUB would discard their value.
 */
final class TestCommand {
    private TestCommand() {
    }

    /** State of one parenthesis level, as the locals of GRUB's test_parse. */
    private static final class Level {
        Status result = Status.FALSE;
        boolean discard;
        boolean invert;

        void update(Status value) {
            if (!discard) {
                result = invert ? value.invert() : value;
            }
            invert = false;
            discard = false;
        }
    }

    static Status evaluate(List<String> args) {
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
                Status unary = unary(a, args.get(i + 1));
                if (unary != null) {
                    level.update(unary);
                    i += 2;
                    continue;
                }
            }
            switch (a) {
                case ")" -> {
                    if (outer.isEmpty()) {
                        return level.result; // GRUB's outermost test_parse returns here, ignoring the rest
                    }
                    Status inner = level.result;
                    level = outer.pop();
                    level.update(inner);
                }
                case "(" -> {
                    outer.push(level);
                    level = new Level();
                }
                case "!" -> level.invert = !level.invert;
                case "-a" -> level.discard = level.result == Status.FALSE;
                case "-o" -> level.discard = level.result == Status.TRUE;
                default -> level.update(Status.of(!a.isEmpty()));
            }
            i++;
        }
        while (!outer.isEmpty()) {
            Status inner = level.result;
            level = outer.pop();
            level.update(inner);
        }
        return level.result;
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

    private static Status unary(String op, String operand) {
        return switch (op) {
            case "-d", "-e", "-f", "-s" -> Status.UNKNOWN;
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
