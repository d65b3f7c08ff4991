package org.kexecreboot.luks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The JSON reader of LUKS2 metadata: RFC 8259, bounded nesting; Jackson (test scope) as the oracle. */
class JsonReaderTest {

    @Test
    void readsEveryKindOfValue() throws Exception {
        Object json = JsonReader.read(" {\"a\": [1, -2, 3.5, 1e3, true, false, null], \"b\": {\"c\": \"d\"}, \"\": \"\"} ");
        assertEquals(Map.of("a", Arrays.asList(1L, -2L, 3.5, 1000.0, true, false, null), "b", Map.of("c", "d"), "", ""),
                json);
    }

    @Test
    void stringEscapesAsRfc8259() throws Exception {
        assertEquals("q\" b\\ s/ \b\f\n\r\t é \ud83d\ude00",
                JsonReader.read("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00\""));
    }

    @Test
    void aRepeatedKeyKeepsItsLastValue() throws Exception {
        assertEquals(Map.of("k", 2L), JsonReader.read("{\"k\":1,\"k\":2}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\" 1}", "{a:1}", "01", "1.", "-", "\"\\x\"", "\"\u0001\"", "tru",
        "[1] 2", "\"unterminated", "{\"a\":1,}", "\"\\u12\""})
    void malformedTextIsRefused(String text) {
        assertThrows(JsonReader.Malformed.class, () -> JsonReader.read(text));
    }

    @Test
    void nestingIsBounded() throws Exception {
        String deep = "[".repeat(JsonReader.MAX_DEPTH + 1) + "]".repeat(JsonReader.MAX_DEPTH + 1);
        JsonReader.Malformed e = assertThrows(JsonReader.Malformed.class, () -> JsonReader.read(deep));
        assertTrue(e.getMessage().contains("nested deeper than 64"), e.getMessage());
        String within = "[".repeat(JsonReader.MAX_DEPTH) + "]".repeat(JsonReader.MAX_DEPTH);
        assertTrue(JsonReader.read(within) instanceof List<?>);
        // 4 MiB of '[' (a JSON area's largest) is refused, not a stack overflow.
        assertThrows(JsonReader.Malformed.class, () -> JsonReader.read("[".repeat(4 << 20)));
    }

    /** Every header the real tools made reads as Jackson reads it. */
    @ParameterizedTest
    @ValueSource(strings = {"passphrase-only", "tpm2-pcrs-7", "tpm2-pcrs-7-11", "tpm2-signed-11", "clevis-tpm2-7-9",
        "clevis-sss"})
    void realHeadersReadAsJacksonReadsThem(String name) throws Exception {
        String text = jsonArea(name);
        assertSame(new ObjectMapper().readTree(text), JsonReader.read(text));
    }

    static String jsonArea(String name) throws IOException {
        try (InputStream in = JsonReaderTest.class.getResourceAsStream("/luks/" + name + ".hdr")) {
            byte[] header = in.readAllBytes();
            int end = 4096;
            while (header[end] != 0) {
                end++;
            }
            return new String(header, 4096, end - 4096, StandardCharsets.UTF_8);
        }
    }

    private static void assertSame(JsonNode expected, Object actual) {
        if (expected.isObject()) {
            Map<?, ?> map = (Map<?, ?>) actual;
            assertEquals(expected.size(), map.size());
            for (Map.Entry<String, JsonNode> field : expected.properties()) {
                assertSame(field.getValue(), map.get(field.getKey()));
            }
        } else if (expected.isArray()) {
            List<?> list = (List<?>) actual;
            assertEquals(expected.size(), list.size());
            for (int i = 0; i < list.size(); i++) {
                assertSame(expected.get(i), list.get(i));
            }
        } else if (expected.isString()) {
            assertEquals(expected.stringValue(), actual);
        } else if (expected.isIntegralNumber()) {
            assertEquals(expected.longValue(), actual);
        } else if (expected.isBoolean()) {
            assertEquals(expected.booleanValue(), actual);
        } else if (expected.isNull()) {
            assertEquals(null, actual);
        } else {
            assertEquals(expected.doubleValue(), actual);
        }
    }
}
