package org.kexecreboot.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;

/** The circuit breaker's marks in /var/lib/kexec-reboot: written whole, read bounded. */
class BootMarksTest {

    @TempDir
    Path dir;

    @Test
    void aMarkIsWrittenWholeAndReadBack() throws IOException {
        SystemPaths paths = new SystemPaths(dir);
        BootMarks.Mark mark = new BootMarks.Mark("1f0e2d3c-aaaa-bbbb-cccc-000000000001", "/boot/vmlinuz-6.1.0-40-amd64",
                1765000000L, "");
        assertNull(BootMarks.write(paths, BootMarks.PENDING, mark), "/var/lib/kexec-reboot made as needed");
        assertEquals("boot_id=1f0e2d3c-aaaa-bbbb-cccc-000000000001\nkernel=/boot/vmlinuz-6.1.0-40-amd64\ntime=1765000000\n",
                Files.readString(dir.resolve("var/lib/kexec-reboot/pending")));
        try (var left = Files.list(dir.resolve("var/lib/kexec-reboot"))) {
            assertEquals(java.util.List.of("pending"), left.map(p -> p.getFileName().toString()).toList(),
                    "renamed over, nothing left beside");
        }
        assertEquals(new BootMarks.Read.Present(mark), BootMarks.read(paths, BootMarks.PENDING));
        assertNull(BootMarks.remove(paths, BootMarks.PENDING));
        assertEquals(new BootMarks.Read.Absent(), BootMarks.read(paths, BootMarks.PENDING));
        assertNull(BootMarks.remove(paths, BootMarks.PENDING), "removing what is gone is no problem");
    }

    @Test
    void twoWritersAtOnceNeitherRenamesTheOthersFileAway() throws Exception {
        SystemPaths paths = new SystemPaths(dir);
        java.util.concurrent.ConcurrentLinkedQueue<String> problems = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Thread[] writers = new Thread[2];
        for (int w = 0; w < writers.length; w++) {
            String kernel = "/vmlinuz-" + w;
            writers[w] = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    String problem = BootMarks.write(paths, BootMarks.PENDING, new BootMarks.Mark("b", kernel, i, ""));
                    if (problem != null) {
                        problems.add(problem);
                    }
                }
            });
            writers[w].start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        assertEquals(java.util.List.of(), java.util.List.copyOf(problems), "kexec-load and `now` loading at once");
        assertTrue(BootMarks.read(paths, BootMarks.PENDING) instanceof BootMarks.Read.Present);
    }

    @Test
    void aKernelWithANewlineStaysOneField() {
        BootMarks.Mark mark = new BootMarks.Mark("b", "/vmlinuz\nboot_id=x", 1, "");
        assertEquals("b", BootMarks.Mark.parse(mark.text()).bootId());
    }

    @Test
    void whatIsNotOursIsUnreadable() throws IOException {
        SystemPaths paths = new SystemPaths(dir);
        Files.createDirectories(dir.resolve("var/lib/kexec-reboot/tripped"));
        String why = ((BootMarks.Read.Unreadable) BootMarks.read(paths, BootMarks.TRIPPED)).why();
        assertTrue(why.startsWith("/var/lib/kexec-reboot/tripped cannot be read ("), why);
        Files.writeString(dir.resolve("var/lib/kexec-reboot/pending"), "x".repeat(BootMarks.MAX_BYTES + 1));
        assertTrue(BootMarks.read(paths, BootMarks.PENDING) instanceof BootMarks.Read.Unreadable, "larger than a mark");
    }

    @Test
    void garbageReadsAsAMarkOfAnUnknownBoot() throws IOException {
        Files.createDirectories(dir.resolve("var/lib/kexec-reboot"));
        Files.writeString(dir.resolve("var/lib/kexec-reboot/pending"), "nonsense\ntime=soon\n");
        assertEquals(new BootMarks.Mark("", "", 0, ""), ((BootMarks.Read.Present) BootMarks.read(new SystemPaths(dir), BootMarks.PENDING)).mark());
        assertEquals("an unknown boot", BootMarks.Mark.boot(""));
        assertEquals("boot 1f0e2d3c", BootMarks.Mark.boot("1f0e2d3c-aaaa"));
    }

    @Test
    void theBootIdIsTheKernels() throws IOException {
        SystemPaths paths = new SystemPaths(dir);
        assertEquals("", BootMarks.currentBoot(paths));
        Files.createDirectories(dir.resolve("proc/sys/kernel/random"));
        Files.writeString(dir.resolve("proc/sys/kernel/random/boot_id"), "1f0e2d3c-aaaa\n");
        assertEquals("1f0e2d3c-aaaa", BootMarks.currentBoot(paths));
    }

    @Test
    void anUndoneLoadForgetsOnlyThisBootsMark() throws IOException {
        SystemPaths paths = new SystemPaths(dir);
        Files.createDirectories(dir.resolve("proc/sys/kernel/random"));
        Files.writeString(dir.resolve("proc/sys/kernel/random/boot_id"), "22222222\n");
        BootMarks.write(paths, BootMarks.PENDING, new BootMarks.Mark("11111111", "/vmlinuz", 1, ""));
        assertNull(BootMarks.forgetLoadOfThisBoot(paths));
        assertTrue(BootMarks.read(paths, BootMarks.PENDING) instanceof BootMarks.Read.Present, "an earlier boot's load: the breaker's business");
        BootMarks.write(paths, BootMarks.PENDING, new BootMarks.Mark("22222222", "/vmlinuz", 1, ""));
        assertNull(BootMarks.forgetLoadOfThisBoot(paths));
        assertEquals(new BootMarks.Read.Absent(), BootMarks.read(paths, BootMarks.PENDING));
    }
}
