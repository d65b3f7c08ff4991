package org.kexecreboot.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrubEnvUpdateTest {

    @TempDir
    Path dir;

    private Path grubenv(String body) throws IOException {
        StringBuilder sb = new StringBuilder("# GRUB Environment Block\n" + body);
        while (sb.length() < 1024) {
            sb.append('#');
        }
        Path file = dir.resolve("grubenv");
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        return file;
    }

    @Test
    void writesOnlyThoseVariablesKeepsSizeAndPermissionsAndLeavesNoTemporaryFile() throws IOException {
        Path file = grubenv("saved_entry=x\nnext_entry=1>y\n");
        Map<String, String> writes = new HashMap<>();
        writes.put("next_entry", "");
        assertNull(new GrubEnvUpdate(file, writes).apply());
        String after = Files.readString(file);
        assertEquals(1024, after.length());
        assertTrue(after.startsWith("# GRUB Environment Block\nsaved_entry=x\nnext_entry=\n#"), after);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var list = Files.list(dir)) {
            assertEquals(List.of(file), list.toList());
        }
    }

    @Test
    void aFailureChangesNothingAndSaysWhy() throws IOException {
        Path file = grubenv("saved_entry=x\n");
        String before = Files.readString(file);
        String why = new GrubEnvUpdate(file, Map.of("saved_entry", "y".repeat(2000))).apply();
        assertTrue(why.contains("do not fit"), why);
        assertEquals(before, Files.readString(file));
        String missing = new GrubEnvUpdate(dir.resolve("none/grubenv"), Map.of("a", "b")).apply();
        assertTrue(missing.startsWith("grubenv: "), missing);
        assertNull(GrubEnvUpdate.NONE.apply());
    }
}
