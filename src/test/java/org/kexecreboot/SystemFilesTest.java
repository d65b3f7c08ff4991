package org.kexecreboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemFilesTest {

    @Test
    void commandSubstitutionDropsOneTrailingNewline() {
        assertEquals("1", SystemFiles.withoutTrailingNewlines("1\n"));
    }

    @Test
    void commandSubstitutionDropsAllTrailingNewlines() {
        assertEquals("1", SystemFiles.withoutTrailingNewlines("1\n\n\n"));
    }

    @Test
    void commandSubstitutionKeepsTextWithoutNewline() {
        assertEquals("abc", SystemFiles.withoutTrailingNewlines("abc"));
    }

    @Test
    void commandSubstitutionKeepsTrailingSpace() {
        assertEquals("ro quiet ", SystemFiles.withoutTrailingNewlines("ro quiet \n"));
    }

    @Test
    void commandSubstitutionKeepsTrailingSpaceBetweenNewlines() {
        assertEquals("a\n \t", SystemFiles.withoutTrailingNewlines("a\n \t\n\n"));
    }

    @Test
    void commandSubstitutionKeepsInnerNewlines() {
        assertEquals("a\n\nb", SystemFiles.withoutTrailingNewlines("a\n\nb\n"));
    }

    @Test
    void commandSubstitutionKeepsLeadingNewlines() {
        assertEquals("\n\na", SystemFiles.withoutTrailingNewlines("\n\na\n"));
    }

    @Test
    void commandSubstitutionKeepsCarriageReturn() {
        assertEquals("1\r", SystemFiles.withoutTrailingNewlines("1\r\n"));
    }

    @Test
    void commandSubstitutionOfOnlyNewlinesIsEmpty() {
        assertEquals("", SystemFiles.withoutTrailingNewlines("\n\n"));
        assertEquals("", SystemFiles.withoutTrailingNewlines(""));
    }

    @Test
    void reasonOfMissingFileIsCoreutilsText() {
        assertEquals("No such file or directory", SystemFiles.reason(new NoSuchFileException("/x")));
    }

    @Test
    void reasonOfAccessDeniedIsCoreutilsText() {
        assertEquals("Permission denied", SystemFiles.reason(new AccessDeniedException("/x")));
    }

    @Test
    void reasonOfOtherFileSystemExceptionIsItsReason() {
        assertEquals("Read-only file system",
                SystemFiles.reason(new FileSystemException("/x", null, "Read-only file system")));
    }

    @Test
    void reasonOfFileSystemExceptionWithoutReasonIsItsMessage() {
        assertEquals("/x", SystemFiles.reason(new FileSystemException("/x")));
    }

    @Test
    void reasonOfPlainIOExceptionIsItsMessage() {
        assertEquals("boom", SystemFiles.reason(new IOException("boom")));
    }

    @Test
    void reasonOfIOExceptionWithoutMessageIsItsClassName() {
        assertEquals("IOException", SystemFiles.reason(new IOException()));
    }

    @Test
    void reasonOfRealMissingFileReadIsNoSuchFile(@TempDir Path dir) {
        IOException caught = null;
        try {
            Files.readString(dir.resolve("absent"));
        } catch (IOException e) {
            caught = e;
        }
        assertEquals("No such file or directory", SystemFiles.reason(caught));
    }

    @Test
    void executableFileIsExecutable(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("x"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertTrue(SystemFiles.isExecutable(file));
    }

    @Test
    void fileWithoutExecuteBitsIsNotExecutableEvenForRoot(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("x"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertFalse(SystemFiles.isExecutable(file));
    }

    @Test
    void missingFileIsNotExecutable(@TempDir Path dir) {
        assertFalse(SystemFiles.isExecutable(dir.resolve("absent")));
    }

    @Test
    void symlinkToExecutableIsExecutable(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("x"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        assertTrue(SystemFiles.isExecutable(link));
    }

    @Test
    void danglingSymlinkIsNotExecutable(@TempDir Path dir) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("absent"));
        assertFalse(SystemFiles.isExecutable(link));
    }
}
