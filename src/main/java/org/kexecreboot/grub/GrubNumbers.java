package org.kexecreboot.grub;

/** GRUB's number parsing (grub_strtoull in grub-core/kern/misc.c), which decides how "default" is read. */
final class GrubNumbers {
    private GrubNumbers() {
    }

    /** Outcome of grub_strtoul(value, NULL, 0). */
    enum Kind { NUMBER, NOT_A_NUMBER, OVERFLOW }

    record Parsed(Kind kind, long value, int end) {
    }

    /**
     * Like grub_strtoull with base 0: skips leading whitespace, "0x" means hex, a leading 0 followed by an octal
     * digit means octal, then reads digits and stops at the first non-digit. Trailing text is NOT an error — which is
     * why GRUB reads default="1>2" as entry 1 of the top menu.
     */
    static Parsed parseUnsigned(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Expander.isSpace(s.charAt(i))) {
            i++;
        }
        int base = 10;
        if (i < n && s.charAt(i) == '0') {
            if (i + 1 < n && s.charAt(i + 1) == 'x') {
                base = 16;
                i += 2;
            } else if (i + 1 < n && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '7') {
                base = 8;
            }
        }
        long num = 0;
        boolean found = false;
        while (i < n) {
            int digit = Character.digit(s.charAt(i), base);
            if (digit < 0 || s.charAt(i) > 'z') {
                break;
            }
            found = true;
            // num * base + digit must stay within 64 unsigned bits, as GRUB checks.
            if (Long.compareUnsigned(num, Long.divideUnsigned(-1L - digit, base)) > 0) {
                return new Parsed(Kind.OVERFLOW, 0, i);
            }
            num = num * base + digit;
            i++;
        }
        return found ? new Parsed(Kind.NUMBER, num, i) : new Parsed(Kind.NOT_A_NUMBER, 0, i);
    }

    /** A signed decimal/hex/octal number as the numeric test operators read it, or null when there is none. */
    static Long parseSigned(String s) {
        String t = s.strip();
        boolean negative = t.startsWith("-");
        Parsed p = parseUnsigned(negative ? t.substring(1) : t);
        if (p.kind() != Kind.NUMBER || p.value() < 0) {
            return null;
        }
        return negative ? -p.value() : p.value();
    }
}
