package org.kexecreboot.cli;

import java.util.List;
import java.util.Map;

/**
 * The JSON of `plan --json`, `status --json` and `last --json`: one object on one line (RFC 8259). Values are
 * String, Boolean, Integer, Long, null, a List or a Map with String keys (kept in their order). Strings
 * are escaped as JSON requires (quote, backslash, every control character); other characters are
 * written as they are, as UTF-8 by the caller's stream, except a lone surrogate (from a file name
 * that was not UTF-8), written as its \\u escape. Own code, not a library: the jar starts at every
 * reboot, and this is all the JSON it writes.
 */
final class Json {

    private Json() {
    }

    static String write(Map<String, ?> object) {
        StringBuilder json = new StringBuilder(512);
        value(object, json);
        return json.toString();
    }

    private static void value(Object value, StringBuilder json) {
        if (value == null) {
            json.append("null");
        } else if (value instanceof String s) {
            string(s, json);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            json.append(value);
        } else if (value instanceof List<?> list) {
            json.append('[');
            for (int i = 0; i < list.size(); i++) {
                json.append(i == 0 ? "" : ",");
                value(list.get(i), json);
            }
            json.append(']');
        } else if (value instanceof Map<?, ?> map) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.append(first ? "" : ",");
                first = false;
                string((String) entry.getKey(), json);
                json.append(':');
                value(entry.getValue(), json);
            }
            json.append('}');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    static void string(String s, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pair) {
                        json.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
