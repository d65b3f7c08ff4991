package org.kexecreboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.ObjectMapper;

/** The JSON writer: what it writes is JSON a strict parser reads back to the same values. */
class JsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String roundTrip(String value) {
        String json = Json.write(Map.of("v", value));
        return MAPPER.readTree(json).get("v").asString();
    }

    @Test
    void quotesBackslashesAndEveryControlCharacterAreEscaped() {
        StringBuilder all = new StringBuilder("\"\\/");
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        all.append('\u007f');
        String json = Json.write(Map.of("v", all.toString()));
        assertEquals("{\"v\":\"\\\"\\\\/\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
                + "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b"
                + "\\u001c\\u001d\\u001e\\u001f\\u007f\"}", json);
        assertEquals(all.toString(), roundTrip(all.toString()));
    }

    @Test
    void nonAsciiIsWrittenAsItIs() {
        assertEquals("{\"v\":\"Grüße 🐧\"}", Json.write(Map.of("v", "Grüße 🐧")));
        assertEquals("Grüße 🐧", roundTrip("Grüße 🐧"));
    }

    @Test
    void aLoneSurrogateIsEscaped() {
        assertEquals("{\"v\":\"a\\ud800b\\udc00\"}", Json.write(Map.of("v", "a\ud800b\udc00")));
    }

    @Test
    void valuesOfEveryKindInTheirOrder() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("n", 1);
        object.put("t", true);
        object.put("z", null);
        object.put("l", Arrays.asList("a", null, false));
        object.put("o", Map.of("k", "v"));
        object.put("e", java.util.List.of());
        assertEquals("{\"n\":1,\"t\":true,\"z\":null,\"l\":[\"a\",null,false],\"o\":{\"k\":\"v\"},\"e\":[]}",
                Json.write(object));
    }
}
