package org.kexecreboot.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;

/** The journal lines a run hands to its shim: one entry file each, only when the shim asked. */
class EventLogTest {

    @TempDir
    Path dir;

    @AfterEach
    void noShim() {
        System.clearProperty("kexec.events");
    }

    private Path run() {
        return dir.resolve("run/kexec-reboot");
    }

    @Test
    void anEntryIsFieldLinesEachOneLineWithItsMessageId() {
        assertEquals("""
                MESSAGE_ID=1df62b93e2184a1e8a545b3f7c55c064
                MESSAGE=kexec-load: loaded /vmlinuz\\nwith a newline
                PRIORITY=5
                SYSLOG_FACILITY=3
                SYSLOG_IDENTIFIER=kexec-reboot
                KEXEC_REBOOT_EVENT=loaded
                KEXEC_REBOOT_SCRIPT=kexec-load
                KEXEC_REBOOT_PLANNED=kexec
                KEXEC_REBOOT_KERNEL=/vmlinuz\\t1
                """, EventLog.entry(Event.LOADED, "kexec-load", "loaded /vmlinuz\nwith a newline", "PLANNED", "kexec",
                "KERNEL", "/vmlinuz\t1", "INITRD", ""));
    }

    @Test
    void theShimsPidNamesTheFilesInAPrivateDirectory() throws IOException {
        System.setProperty("kexec.events", "4242");
        EventLog log = EventLog.forThisRun(new SystemPaths(dir));
        assertNull(log.add(Event.SKIPPED, "kexec-load", "the skip flag is set"));
        assertNull(log.add(Event.FIRMWARE, "kexec-load", "and another"));
        assertTrue(Files.readString(run().resolve("events-4242.0")).contains("\nKEXEC_REBOOT_EVENT=skipped\n"));
        assertTrue(Files.readString(run().resolve("events-4242.1")).contains("\nKEXEC_REBOOT_EVENT=firmware\n"));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(run())));
    }

    @Test
    void whatAnEarlierShimOfThisPidLeftIsRemovedBeforeTheFirstLine() throws IOException {
        Files.createDirectories(run());
        Files.setPosixFilePermissions(run(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Files.writeString(run().resolve("events-4242.0"), "MESSAGE=old\n");
        Files.writeString(run().resolve("events-4242.1"), "MESSAGE=old\n");
        Files.writeString(run().resolve("events-99.0"), "MESSAGE=another run's\n");
        System.setProperty("kexec.events", "4242");
        assertNull(EventLog.forThisRun(new SystemPaths(dir)).add(Event.LOADED, "kexec-load", "new"));
        assertTrue(Files.readString(run().resolve("events-4242.0")).contains("MESSAGE=kexec-load: new\n"));
        assertFalse(Files.exists(run().resolve("events-4242.1")));
        assertTrue(Files.exists(run().resolve("events-99.0")));
    }

    @Test
    void withoutAShimOrWithAStrangeTokenNothingIsWritten() {
        assertNull(EventLog.forThisRun(new SystemPaths(dir)).add(Event.LOADED, "kexec-load", "x"));
        for (String token : new String[] {"", "12a", "../x", "12345678901"}) {
            System.setProperty("kexec.events", token);
            assertNull(EventLog.forThisRun(new SystemPaths(dir)).add(Event.LOADED, "kexec-load", "x"));
        }
        assertFalse(Files.exists(run()));
    }

    @Test
    void aRunWritesABoundedNumberOfLines() throws IOException {
        System.setProperty("kexec.events", "7");
        EventLog log = EventLog.forThisRun(new SystemPaths(dir));
        for (int i = 0; i < 20; i++) {
            assertNull(log.add(Event.LOADED, "kexec-load", "line " + i));
        }
        try (var files = Files.list(run())) {
            assertEquals(EventLog.MAX_EVENTS, files.count());
        }
    }

    @Test
    void aDirectoryOthersMayWriteIsNotUsedAndSaysSo() throws IOException {
        Files.createDirectories(run());
        Files.setPosixFilePermissions(run(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        System.setProperty("kexec.events", "7");
        String problem = EventLog.forThisRun(new SystemPaths(dir)).add(Event.LOADED, "kexec-load", "x");
        assertTrue(problem != null && problem.contains("others may write in it"), problem);
        try (var files = Files.list(run())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void everyKindHasItsOwnIdAndName() {
        Set<String> ids = new HashSet<>();
        Set<String> words = new HashSet<>();
        for (Event event : Event.values()) {
            assertTrue(event.messageId().matches("[0-9a-f]{32}"), event.messageId());
            assertTrue(ids.add(event.messageId()), event.messageId());
            assertTrue(words.add(event.word()), event.word());
        }
    }
}
