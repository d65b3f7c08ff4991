package org.kexecreboot.grub;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and changes a GRUB environment block (/boot/grub/grubenv), as grub-core/lib/envblk.c does. */
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

    /**
     * The block after GRUB's save_env of these variables (grub_envblk_set / grub_envblk_delete): a variable already
     * there gets its new value in its own line, a new one is added after the last line, a null value deletes the
     * line; every other byte stays, and the '#' padding shrinks or grows so that the block keeps its size, as
     * GRUB (which writes the block in place) and grub-editenv keep it.
     *
     * @throws GrubConfigException when the block is not one {@link #parse} accepts, or the changes do not fit
     */
    public static byte[] withChanges(byte[] block, Map<String, String> changes) throws GrubConfigException {
        parse(block);
        String text = new String(block, StandardCharsets.UTF_8);
        int header = HEADER.length();
        int padding = text.length();
        while (padding > header && text.charAt(padding - 1) == '#') {
            padding--;
        }
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, header);
        Map<String, String> pending = new LinkedHashMap<>(changes);
        int pos = header;
        while (pos < padding) {
            int end = endOfLine(text, pos);
            String raw = text.substring(pos, Math.min(end, padding));
            int eq = raw.indexOf('=');
            String name = raw.isEmpty() || raw.charAt(0) == '#' || eq <= 0 ? null : unescape(raw.substring(0, eq));
            boolean newline = end < text.length() && end < padding;
            if (name != null && pending.containsKey(name)) {
                String value = pending.remove(name);
                if (value != null) {
                    out.append(escape(name)).append('=').append(escape(value)).append('\n');
                }
            } else {
                out.append(raw);
                if (newline) {
                    out.append('\n');
                }
            }
            pos = end + 1;
        }
        for (Map.Entry<String, String> e : pending.entrySet()) {
            if (e.getValue() != null) {
                out.append(escape(e.getKey())).append('=').append(escape(e.getValue())).append('\n');
            }
        }
        byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
        if (body.length > block.length) {
            throw new GrubConfigException("grubenv: the changed variables do not fit in its " + block.length + " bytes");
        }
        byte[] result = new byte[block.length];
        System.arraycopy(body, 0, result, 0, body.length);
        java.util.Arrays.fill(result, body.length, result.length, (byte) '#');
        return result;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '\n') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
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
