package org.kexecreboot.grub;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The matching of Ubuntu's hwmatch command (grub-core/commands/hwmatch.c in Ubuntu's GRUB): each line of the list
 * that is not empty and not a '#' comment is an extended regular expression, anchored at both ends, matched against
 * the ID string of every PCI function of the class asked for.
 */
final class Hwmatch {

    /** Ubuntu's gfxblacklist.txt is about 1 KiB; a list far larger is not one. */
    static final int MAX_LIST_BYTES = 64 * 1024;
    /**
     * Character reads the regular expressions may make, all lines and functions together: a few thousand for a real
     * list; a line that backtracks without end (nested repetitions) is stopped here, and the answer is "cannot tell".
     */
    static final long MAX_READS = 2_000_000;

    private Hwmatch() {
    }

    /**
     * Does a line of {@code list} match a function of base class {@code baseClass}? null when it cannot be told: the
     * functions are unknown, a line uses a POSIX bracket class ([:alpha:] …, which Java reads otherwise), or the
     * matching needed more than {@link #MAX_READS} reads. A line that does not compile is skipped, as regcomp's
     * failure is in GRUB.
     */
    static Boolean matches(String list, int baseClass, List<PciFunction> functions) {
        return matches(list, baseClass, functions, MAX_READS);
    }

    /** {@link #matches(String, int, List)} with another budget of character reads. */
    static Boolean matches(String list, int baseClass, List<PciFunction> functions, long maxReads) {
        if (functions == null) {
            return null;
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String raw : list.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            if (line.contains("[:") || line.contains("[=") || line.contains("[.")) {
                return null;
            }
            try {
                patterns.add(Pattern.compile("^" + line + "$"));
            } catch (PatternSyntaxException e) {
                // regcomp fails: GRUB skips the line
            }
        }
        long[] reads = {maxReads};
        try {
            for (PciFunction function : functions) {
                if (function.baseClass() != baseClass) {
                    continue;
                }
                for (Pattern pattern : patterns) {
                    if (pattern.matcher(new Counted(function.hwmatchId(), reads)).find()) {
                        return true;
                    }
                }
            }
        } catch (TooManyReads e) {
            return null;
        }
        return false;
    }

    /** grub_strtol (s, 0, 10) as hwmatch uses it: the leading decimal number, 0 when there is none. */
    static int decimal(String text) {
        int i = 0;
        boolean negative = false;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long value = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9' && value < Integer.MAX_VALUE) {
            value = value * 10 + (text.charAt(i) - '0');
            i++;
        }
        return (int) Math.min(Integer.MAX_VALUE, negative ? -value : value);
    }

    private static final class TooManyReads extends RuntimeException {
        TooManyReads() {
            super(null, null, false, false);
        }
    }

    /** The ID as the matcher reads it, every read taken from one budget (reads[0], what is left of it). */
    private static final class Counted implements CharSequence {
        private final String text;
        private final long[] reads;

        Counted(String text, long[] reads) {
            this.text = text;
            this.reads = reads;
        }

        @Override
        public char charAt(int index) {
            if (--reads[0] < 0) {
                throw new TooManyReads();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counted(text.substring(start, end), reads);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
