package org.kexecreboot.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.kexec.Lockdown.Mode;

class LockdownTest {

    @TempDir
    Path dir;

    @Test
    void theBracketedWordIsTheMode() {
        assertEquals(Mode.NONE, Lockdown.parse("[none] integrity confidentiality\n").mode());
        assertEquals(Mode.INTEGRITY, Lockdown.parse("none [integrity] confidentiality\n").mode());
        assertEquals(Mode.CONFIDENTIALITY, Lockdown.parse("none integrity [confidentiality]\n").mode());
    }

    @Test
    void integrityAndConfidentialityAreLockedDown() {
        assertTrue(Lockdown.parse("none [integrity] confidentiality").lockedDown());
        assertTrue(Lockdown.parse("none integrity [confidentiality]").lockedDown());
        assertFalse(Lockdown.parse("[none] integrity confidentiality").lockedDown());
    }

    @Test
    void garbageIsUnknownAndNotLockedDown() {
        for (String garbage : new String[] {"", "\n", "none integrity confidentiality", "[integrity] [none]",
            "none [secret] confidentiality", "[]", "\0\0\0"}) {
            Lockdown lockdown = Lockdown.parse(garbage);
            assertEquals(Mode.UNKNOWN, lockdown.mode(), garbage);
            assertFalse(lockdown.lockedDown(), garbage);
        }
    }

    @Test
    void anAbsentFileIsAbsent() {
        assertEquals(Mode.ABSENT, Lockdown.read(dir.resolve("lockdown")).mode());
    }

    @Test
    void aDirectoryIsUnknown() throws IOException {
        Files.createDirectory(dir.resolve("lockdown"));
        assertEquals(Mode.UNKNOWN, Lockdown.read(dir.resolve("lockdown")).mode());
    }

    @Test
    void aHugeFileIsReadOnlyUpToTheBound() throws IOException {
        Path file = dir.resolve("lockdown");
        Files.writeString(file, "none [integrity] confidentiality" + " ".repeat(10_000));
        Lockdown lockdown = Lockdown.read(file);
        assertEquals(Mode.UNKNOWN, lockdown.mode());
        assertEquals("longer than 256 bytes", lockdown.detail());
    }

    @Test
    void theFileAsTheKernelWritesIt() throws IOException {
        Path file = dir.resolve("lockdown");
        Files.writeString(file, "none [integrity] confidentiality\n");
        Lockdown lockdown = Lockdown.read(file);
        assertEquals(new Lockdown(Mode.INTEGRITY, "none [integrity] confidentiality"), lockdown);
        assertTrue(lockdown.describe().contains("locked down (integrity"), lockdown.describe());
    }
}
