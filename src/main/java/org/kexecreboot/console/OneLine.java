package org.kexecreboot.console;

/**
 * A message as one console line: a newline, a carriage return, an escape sequence or any other
 * control character inside (from grub.cfg, a path, a variable) is shown escaped ({@code \n},
 * {@code \x1b}), never sent raw, so it can neither split the line nor drive the terminal.
 */
public final class OneLine {

    private OneLine() {
    }

    public static String escape(String text) {
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder line = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                line.append(c);
            } else if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c == '\t') {
                line.append("\\t");
            } else {
                line.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            }
        }
        return line.toString();
    }

    /** C0, DEL, C1, and the Unicode line and paragraph separators. */
    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
