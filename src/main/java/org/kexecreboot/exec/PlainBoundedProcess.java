package org.kexecreboot.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.kexecreboot.exec.BoundedCommand.Outcome;

/**
 * {@link BoundedCommand}'s contract on the JDK's ProcessBuilder alone, for the one program every
 * reboot runs before it knows whether it has anything to do: /bin/sh reading /etc/default/kexec.
 * commons-exec's classes, lambdas and threads cost more start-up time than that short run itself,
 * and on the common path (LOAD_KEXEC=false) nothing else needs them. kexec itself still goes
 * through commons-exec.
 */
public final class PlainBoundedProcess {

    private PlainBoundedProcess() {
    }

    /** As {@link BoundedCommand#run}: exact argv, closed stdin, bounded, output copied to out and err. */
    public static Outcome run(List<String> argv, Map<String, String> environment, Duration limit,
            OutputStream out, OutputStream err) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            return new Outcome.NotStarted(BoundedCommand.reasonOf(e));
        }
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // Its stdin is closed either way.
        }
        Pump stdout = new Pump(process.getInputStream(), out);
        Pump stderr = new Pump(process.getErrorStream(), err);
        stdout.start();
        stderr.start();
        Outcome outcome = BoundedCommand.awaitExit(process, limit);
        Watchdog.holdIfEnding();
        // What it wrote before exiting; a child still holding the pipe is not waited for.
        stdout.finish(BoundedCommand.GRACE);
        stderr.finish(BoundedCommand.GRACE);
        return outcome;
    }

    /** Copies one output of the program (a Thread subclass: a lambda would cost a bootstrap). */
    private static final class Pump extends Thread {
        private final InputStream from;
        private final OutputStream to;

        Pump(InputStream from, OutputStream to) {
            this.from = from;
            this.to = to;
            setDaemon(true); // never keeps the JVM alive
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    to.write(buffer, 0, n);
                }
                to.flush();
            } catch (IOException e) {
                // The program or our console went away: nothing more to copy.
            }
        }

        void finish(Duration grace) {
            try {
                join(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
