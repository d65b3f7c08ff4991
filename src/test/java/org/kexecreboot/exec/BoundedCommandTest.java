package org.kexecreboot.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.exec.BoundedCommand.Outcome;

class BoundedCommandTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/sbin:/bin:/usr/sbin:/usr/bin");
    private static final Duration LIMIT = Duration.ofSeconds(10);

    /** Prints each argument between brackets, one a line. */
    private static final String PRINT_ARGS = "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Long> pidsToKill = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (long pid : pidsToKill) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Outcome sh(String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
        argv.addAll(List.of(args));
        return BoundedCommand.run(argv, ENV, LIMIT, out, err);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The pid a script wrote to a file, registered to be killed after the test. */
    private void killLater(Path pidFile) throws IOException {
        if (Files.exists(pidFile)) {
            for (String line : Files.readAllLines(pidFile)) {
                if (!line.isBlank()) {
                    pidsToKill.add(Long.parseLong(line.trim()));
                }
            }
        }
    }

    @Test
    void exitStatusZeroIsPassedThrough() {
        assertEquals(new Outcome.Exited(0), sh("exit 0"));
    }

    @Test
    void exitStatusOneIsPassedThrough() {
        assertEquals(new Outcome.Exited(1), sh("exit 1"));
    }

    @Test
    void exitStatus255IsPassedThrough() {
        assertEquals(new Outcome.Exited(255), sh("exit 255"));
    }

    @Test
    void argumentWithInnerSpacesArrivesAsOne() {
        sh(PRINT_ARGS, "root=/dev/sda1 ro quiet");
        assertEquals("[root=/dev/sda1 ro quiet]\n", stdout());
    }

    @Test
    void leadingSpacesOfArgumentArrive() {
        sh(PRINT_ARGS, "  lead");
        assertEquals("[  lead]\n", stdout());
    }

    @Test
    void trailingSpacesOfArgumentArrive() {
        sh(PRINT_ARGS, "--append=ro quiet ");
        assertEquals("[--append=ro quiet ]\n", stdout());
    }

    @Test
    void emptyArgumentArrives() {
        sh(PRINT_ARGS, "a", "", "b");
        assertEquals("[a]\n[]\n[b]\n", stdout());
    }

    @Test
    void onlySpacesArgumentArrives() {
        sh(PRINT_ARGS, "   ");
        assertEquals("[   ]\n", stdout());
    }

    @Test
    void doubleQuotesArriveLiterally() {
        sh(PRINT_ARGS, "\"quotes\"");
        assertEquals("[\"quotes\"]\n", stdout());
    }

    @Test
    void singleQuotesArriveLiterally() {
        sh(PRINT_ARGS, "'single'");
        assertEquals("['single']\n", stdout());
    }

    @Test
    void dollarBraceIsNotExpanded() {
        sh(PRINT_ARGS, "${x}");
        assertEquals("[${x}]\n", stdout());
    }

    @Test
    void dollarHomeIsNotExpanded() {
        sh(PRINT_ARGS, "$HOME");
        assertEquals("[$HOME]\n", stdout());
    }

    @Test
    void backslashesArriveLiterally() {
        sh(PRINT_ARGS, "a\\b\\\\c\\n");
        assertEquals("[a\\b\\\\c\\n]\n", stdout());
    }

    @Test
    void nonAsciiArrivesAsUtf8() {
        sh(PRINT_ARGS, "vmlinüz-ĸ€");
        assertEquals("[vmlinüz-ĸ€]\n", stdout());
    }

    @Test
    void tabsAndNewlinesInArgumentArrive() {
        sh(PRINT_ARGS, "a\tb\nc");
        assertEquals("[a\tb\nc]\n", stdout());
    }

    @Test
    void globCharactersAreNotExpanded() {
        sh(PRINT_ARGS, "*", "?");
        assertEquals("[*]\n[?]\n", stdout());
    }

    @Test
    void argumentsKeepTheirOrderAndCount() {
        sh("printf '%s\\n' \"$#\"; " + PRINT_ARGS, "-l", "/vmlinuz", "--initrd=/initrd.img", "--append= ro ");
        assertEquals("4\n[-l]\n[/vmlinuz]\n[--initrd=/initrd.img]\n[--append= ro ]\n", stdout());
    }

    @Test
    void programNameIsNotTrimmedEither() throws IOException {
        Path program = dir.resolve("prog");
        Files.writeString(program, "#!/bin/sh\nprintf '[%s]\\n' \"$@\"\n");
        program.toFile().setExecutable(true);
        assertEquals(new Outcome.Exited(0),
                BoundedCommand.run(List.of(program.toString(), " x "), ENV, LIMIT, out, err));
        assertEquals("[ x ]\n", stdout());
    }

    @Test
    void standardOutputGoesToOut() {
        sh("echo to-out");
        assertEquals("to-out\n", stdout());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void standardErrorGoesToErr() {
        sh("echo to-err >&2");
        assertEquals("to-err\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", stdout());
    }

    @Test
    void binaryOutputIsPassedByteExact() {
        sh("printf 'a\\000b\\377\\r\\n'");
        assertEquals("[97, 0, 98, -1, 13, 10]", java.util.Arrays.toString(out.toByteArray()));
    }

    @Test
    void environmentIsExactlyTheOneGiven() {
        BoundedCommand.run(List.of("/usr/bin/env"), Map.of("ONLY", "this"), LIMIT, out, err);
        assertEquals("ONLY=this\n", stdout());
    }

    @Test
    void standardInputIsClosed() {
        long start = System.nanoTime();
        Outcome outcome = BoundedCommand.run(List.of("/bin/cat"), ENV, LIMIT, out, err);
        assertEquals(new Outcome.Exited(0), outcome);
        assertEquals("", stdout());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(8)) < 0);
    }

    @Test
    void readFromStandardInputGetsEndOfFile() {
        sh("if read line; then echo got; else echo eof; fi");
        assertEquals("eof\n", stdout());
    }

    @Test
    void missingBinaryIsNotStarted() {
        Outcome outcome = BoundedCommand.run(List.of(dir.resolve("no-such-kexec").toString(), "-e"), ENV, LIMIT, out,
                err);
        assertInstanceOf(Outcome.NotStarted.class, outcome);
    }

    @Test
    void nonExecutableFileIsNotStarted() throws IOException {
        Path file = Files.writeString(dir.resolve("kexec"), "#!/bin/sh\nexit 0\n");
        Outcome outcome = BoundedCommand.run(List.of(file.toString()), ENV, LIMIT, out, err);
        assertInstanceOf(Outcome.NotStarted.class, outcome);
    }

    @Test
    void programIgnoringSigtermIsTimedOutAndCallReturns() throws IOException {
        Path pid = dir.resolve("pid");
        long start = System.nanoTime();
        Outcome outcome = BoundedCommand.run(
                List.of("/bin/sh", "-c", "trap '' TERM; echo $$ > \"$1\"; sleep 60 & echo $! >> \"$1\"; wait; sleep 60",
                        "sh", pid.toString()),
                ENV, Duration.ofSeconds(1), out, err);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        killLater(pid);
        assertEquals(new Outcome.TimedOut(Duration.ofSeconds(1)), outcome);
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
    }

    @Test
    void programKilledByTimeoutIsTimedOut() {
        Outcome outcome = BoundedCommand.run(List.of("/bin/sleep", "60"), ENV, Duration.ofSeconds(1), out, err);
        assertEquals(new Outcome.TimedOut(Duration.ofSeconds(1)), outcome);
    }

    @Test
    void backgroundChildHoldingStdoutDoesNotHoldTheCall() throws IOException {
        Path pid = dir.resolve("pid");
        long start = System.nanoTime();
        Outcome outcome = BoundedCommand.run(
                // The short sleep makes sure the output pump is blocked reading when the program exits.
                List.of("/bin/sh", "-c", "sleep 60 & echo $! > \"$1\"; echo started; sleep 0.5; exit 0", "sh",
                        pid.toString()),
                ENV, LIMIT, out, err);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        killLater(pid);
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
        assertEquals(new Outcome.Exited(0), outcome);
        assertEquals("started\n", stdout());
    }

    @Test
    void programKilledBySignalIsNotExitZero() {
        Outcome outcome = sh("kill -9 $$");
        assertEquals(new Outcome.Exited(137), outcome);
    }
}
