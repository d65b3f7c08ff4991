package org.kexecreboot.exec;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.kexecreboot.exec.BoundedCommand.Outcome;

/**
 * kexec run by the init-script shim instead of the JVM (issue 23). A JVM's first process costs
 * 25-40 ms at every reboot that loads a kernel (the JDK's process classes, their lambda bootstraps,
 * the reaper thread); the shim's /bin/sh starts one for the price of a fork. So the JVM decides
 * everything (the argv, its bound, what to say after) and hands the argv to the shim, which starts
 * it and says how it ended. The JVM keeps the clock: at the bound it kills the program, as
 * {@link BoundedCommand} kills its own (SIGTERM, grace, SIGKILL with its descendants, grace, then
 * abandoned).
 *
 * <p>The channel ({@code kr_serve} in launch.sh, used by {@code stop} of both init scripts):
 * <ul>
 * <li>JVM to shim, on descriptor 7 (a pipe to the shim's {@code kr_serve}): {@code run JVMPID ARGC MODE}
 * (MODE {@code err}: its stderr comes back, its stdout is the console; {@code out}: its stdout comes
 * back, its stderr is thrown away, for systemctl's answers), the PATH of the program, then each argument as its number of lines and those lines (an argument
 * may hold a newline; none can hold a NUL). The shim builds its argv with {@code read} and
 * {@code set --}: no eval, no word splitting.
 * <li>shim to JVM, on our own stdin (the pipe that brought /etc/default/kexec's values, read to
 * its end before; the shim opens it again as {@code /proc/JVMPID/fd/0}): the program's stderr as it
 * comes, with {@code \0kexec-reboot-pid N\n} once it runs and {@code \0kexec-reboot-exit N\n}
 * when it has ended (N as sh's {@code $?}: 128 + a signal's number). Its stdout is the shim's
 * (the console), as the original's kexec had.
 * </ul>
 * The shim waits for the program in a subshell of its own, so a program stuck in the kernel past
 * SIGKILL holds neither the shim nor the JVM. Without the channel (the shim did not offer one, or
 * stdin still carries the values' record), {@link Programs} runs the program in the JVM.
 */
public final class ShimRunner {

