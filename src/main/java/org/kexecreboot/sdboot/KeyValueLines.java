package org.kexecreboot.sdboot;

import java.util.ArrayList;
import java.util.List;

/**
 * The line format of loader.conf and of Type #1 entries, read as systemd-boot reads it
 * (line_get_key_value): a line per setting, leading and trailing blanks dropped, empty lines and
 * lines that start with {@code #} skipped, the key up to the first space or tab, the value after the
 * blanks that follow it, one pair of double quotes around the value dropped. A key with no value is
 * no setting. Keys repeat; what a repeat means is the reader's (the last title, every initrd).
 */
final class KeyValueLines {

    /** One setting. */
    record Line(String key, String value) {
    }

    private KeyValueLines() {
    }

    static List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int end = pos;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            String line = strip(text.substring(pos, end));
            pos = end + 1;
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int split = 0;
            while (split < line.length() && !blank(line.charAt(split))) {
                split++;
            }
            if (split == line.length()) {
                continue;
            }
            int value = split;
            while (value < line.length() && blank(line.charAt(value))) {
                value++;
            }
            String v = line.substring(value);
            if (v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
                v = v.length() == 1 ? "" : v.substring(1, v.length() - 1); // a lone quote: both ends at once
            }
            lines.add(new Line(line.substring(0, split), v));
        }
        return lines;
    }

    private static String strip(String line) {
        int from = 0;
        int to = line.length();
        while (from < to && blank(line.charAt(from))) {
            from++;
        }
        while (to > from && blank(line.charAt(to - 1))) {
            to--;
        }
        return line.substring(from, to);
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }
}
