package org.kexecreboot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedReadTest {

    @TempDir
    Path dir;

    @Test
    void aSmallFileIsReadWhole() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "1\n");
        assertArrayEquals("1\n".getBytes(), BoundedRead.regularFile(file, 16, Duration.ofSeconds(5)));
        assertArrayEquals("1\n".getBytes(), BoundedRead.anyFile(file, 16, Duration.ofSeconds(5)));
    }

    @Test
    void aFifoNobodyWritesEndsAtTheBound() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        long start = System.nanoTime();
        var refused = assertThrows(BoundedRead.Refused.class, () -> BoundedRead.anyFile(fifo, 16, Duration.ofMillis(300)));
        assertEquals("did not answer within 0 seconds", refused.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
        refused = assertThrows(BoundedRead.Refused.class, () -> BoundedRead.regularFile(fifo, 16, Duration.ofSeconds(5)));
        assertEquals("is a FIFO, not a regular file", refused.getMessage());
    }

    @Test
    void anEndlessFileIsCutAtTheSizeBound() throws Exception {
        Path zero = dir.resolve("zero");
        Files.createSymbolicLink(zero, Path.of("/dev/zero"));
        var refused = assertThrows(BoundedRead.Refused.class, () -> BoundedRead.anyFile(zero, 4096, Duration.ofSeconds(5)));
        assertEquals("is larger than 4 KiB", refused.getMessage());
        refused = assertThrows(BoundedRead.Refused.class, () -> BoundedRead.regularFile(zero, 4096, Duration.ofSeconds(5)));
        assertEquals("is a character device, not a regular file", refused.getMessage());
    }

    @Test
    void nothingThereIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> BoundedRead.regularFile(dir.resolve("none"), 16, Duration.ofSeconds(5)));
        assertThrows(NoSuchFileException.class, () -> BoundedRead.anyFile(dir.resolve("none"), 16, Duration.ofSeconds(5)));
    }
}
