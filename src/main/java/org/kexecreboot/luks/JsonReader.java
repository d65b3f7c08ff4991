package org.kexecreboot.luks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON text (RFC 8259) into String, Boolean, Long, Double, null, List and Map (keys in
 * their order; a repeated key keeps its last value, as libcryptsetup's json-c does). For what a LUKS2
 * header and a clevis JWE carry: text a disk holds, bounded by the caller, read at shutdown, so the
 * nesting is bounded too (a header of 4 MiB of '[' must not overflow the stack). Own code, not a
 * library: the jar starts at every reboot, and this is all the JSON it reads.
 */
final class JsonReader {

    /** Levels of arrays and objects, far more than any LUKS2 header or JWE (tokens → token → jwe is 3). */
    static final int MAX_DEPTH = 64;

    /** The text is not JSON, or nests deeper than {@link #MAX_DEPTH}. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    private final String text;
    private int at;

    private JsonReader(String text) {
        this.text = text;
    }

    /** The one value of {@code text}, with nothing but white space around it. */
    static Object read(String text) throws Malformed {
        JsonReader reader = new JsonReader(text);
        Object value = reader.value(0);
        reader.space();
        if (reader.at != text.length()) {
            throw reader.malformed("text after the value");
        }
        return value;
    }

    private Malformed malformed(String what) {
        return new Malformed(what + " at offset " + at);
    }

    private void space() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private Object value(int depth) throws Malformed {
        if (depth >= MAX_DEPTH) {
            throw malformed("nested deeper than " + MAX_DEPTH);
        }
        space();
        if (at >= text.length()) {
            throw malformed("end of text where a value belongs");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw malformed("unexpected '" + c + "'");
        }
    }

    private Object literal(String word, Object value) throws Malformed {
        if (!text.startsWith(word, at)) {
            throw malformed("not " + word);
        }
        at += word.length();
        return value;
    }

    private Map<String, Object> object(int depth) throws Malformed {
        Map<String, Object> object = new LinkedHashMap<>();
        at++;
        space();
        if (at < text.length() && text.charAt(at) == '}') {
            at++;
            return object;
        }
        while (true) {
            space();
            if (at >= text.length() || text.charAt(at) != '"') {
                throw malformed("a member's name must be a string");
            }
            String name = string();
            space();
            expect(':');
            Object value = value(depth + 1);
            object.remove(name);
            object.put(name, value);
            space();
            if (at < text.length() && text.charAt(at) == ',') {
                at++;
                continue;
            }
            expect('}');
            return object;
        }
    }

    private List<Object> array(int depth) throws Malformed {
        List<Object> array = new ArrayList<>();
        at++;
        space();
        if (at < text.length() && text.charAt(at) == ']') {
            at++;
            return array;
        }
        while (true) {
            array.add(value(depth + 1));
            space();
            if (at < text.length() && text.charAt(at) == ',') {
                at++;
                continue;
            }
            expect(']');
            return array;
        }
    }

    private void expect(char c) throws Malformed {
        if (at >= text.length() || text.charAt(at) != c) {
            throw malformed("'" + c + "' expected");
        }
        at++;
    }

    private String string() throws Malformed {
        at++; // the opening quote
        StringBuilder s = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw malformed("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return s.toString();
            }
            if (c < 0x20) {
                throw malformed("a control character in a string");
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw malformed("unterminated escape");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw malformed("short \\u escape");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(at++), 16);
                        if (digit < 0) {
                            throw malformed("bad \\u escape");
                        }
                        code = code * 16 + digit;
                    }
                    s.append((char) code);
                }
                default -> throw malformed("bad escape \\" + e);
            }
        }
    }

    private Object number() throws Malformed {
        int start = at;
        if (text.charAt(at) == '-') {
            at++;
        }
        if (at < text.length() && text.charAt(at) == '0') {
            at++;
        } else if (!digits()) {
            throw malformed("a number needs digits");
        }
        boolean integral = true;
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            integral = false;
            if (!digits()) {
                throw malformed("digits expected after '.'");
            }
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            integral = false;
            if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
                at++;
            }
            if (!digits()) {
                throw malformed("digits expected in the exponent");
            }
        }
        String number = text.substring(start, at);
        if (integral) {
            try {
                return Long.valueOf(number);
            } catch (NumberFormatException e) {
                // Beyond a long: the rules compare small integers only, a double is as good as any.
            }
        }
        return Double.valueOf(number);
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at > start;
    }
}
