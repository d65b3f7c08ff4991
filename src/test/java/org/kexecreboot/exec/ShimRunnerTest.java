package org.kexecreboot.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.kexecreboot.exec.BoundedCommand.Outcome;

class ShimRunnerTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRequestGivesEachArgumentItsLineCountSoThatNewlinesSurvive() {
        String request = new String(ShimRunner.request("4242", List.of("/sbin/kexec", "-l", "a\nb", "ends\n", ""),
                "/sbin:/bin", false), StandardCharsets.UTF_8);
        assertEquals("run 4242 5 err\n/sbin:/bin\n1\n/sbin/kexec\n1\n-l\n2\na\nb\n2\nends\n\n1\n\n", request);
    }

    @Test
    void theShimTakesAbsoluteProgramsOnly() {
        assertTrue(ShimRunner.takes(List.of("/sbin/kexec", "-e")));
        assertFalse(ShimRunner.takes(List.of("kexec", "-e")), "a name would be looked up, maybe as a function");
        assertFalse(ShimRunner.takes(List.of()));
        assertFalse(ShimRunner.takes(List.of("/sbin/kexec", "a\0b")));
    }

    @Test
    void withoutTheShimsOfferThereIsNoRunner() {
        assertNull(ShimRunner.ofThisRun(true), "no -Dkexec.runner=shim in a test JVM");
    }

    @Test
    void theAnswerPassesStderrOnAndTakesTheMarksOut() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ShimRunner.Answer answer = new ShimRunner.Answer(InputStream.nullInputStream(), err);
        byte[] all = bytes("kexec: a\0kexec-reboot-pid 17\nwarning\0 not a mark\n\0kexec-reboot-exit 255\nlate");
        // Every split of the stream into two reads gives the same.
        for (int split = 0; split <= all.length; split++) {
            err.reset();
            answer = new ShimRunner.Answer(InputStream.nullInputStream(), err);
            answer.take(java.util.Arrays.copyOfRange(all, 0, split), split);
            byte[] rest = java.util.Arrays.copyOfRange(all, split, all.length);
            answer.take(rest, rest.length);
            assertEquals("kexec: awarning\0 not a mark\n", err.toString(StandardCharsets.UTF_8), "split at " + split);
            assertEquals(17, answer.pid(0));
            assertEquals(255, answer.exit(0));
        }
    }

    @Test
    void aNulThatStartsNoMarkIsPassedOnAndTheNextNulMayStartOne() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ShimRunner.Answer answer = new ShimRunner.Answer(InputStream.nullInputStream(), err);
        byte[] all = bytes("x\0kexec-reboot-\0kexec-reboot-exit 1\n");
        answer.take(all, all.length);
        assertEquals("x\0kexec-reboot-", err.toString(StandardCharsets.UTF_8));
        assertEquals(1, answer.exit(0));
    }

    @Test
    void aMarkWithoutDigitsIsNone() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ShimRunner.Answer answer = new ShimRunner.Answer(InputStream.nullInputStream(), err);
        byte[] all = bytes("\0kexec-reboot-exit \n\0kexec-reboot-exit 12345678901234\n");
        answer.take(all, all.length);
        assertEquals(new String(all, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), "passed on as it is");
        assertNull(answer.exit(0));
    }

    /** A shim that answers every request with the given text; what it was asked is kept. */
    private static final class FakeShim extends Thread {
        final PipedInputStream requests = new PipedInputStream(1 << 16);
        final PipedOutputStream answers = new PipedOutputStream();
        private final String reply;
        final ByteArrayOutputStream asked = new ByteArrayOutputStream();

        FakeShim(String reply) {
            this.reply = reply;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                byte[] buffer = new byte[4096];
                int n = requests.read(buffer);
                asked.write(buffer, 0, n);
                answers.write(bytes(reply));
                answers.flush();
            } catch (IOException e) {
                // the test ended
            }
        }
    }

    private static ShimRunner runnerFor(FakeShim shim) throws IOException {
        PipedOutputStream requests = new PipedOutputStream(shim.requests);
        PipedInputStream answers = new PipedInputStream(shim.answers, 1 << 16);
        shim.start();
        return new ShimRunner(requests, answers, "4242", OutputStream.nullOutputStream());
    }

    @Test
    void anExitIsTheOutcomeAndStderrCameBeforeIt() throws IOException {
        FakeShim shim = new FakeShim("kexec: refused\n\0kexec-reboot-pid 1\n\0kexec-reboot-exit 1\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Outcome outcome = runnerFor(shim).run(List.of("/sbin/kexec", "-e"), Map.of("PATH", "/sbin:/bin"),
                Duration.ofSeconds(5), err);
        assertEquals(new Outcome.Exited(1), outcome);
        assertEquals("kexec: refused\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("run 4242 2 err\n/sbin:/bin\n1\n/sbin/kexec\n1\n-e\n", shim.asked.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aQuestionGetsItsStdoutBack() throws IOException {
        FakeShim shim = new FakeShim("1180 reboot.target start waiting\n\0kexec-reboot-pid 1\n\0kexec-reboot-exit 0\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Outcome outcome = runnerFor(shim).run(List.of("/bin/systemctl", "list-jobs"), Map.of("PATH", "/bin"),
                Duration.ofSeconds(5), out, true);
        assertEquals(new Outcome.Exited(0), outcome);
        assertEquals("1180 reboot.target start waiting\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("run 4242 2 out\n/bin\n1\n/bin/systemctl\n1\nlist-jobs\n", shim.asked.toString(StandardCharsets.UTF_8));
    }

    @Test
    void whatTheShellCouldNotExecuteWasNotStarted() throws IOException {
        FakeShim shim = new FakeShim("sh: 1: /sbin/kexec: Permission denied\n\0kexec-reboot-exit 126\n");
        Outcome outcome = runnerFor(shim).run(List.of("/sbin/kexec", "-e"), Map.of(), Duration.ofSeconds(5),
                new ByteArrayOutputStream());
        assertInstanceOf(Outcome.NotStarted.class, outcome);
    }

    @Test
    void noAnswerWithinTheBoundIsATimeout() throws IOException {
        FakeShim shim = new FakeShim("");
        long start = System.nanoTime();
        Outcome outcome = runnerFor(shim).run(List.of("/sbin/kexec", "-e"), Map.of(), Duration.ofMillis(300),
                new ByteArrayOutputStream());
        assertEquals(new Outcome.TimedOut(Duration.ofMillis(300)), outcome);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 300 + BoundedCommand.GRACE.toMillis() + 1000, millis + " ms: no pid, nothing to kill or wait for");
    }

    @Test
    void aProgramPastItsBoundIsKilledByItsPid() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            FakeShim shim = new FakeShim("\0kexec-reboot-pid " + sleeper.pid() + "\n");
            Outcome outcome = runnerFor(shim).run(List.of("/sbin/kexec", "-l"), Map.of(), Duration.ofMillis(300),
                    new ByteArrayOutputStream());
            assertEquals(new Outcome.TimedOut(Duration.ofMillis(300)), outcome);
            assertTrue(sleeper.waitFor(5, TimeUnit.SECONDS), "SIGTERM at the bound");
            assertEquals(128 + 15, sleeper.exitValue());
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
