package org.kexecreboot.sdboot;

/**
 * How systemd-boot matches an entry id against {@code default} of loader.conf and the
 * LoaderEntryDefault, LoaderEntryOneShot and LoaderEntryLastBooted variables (efi_fnmatch): an
 * fnmatch(3) glob with {@code *}, {@code ?}, {@code [a-z]} sets and {@code \} escapes, no {@code !}
 * negation, no special slash; both sides already lower case. The first entry in menu order that
 * matches is the one.
 */
final class EntryPattern {

    /** systemd-boot stops recursing at this depth: a pattern of 32 runs of stars or more matches nothing. */
    static final int MAX_DEPTH = 32;

    private EntryPattern() {
    }

    static boolean matches(String pattern, String id) {
        // systemd-boot recurses once per run of stars, from depth 32: at the 32nd it answers "no match".
        int stars = 0;
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) == '\\') {
                i++;
            } else if (pattern.charAt(i) == '*' && (i == 0 || pattern.charAt(i - 1) != '*')) {
                stars++;
            }
        }
        if (stars >= MAX_DEPTH) {
            return false;
        }
        // The same answer as its recursion, found without it: back to the last star only, so a pattern of many
        // stars costs the product of the two lengths at most, never an exponential search.
        int p = 0;
        int h = 0;
        int starP = -1;
        int starH = -1;
        while (h <= id.length()) {
            int next = step(pattern, p, id, h);
            if (next == STAR) {
                while (at(pattern, p) == '*') {
                    p++;
                }
                starP = p;
                starH = h;
                continue;
            }
            if (next == DONE) {
                return true;
            }
            if (next >= 0) {
                p = next;
                h++;
                continue;
            }
            if (starP < 0 || starH >= id.length()) {
                return false;
            }
            p = starP;
            h = ++starH;
        }
        return false;
    }

    private static final int STAR = -2;
    private static final int DONE = -3;
    private static final int MISMATCH = -1;

    /**
     * One step of the pattern at p against the id's character at h: the index after the pattern element when it
     * matches that character, STAR at a star, DONE when both have ended, MISMATCH otherwise.
     */
    private static int step(String pattern, int p, String id, int h) {
        boolean idEnded = h >= id.length();
        if (p >= pattern.length()) {
            return idEnded ? DONE : MISMATCH;
        }
        char c = pattern.charAt(p);
        if (c == '*') {
            return STAR;
        }
        if (idEnded) {
            return MISMATCH;
        }
        switch (c) {
            case '\\':
                return p + 1 < pattern.length() && pattern.charAt(p + 1) == id.charAt(h) ? p + 2 : MISMATCH;
            case '?':
                return p + 1;
            case '[': {
                int end = set(pattern, p, id.charAt(h));
                return end < 0 ? MISMATCH : end + 1;
            }
            default:
                return c == id.charAt(h) ? p + 1 : MISMATCH;
        }
    }

    /**
     * The set that opens at p ({@code [}) against one character: the index of its closing {@code ]} when the
     * character is in it, else -1 (also for a set that never closes, which matches nothing).
     */
    private static int set(String pattern, int p, char wanted) {
        boolean matched = false;
        boolean first = true;
        for (int i = p + 1; i < pattern.length(); i++, first = false) {
            char low = pattern.charAt(i);
            if (low == ']' && !first) {
                return matched ? i : -1;
            }
            if (low == '\\') {
                if (++i >= pattern.length()) {
                    return -1;
                }
                low = pattern.charAt(i);
            }
            char high = low;
            if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                i += 2;
                high = pattern.charAt(i);
                if (high == '\\') {
                    if (++i >= pattern.length()) {
                        return -1;
                    }
                    high = pattern.charAt(i);
                }
            }
            if (wanted >= low && wanted <= high) {
                matched = true;
            }
        }
        return -1;
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }
}
