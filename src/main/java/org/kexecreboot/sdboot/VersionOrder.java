package org.kexecreboot.sdboot;

/**
 * The version order of the UAPI Group's version format specification, as systemd compares versions
 * (strverscmp_improved): what systemd-boot sorts its entries' versions and ids by, newest first.
 *
 * <p>A string is cut into segments, each numeric or alphabetic, each maybe prefixed: {@code ~} (a
 * pre-release, older than anything), {@code -} (version from release), {@code ^} (a patched release,
 * newer than {@code -}), {@code .} (a point release). Numbers compare as numbers (6.12.9 after
 * 6.9.0, 007 as 7), a numeric segment is newer than an alphabetic one, the longer of two strings is
 * newer, and every other character is only a separator. Not {@code strverscmp(3)} and not dpkg's
 * order: 6.1.0-10 after 6.1.0-9 in all three, but {@code 123a} is newer than {@code 123.a} here.
 */
final class VersionOrder {

    private VersionOrder() {
    }

    /** Negative when a is older than b, positive when newer, 0 when the same version; null counts as "". */
    static int compare(String a, String b) {
        String x = a == null ? "" : a;
        String y = b == null ? "" : b;
        int i = 0;
        int j = 0;
        for (;;) {
            while (i < x.length() && !versionChar(x.charAt(i))) {
                i++;
            }
            while (j < y.length() && !versionChar(y.charAt(j))) {
                j++;
            }
            char p = at(x, i);
            char q = at(y, j);
            if (p == '~' || q == '~') {
                int r = Boolean.compare(p != '~', q != '~');
                if (r != 0) {
                    return r;
                }
                p = at(x, ++i);
                q = at(y, ++j);
            }
            if (p == 0 || q == 0) {
                return Integer.signum(Character.compare(p, q));
            }
            for (char prefix : PREFIXES) {
                if (p == prefix || q == prefix) {
                    int r = Boolean.compare(p != prefix, q != prefix);
                    if (r != 0) {
                        return r;
                    }
                    p = at(x, ++i);
                    q = at(y, ++j);
                }
            }
            int endX = i;
            int endY = j;
            if (digit(p) || digit(q)) {
                while (digit(at(x, endX))) {
                    endX++;
                }
                while (digit(at(y, endY))) {
                    endY++;
                }
                // An empty numeric segment (the other string has letters or has ended) is the older one.
                int r = Boolean.compare(endX != i, endY != j);
                if (r != 0) {
                    return r;
                }
                while (at(x, i) == '0') {
                    i++;
                }
                while (at(y, j) == '0') {
                    j++;
                }
                r = Integer.compare(endX - i, endY - j);
                if (r != 0) {
                    return r;
                }
                r = Integer.signum(x.substring(i, endX).compareTo(y.substring(j, endY)));
                if (r != 0) {
                    return r;
                }
            } else {
                while (alpha(at(x, endX))) {
                    endX++;
                }
                while (alpha(at(y, endY))) {
                    endY++;
                }
                int common = Math.min(endX - i, endY - j);
                int r = Integer.signum(x.substring(i, i + common).compareTo(y.substring(j, j + common)));
                if (r != 0) {
                    return r;
                }
                r = Integer.compare(endX - i, endY - j);
                if (r != 0) {
                    return r;
                }
            }
            i = endX;
            j = endY;
        }
    }

    /** The prefixes after {@code ~}, in the order systemd takes them. */
    private static final char[] PREFIXES = {'-', '^', '.'};

    /** The character at i, or 0 past the end (C's terminating NUL). */
    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean alpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean versionChar(char c) {
        return digit(c) || alpha(c) || c == '~' || c == '-' || c == '^' || c == '.';
    }
}
