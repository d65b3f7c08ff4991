package org.kexecreboot.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    /** A watchdog that records its halt instead of halting the test's JVM. */
    private final class Recording extends Watchdog {
        final CountDownLatch halted = new CountDownLatch(1);

        Recording(Duration budget, Path kexecLoaded) {
            super("kexec-load", budget, new PrintStream(stderr, true, StandardCharsets.UTF_8), kexecLoaded,
                    "the reboot goes on without kexec");
        }

        @Override
        protected void halt(boolean deadlinePassed) {
            halted.countDown();
        }
    }

    @Test
    void atTheDeadlineChildrenAreKilledOurFilesRemovedAndOneLineSaysSo() throws Exception {
        Process child = new ProcessBuilder("sleep", "60").start();
        Path temporary = Files.writeString(dir.resolve("initrd-1.img"), "partial");
        Watchdog.removeAtEnd(temporary);
        Recording watchdog = new Recording(Duration.ofSeconds(1), null);
        watchdog.start();
        assertTrue(watchdog.halted.await(20, TimeUnit.SECONDS), "ended");
        assertTrue(child.waitFor(5, TimeUnit.SECONDS), "the child ended with the run");
        assertFalse(Files.exists(temporary));
        assertEquals("kexec-load: did not finish within 1 seconds (its programs were killed); the reboot goes on"
                + " without kexec\n", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void extendingTheDeadlineForKexecDefersIt() throws Exception {
        Recording watchdog = new Recording(Duration.ofMillis(200), null);
        Watchdog.arm(watchdog);
        try {
            Watchdog.extend(Duration.ofSeconds(3));
            assertFalse(watchdog.halted.await(1, TimeUnit.SECONDS), "not yet");
            assertTrue(watchdog.halted.await(20, TimeUnit.SECONDS), "later");
            assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("did not finish within 3 seconds"), stderr.toString());
        } finally {
            watchdog.interrupt();
            Watchdog.disarm();
        }
    }

    @Test
    void stoppedByASignalAfterKexecLoadedAKernelSaysSo() throws Exception {
        Path loaded = Files.writeString(dir.resolve("kexec_loaded"), "1\n");
        Recording watchdog = new Recording(Duration.ofHours(1), loaded);
        watchdog.end("stopped by a signal", false);
        watchdog.end("stopped by a signal", false); // once only
        assertEquals("kexec-load: stopped by a signal; a kernel is loaded all the same: S85kexec will run it\n",
                stderr.toString(StandardCharsets.UTF_8));
    }
}
