package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkipFlagTest {

    @TempDir
    Path dir;

    private SkipFlag flag() {
        return SkipFlag.at(dir.resolve("no-kexec-reboot"), "/tmp/no-kexec-reboot");
    }

    @Test
    void absent() {
        assertFalse(flag().present());
        assertFalse(flag().set());
        assertEquals("absent", flag().finding());
    }

    @Test
    void aRegularFileOrALinkToOneIsSetAsTestDashFSays() throws Exception {
        Files.writeString(dir.resolve("no-kexec-reboot"), "");
        assertTrue(flag().set());
        Files.delete(dir.resolve("no-kexec-reboot"));
        Files.createSymbolicLink(dir.resolve("no-kexec-reboot"), Files.writeString(dir.resolve("target"), ""));
        assertTrue(flag().set());
        assertFalse(flag().ignored());
    }

    @Test
    void whatKexecLoadIgnoresIsNamedAndNeverCalledSet() throws Exception {
        Path path = dir.resolve("no-kexec-reboot");
        Files.createDirectory(path);
        assertTrue(flag().ignored());
        assertEquals("a directory", flag().what());
        assertEquals("rm -r /tmp/no-kexec-reboot", flag().removal());
        assertTrue(flag().finding().startsWith("not set: a directory is there, which kexec-load ignores"), flag().finding());
        Files.delete(path);
        Files.createSymbolicLink(path, Path.of("/nonexistent/flag"));
        assertTrue(flag().ignored());
        assertEquals("a dangling symbolic link to /nonexistent/flag", flag().what());
        assertEquals("rm /tmp/no-kexec-reboot", flag().removal());
        Files.delete(path);
        assertEquals(0, new ProcessBuilder("mkfifo", path.toString()).start().waitFor());
        assertTrue(flag().ignored());
        assertEquals("a FIFO", flag().what());
    }
}
