package org.kexecreboot.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureRefusalTest {

    @TempDir
    Path dir;

    @Test
    void kexecToolsWordsForARefusedSignature() {
        assertTrue(SignatureRefusal.in("kexec_file_load failed: Operation not permitted\n"));
        assertTrue(SignatureRefusal.in("Try gzip decompression.\nkexec_file_load failed: Key was rejected by service\n"));
        assertTrue(SignatureRefusal.in("kexec_file_load failed: Required key not available"));
        // Debian 12's kernel (6.1) with Secure Boot, given a kernel whose signature was removed:
        assertTrue(SignatureRefusal.in("Loading new kernel image into memory...kexec_file_load failed: No data available\n"));
    }

    @Test
    void otherFailuresAreNotARefusedSignature() {
        assertFalse(SignatureRefusal.in(""));
        assertFalse(SignatureRefusal.in("kexec_load failed: Operation not permitted\n"));
        assertFalse(SignatureRefusal.in("kexec_file_load failed: Cannot allocate memory\n"));
        assertFalse(SignatureRefusal.in("Cannot open `/vmlinuz': No such file or directory\n"));
    }

    @Test
    void theLineNamesTheKernelAndWhatSecureBootNeeds() throws IOException {
        Files.writeString(dir.resolve("vmlinuz"), "not a PE file");
        String line = SignatureRefusal.explain("/vmlinuz", dir.resolve("vmlinuz"));
        assertTrue(line.startsWith("the running kernel refused to load /vmlinuz (it is not a signed EFI image): "), line);
        assertTrue(line.contains("loads only a kernel signed by a key it trusts"), line);
        assertFalse(line.contains("\n"));
    }

    @Test
    void theTailPassesEverythingOnAndKeepsTheEnd() throws IOException {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        SignatureRefusal.Tail tail = new SignatureRefusal.Tail(console);
        byte[] noise = "x".repeat(3000).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 10; i++) {
            tail.write(noise);
        }
        tail.write("\nkexec_file_load failed: Key was rejected by service\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(30000 + 53, console.size());
        assertTrue(tail.text().length() <= 2 * SignatureRefusal.Tail.KEEP);
        assertTrue(SignatureRefusal.in(tail.text()));
    }
}
