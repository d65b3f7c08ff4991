package org.kexecreboot.exec;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs one program from an argv array (no shell, no added quoting) and never waits longer than a
 * bound, whatever the program does.
 *
 * <p>Why so careful: this runs while the machine shuts down. A program that ignores SIGTERM, hangs
 * in the kernel, or leaves a child holding its output pipe must not hold the reboot. After the
 * bound the program is killed; if it still has not gone after a short grace, it is abandoned (the
 * JVM exits without it). Standard input is closed.
 */
public final class BoundedCommand {

    /** How long after the kill we still wait for the process and its output pumps to finish. */
    private static final Duration GRACE = Duration.ofSeconds(2);

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
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(limit).get();
        PumpStreamHandler streams = new PumpStreamHandler(out, err);
        // A child of the program (say, a sleep in a hung script) may keep the pipe open after the
        // program is gone: stop waiting for the pumps after the grace.
        streams.setStopTimeout(GRACE);
        DefaultExecutor executor = new ExactArgvExecutor(argv);
        executor.setStreamHandler(streams);
        executor.setWatchdog(watchdog);
        executor.setExitValues(null); // every exit status is an answer, not an exception
        DefaultExecuteResultHandler result = new DefaultExecuteResultHandler();
        try {
            executor.execute(command, environment, result);
            result.waitFor(limit.plus(GRACE));
            if (!result.hasResult()) {
                watchdog.destroyProcess();
                result.waitFor(GRACE);
            }
        } catch (IOException e) {
            return new Outcome.NotStarted(reasonOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            watchdog.destroyProcess();
            return new Outcome.TimedOut(limit);
        }
        if (!result.hasResult() || watchdog.killedProcess()) {
            return new Outcome.TimedOut(limit);
        }
        if (result.getException() != null && result.getExitValue() == org.apache.commons.exec.Executor.INVALID_EXITVALUE) {
            return new Outcome.NotStarted(reasonOf(result.getException()));
        }
        return new Outcome.Exited(result.getExitValue());
    }

    /**
     * commons-exec trims every argument, even one added with {@code addArgument(arg, false)}: a
     * /proc/cmdline ending in a space (which the original passes on as it is) would lose it. So the
     * process is started from the argv exactly as given; commons-exec still does the rest (watchdog,
     * pumps, result).
     */
    private static final class ExactArgvExecutor extends DefaultExecutor {
        private final List<String> argv;

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
            return builder.directory(directory).start();
        }
    }

    private static String reasonOf(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
