package org.kexecreboot.exec;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs one program from an argv array (no shell, no added quoting) and never waits longer than a
 * bound, whatever the program does.
 *
 * <p>Why so careful: this runs while the machine shuts down. A program that ignores SIGTERM, hangs
 * in the kernel, or leaves a child holding its output pipe must not hold the reboot. The program's
 * own exit decides the outcome; its output is then given a short grace to drain. At the bound it
 * gets SIGTERM, after the grace SIGKILL; one that survives even that (stuck in the kernel) is
 * abandoned: the JVM exits without it. Standard input is closed.
 */
public final class BoundedCommand {

    /** How long a killed program, or the output of an exited one, is still waited for. */
    static final Duration GRACE = Duration.ofSeconds(2);

    /** Past its limit, how long a run may still take: SIGTERM, grace, SIGKILL, grace, the pumps. */
    public static final Duration KILLED_WITHIN = GRACE.multipliedBy(3).plusSeconds(1);

    private BoundedCommand() {
    }

    /** How a run ended. */
    public sealed interface Outcome {
        /** The program ran and exited with this status. */
        record Exited(int status) implements Outcome {
        }

        /** The program did not finish within the bound and was killed (or abandoned). */
        record TimedOut(Duration limit) implements Outcome {
        }

        /** The program could not be started at all. */
        record NotStarted(String reason) implements Outcome {
        }
    }

    /**
     * @param argv the program and its arguments, passed as they are
     * @param environment the complete environment of the program
     * @param out where its standard output goes
     * @param err where its standard error goes
     */
    public static Outcome run(List<String> argv, Map<String, String> environment, Duration limit,
            OutputStream out, OutputStream err) {
        CommandLine command = new CommandLine(argv.get(0));
        for (String argument : argv.subList(1, argv.size())) {
            // false: commons-exec would otherwise wrap an argument containing spaces in literal quotes.
            command.addArgument(argument, false);
        }
        PumpStreamHandler streams = new PumpStreamHandler(out, err);
        // A child of the program (say, a sleep in a hung script) may keep the pipe open after the
        // program is gone: stop waiting for the pumps after the grace.
        streams.setStopTimeout(GRACE);
        ExactArgvExecutor executor = new ExactArgvExecutor(argv);
        executor.setStreamHandler(streams);
        executor.setExitValues(null); // every exit status is an answer, not an exception
        Drained drained = new Drained();
        Process process;
        try {
            executor.execute(command, environment, drained);
            process = executor.launched.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            return new Outcome.NotStarted(reasonOf(e));
        } catch (ExecutionException e) {
            return new Outcome.NotStarted(reasonOf(e.getCause()));
        } catch (TimeoutException e) {
            return new Outcome.TimedOut(limit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.TimedOut(limit);
        }
        Outcome outcome = awaitExit(process, limit);
        Watchdog.holdIfEnding();
        if (outcome instanceof Outcome.Exited) {
            try {
                drained.await(GRACE.plusMillis(500)); // the pumps: what it wrote before exiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return outcome;
    }

    /**
     * Waits for the program to exit, at most {@code limit}; then SIGTERM, SIGKILL after the grace,
     * and after one more grace the program is left behind.
     */
    static Outcome awaitExit(Process process, Duration limit) {
        java.util.List<ProcessHandle> children = java.util.List.of();
        try {
            if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Outcome.Exited(process.exitValue());
            }
            // Its children go with it: once it is dead they are no longer known as ours.
            children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        for (ProcessHandle child : children) {
            child.destroyForcibly();
        }
        return new Outcome.TimedOut(limit);
    }

    /**
     * Done when commons-exec has finished with the process and its output pumps. Not commons-exec's
     * DefaultExecuteResultHandler: its waitFor polls every 50 ms, and every reboot would wait for it.
     */
    private static final class Drained implements ExecuteResultHandler {
        private final CountDownLatch done = new CountDownLatch(1);

        @Override
        public void onProcessComplete(int exitValue) {
            done.countDown();
        }

        @Override
        public void onProcessFailed(ExecuteException e) {
            done.countDown();
        }

        void await(Duration limit) throws InterruptedException {
            done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * commons-exec trims every argument, even one added with {@code addArgument(arg, false)}: a
     * /proc/cmdline ending in a space (which the original passes on as it is) would lose it. So the
     * process is started from the argv exactly as given; commons-exec still does the rest (the
     * launch thread, the output pumps). The started process is handed back for its exit status.
     */
    private static final class ExactArgvExecutor extends DefaultExecutor {
        private final List<String> argv;
        final CompletableFuture<Process> launched = new CompletableFuture<>();

        @SuppressWarnings("deprecation") // the builder cannot make a subclass
        ExactArgvExecutor(List<String> argv) {
            this.argv = List.copyOf(argv);
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> environment, File directory)
                throws IOException {
            ProcessBuilder builder = new ProcessBuilder(argv);
            if (environment != null) {
                builder.environment().clear();
                builder.environment().putAll(environment);
            }
            try {
                Process process = builder.directory(directory).start();
                launched.complete(process);
                return process;
            } catch (IOException | RuntimeException e) {
                launched.completeExceptionally(e);
                throw e;
            }
        }
    }

    static String reasonOf(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
