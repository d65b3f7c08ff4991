package org.kexecreboot.grub;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a GRUB environment block (/boot/grub/grubenv), as grub-core/lib/envblk.c does. */
public final class GrubEnv {
    static final String HEADER = "# GRUB Environment Block\n";
    public static final int MAX_SIZE = 64 * 1024;

    private GrubEnv() {
    }

    /**
     * Parses a grubenv block: the header line, then name=value lines, then '#' padding (normally to 1024 bytes).
     * grub-editenv escapes '\' and newline inside values with a backslash.
     *
     * @return the variables in file order (unmodifiable)
     * @throws GrubConfigException on a missing header, binary data or a block over 64 KiB
     */
    public static Map<String, String> parse(byte[] block) throws GrubConfigException {
        if (block == null) {
            throw new GrubConfigException("grubenv: no data");
        }
        if (block.length > MAX_SIZE) {
            throw new GrubConfigException("grubenv: " + block.length + " bytes, more than 64 KiB");
        }
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        if (block.length < header.length || !startsWith(block, header)) {
            throw new GrubConfigException("grubenv line 1: missing '# GRUB Environment Block' header");
        }
        int line = 1;
        for (byte b : block) {
            if (b == '\n') {
                line++;
            } else if ((b >= 0 && b < 0x20 && b != '\t' && b != '\r') || b == 0x7f) {
                throw new GrubConfigException("grubenv line " + line + ": binary data (byte 0x"
                        + String.format("%02x", b & 0xff) + ")");
            }
        }
        String text = new String(block, header.length, block.length - header.length, StandardCharsets.UTF_8);
        Map<String, String> vars = new LinkedHashMap<>();
        int pos = 0;
        line = 2;
        while (pos < text.length()) {
            int end = endOfLine(text, pos);
            int lineAtStart = line;
            line += countNewlines(text, pos, end) + 1;
            String raw = text.substring(pos, end);
            pos = end + 1;
            // '#' lines are comments and the padding; lines without '=' carry nothing GRUB would set.
            if (raw.isEmpty() || raw.charAt(0) == '#') {
                continue;
            }
            int eq = raw.indexOf('=');
            if (eq <= 0) {
                throw new GrubConfigException("grubenv line " + lineAtStart + ": not a name=value line");
            }
            vars.put(unescape(raw.substring(0, eq)), unescape(raw.substring(eq + 1)));
        }
        return Collections.unmodifiableMap(vars);
    }

    /** The end of a logical line: the first newline not escaped by a backslash. */
    private static int endOfLine(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                i += 2;
                continue;
            }
            if (c == '\n') {
                return i;
            }
            i++;
        }
        return text.length();
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static int countNewlines(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
