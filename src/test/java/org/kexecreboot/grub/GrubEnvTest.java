package org.kexecreboot.grub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class GrubEnvTest {

    private static byte[] block(String body) {
        String s = "# GRUB Environment Block\n" + body;
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < 1024) {
            sb.append('#');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsNameValueLinesAndIgnoresPadding() throws Exception {
        Map<String, String> env = GrubEnv.parse(block("saved_entry=gnulinux-advanced-x>gnulinux-6.1.0-9\nnext_entry=\nrecordfail=1\n"));
        assertEquals(Map.of("saved_entry", "gnulinux-advanced-x>gnulinux-6.1.0-9", "next_entry", "", "recordfail", "1"), env);
    }

    @Test
    void unescapesBackslashAndNewline() throws Exception {
        Map<String, String> env = GrubEnv.parse(block("a=one\\\ntwo\nb=c:\\\\d=e\n"));
        assertEquals("one\ntwo", env.get("a"));
        assertEquals("c:\\d=e", env.get("b"));
    }

    @Test
    void refusesBadBlocks() {
        GrubConfigException noHeader = assertThrows(GrubConfigException.class,
                () -> GrubEnv.parse("saved_entry=0\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(noHeader.getMessage().contains("header"), noHeader.getMessage());
        byte[] binary = block("a=1\nb=\u0001\n");
        GrubConfigException bin = assertThrows(GrubConfigException.class, () -> GrubEnv.parse(binary));
        assertTrue(bin.getMessage().contains("line 3"), bin.getMessage());
        assertThrows(GrubConfigException.class, () -> GrubEnv.parse(new byte[65 * 1024]));
        assertThrows(GrubConfigException.class, () -> GrubEnv.parse(null));
        assertThrows(GrubConfigException.class, () -> GrubEnv.parse(block("no equals sign\n")));
    }

    @Test
    void randomBytesGiveOnlyConfigExceptions() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] data = block("x=" + i + "\n");
            for (int j = 0; j < 5; j++) {
                data[25 + random.nextInt(data.length - 25)] = (byte) random.nextInt(256);
            }
            try {
                GrubEnv.parse(data);
            } catch (GrubConfigException expected) {
                assertTrue(!expected.getMessage().contains("\n"));
            }
        }
    }

    private static String changed(String body, Map<String, String> changes) throws GrubConfigException {
        byte[] out = GrubEnv.withChanges(block(body), changes);
        assertEquals(1024, out.length, "the block keeps its size");
        return new String(out, StandardCharsets.UTF_8).replaceAll("#+$", "");
    }

    @Test
    void saveEnvChangesOnlyItsVariablesInPlace() throws Exception {
        Map<String, String> clear = new LinkedHashMap<>();
        clear.put("next_entry", "");
        assertEquals("# GRUB Environment Block\nsaved_entry=a\nnext_entry=\nrecordfail=1\n",
                changed("saved_entry=a\nnext_entry=1>x\nrecordfail=1\n", clear));
        Map<String, String> add = new LinkedHashMap<>();
        add.put("saved_entry", "s>b\\c");
        assertEquals("# GRUB Environment Block\n# a comment\nz=1\nsaved_entry=s>b\\\\c\n",
                changed("# a comment\nz=1\n", add));
        Map<String, String> delete = new LinkedHashMap<>();
        delete.put("z", null);
        assertEquals("# GRUB Environment Block\ny=2\n", changed("z=1\ny=2\n", delete));
    }

    @Test
    void changesThatDoNotFitAreRefused() {
        Map<String, String> big = Map.of("saved_entry", "x".repeat(1100));
        assertThrows(GrubConfigException.class, () -> GrubEnv.withChanges(block(""), big));
        assertThrows(GrubConfigException.class, () -> GrubEnv.withChanges("garbage".getBytes(), Map.of("a", "b")));
    }
}