    static final String PROPERTY = "kexec.runner";
    static final byte[] PID = "\0kexec-reboot-pid ".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] EXIT = "\0kexec-reboot-exit ".getBytes(StandardCharsets.ISO_8859_1);

    private static ShimRunner offered;
    private static boolean looked;

    private final OutputStream requests;
    private final InputStream answers;
    private final String jvmPid;
    /** Our own writer of stdin: with it, stdin never ends before the shim has opened its own. */
    @SuppressWarnings("unused")
    private final OutputStream keepsStdinOpen;

    ShimRunner(OutputStream requests, InputStream answers, String jvmPid, OutputStream keepsStdinOpen) {
        this.requests = requests;
        this.answers = answers;
        this.jvmPid = jvmPid;
        this.keepsStdinOpen = keepsStdinOpen;
    }

    /**
     * The shim's runner, when the shim offers one ({@code -Dkexec.runner=shim}) and stdin is free
     * for its answers (the values' record was read to its end: {@code stdinFree}); else null.
     */
    static synchronized ShimRunner ofThisRun(boolean stdinFree) {
        if (looked) {
            return offered;
        }
        if (!stdinFree || !"shim".equals(System.getProperty(PROPERTY))) {
            return null; // asked again once the record is read
        }
        looked = true;
        try {
            Path self = Path.of("/proc/self");
            String pid = Files.readSymbolicLink(self).toString();
            if (!pid.matches("[0-9]{1,10}") || !isPipe(self.resolve("fd/0")) || !isPipe(self.resolve("fd/7"))) {
                return null;
            }
            offered = new ShimRunner(new FileOutputStream("/proc/self/fd/7"), new FileInputStream(FileDescriptor.in),
                    pid, new FileOutputStream("/proc/self/fd/0"));
        } catch (IOException | RuntimeException e) {
            offered = null; // no channel: the JVM runs the program itself
        }
        return offered;
    }

    /**
     * Build time only (CdsTraining): one request and its answer through memory, so that the class-data
     * archive holds these classes as the reboot path uses them.
     */
    public static void rehearse() {
        java.io.ByteArrayInputStream answer = new java.io.ByteArrayInputStream(
                "kexec: a line\n\0kexec-reboot-pid 1\n\0kexec-reboot-exit 0\n".getBytes(StandardCharsets.ISO_8859_1));
        new ShimRunner(OutputStream.nullOutputStream(), answer, "1", OutputStream.nullOutputStream()).run(
                List.of("/sbin/kexec", "-l", "/vmlinuz", "--append=a\nb"), Map.of("PATH", "/sbin:/bin"),
                Duration.ofSeconds(5), OutputStream.nullOutputStream());
        Programs.stdinRead(); // the class, not the state: a JVM of the build has no shim to offer
        ofThisRun(false);
    }

    private static boolean isPipe(Path descriptor) throws IOException {
        return Files.readSymbolicLink(descriptor).toString().startsWith("pipe:");
    }

    /** Whether the shim can run this argv as it is: an absolute program (never a function or builtin). */
    static boolean takes(List<String> argv) {
        if (argv.isEmpty() || !argv.get(0).startsWith("/")) {
            return false;
        }
        for (String argument : argv) {
            if (argument.indexOf('\0') >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The request for one argv, as kr_serve reads it. */
    /** @param capture its stdout comes back (mode "out", its stderr thrown away), not its stderr ("err") */
    static byte[] request(String jvmPid, List<String> argv, String path, boolean capture) {
        StringBuilder text = new StringBuilder("run ").append(jvmPid).append(' ').append(argv.size())
                .append(capture ? " out" : " err").append('\n');
        text.append(path.replace('\n', ':')).append('\n');
        for (String argument : argv) {
            String[] lines = argument.split("\n", -1);
            text.append(lines.length).append('\n');
            for (String line : lines) {
                text.append(line).append('\n');
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * As {@link BoundedCommand#run}, with the program's stdout the shim's (the console) and its
     * stderr copied to {@code err} as it comes.
     */
    Outcome run(List<String> argv, Map<String, String> environment, Duration limit, OutputStream err) {
        return run(argv, environment, limit, err, false);
    }

    /**
     * @param sink where what comes back goes: its stderr, or with {@code capture} its stdout (for a
     *     question such as {@code systemctl list-jobs}; its stderr is then thrown away)
     */
    Outcome run(List<String> argv, Map<String, String> environment, Duration limit, OutputStream sink,
            boolean capture) {
        Answer answer = new Answer(answers, sink);
        answer.start();
        long started = System.nanoTime();
        try {
            requests.write(request(jvmPid, argv, environment.getOrDefault("PATH", "/sbin:/bin"), capture));
            requests.flush();
        } catch (IOException e) {
            return new Outcome.NotStarted("the init script's shell did not take it (" + e.getMessage() + ")");
        }
        Integer status = answer.exit(limit.toNanos() - (System.nanoTime() - started));
        if (status == null) {
            kill(answer);
        }
        Watchdog.holdIfEnding();
        if (status == null) {
            return new Outcome.TimedOut(limit);
        }
        if (status == 126 || status == 127) {
            // sh's own status for a program it could not execute (its message went to stderr);
            // kexec itself exits 0, 1 or 255.
            return new Outcome.NotStarted("the shell could not execute it (exit status " + status + ")");
        }
        return new Outcome.Exited(status);
    }

    /**
     * Past the bound, as {@link BoundedCommand#awaitExit}: SIGTERM, the grace, SIGKILL, the grace,
     * and its descendants SIGKILL; one that is still there after that is left behind.
     */
    private static void kill(Answer answer) {
        long pid = answer.pid(BoundedCommand.GRACE.toNanos());
        ProcessHandle process = pid > 0 ? ProcessHandle.of(pid).orElse(null) : null;
        if (process == null) {
            return; // never started, or gone without a word: nothing to kill
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (answer.exit(BoundedCommand.GRACE.toNanos()) == null) {
            process.destroyForcibly();
            answer.exit(BoundedCommand.GRACE.toNanos());
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
    }

    /**
     * Reads the shim's answer: the program's stderr passed on as it comes, the two marks taken out.
     * A daemon Thread subclass (no lambda: a bootstrap at every reboot), ended by the exit mark.
     */
    static final class Answer extends Thread {
        private final InputStream in;
        private final OutputStream err;
        private final byte[] mark = new byte[64];
        private int marked;
        private long pid = -1;
        private Integer exit;

        Answer(InputStream in, OutputStream err) {
            super("kexec-answer");
            this.in = in;
            this.err = err;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try {
                while (!ended()) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    take(buffer, n);
                }
            } catch (IOException e) {
                // The shim is gone: no exit mark will come, and the clock decides.
            }
        }

        private synchronized boolean ended() {
            return exit != null;
        }

        /** The bytes read: stderr goes on as it comes; a mark is held back until it is whole (or is none). */
        void take(byte[] buffer, int n) throws IOException {
            int from = 0; // the start of the stderr not yet passed on
            for (int i = 0; i < n && !ended(); i++) {
                byte b = buffer[i];
                if (marked == 0) {
                    if (b != 0) {
                        continue;
                    }
                    err.write(buffer, from, i - from);
                }
                mark[marked++] = b;
                from = i + 1;
                int verdict = markSoFar();
                if (verdict < 0) {
                    // A NUL of the program's own, not a mark: passed on; a NUL that ended it may start one.
                    boolean nul = b == 0 && marked > 1;
                    err.write(mark, 0, nul ? marked - 1 : marked);
                    marked = 0;
                    if (nul) {
                        mark[marked++] = 0;
                    }
                } else if (verdict > 0) {
                    marked = 0;
                }
            }
            if (!ended() && marked == 0 && from < n) {
                err.write(buffer, from, n - from);
            }
            err.flush();
        }

        /** -1: not a mark; 0: a mark so far; 1: a mark, taken. */
        private int markSoFar() {
            for (byte[] prefix : new byte[][] {PID, EXIT}) {
                int common = Math.min(marked, prefix.length);
                if (!java.util.Arrays.equals(mark, 0, common, prefix, 0, common)) {
                    continue;
                }
                if (marked <= prefix.length) {
                    return 0;
                }
                byte last = mark[marked - 1];
                if (last == '\n' && marked > prefix.length + 1) {
                    long value = Long.parseLong(new String(mark, prefix.length, marked - prefix.length - 1,
                            StandardCharsets.ISO_8859_1));
                    synchronized (this) {
                        if (prefix == PID) {
                            pid = value;
                            Watchdog.killAtEnd(value);
                        } else {
                            exit = (int) Math.min(value, Integer.MAX_VALUE);
                            Watchdog.forgetAtEnd(pid);
                        }
                        notifyAll();
                    }
                    return 1;
                }
                return last >= '0' && last <= '9' && marked < prefix.length + 11 ? 0 : -1;
            }
            return -1;
        }

        /** The exit status, waiting at most {@code nanos}; null if it did not come. */
        synchronized Integer exit(long nanos) {
            awaitMark(true, nanos);
            return exit;
        }

        /** The program's pid, waiting at most {@code nanos}; -1 if it did not come. */
        synchronized long pid(long nanos) {
            awaitMark(false, nanos);
            return pid;
        }

        /** Waits (holding the lock) until the exit mark, or the pid mark, has come, at most {@code nanos}. */
        private void awaitMark(boolean exitMark, long nanos) {
            long end = System.nanoTime() + Math.max(0, nanos);
            try {
                for (long left = nanos; (exitMark ? exit == null : pid < 0) && left > 0; left = end - System.nanoTime()) {
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
