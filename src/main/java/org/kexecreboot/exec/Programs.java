package org.kexecreboot.exec;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.kexecreboot.exec.BoundedCommand.Outcome;

/**
 * Where kexec runs: started by the init script's shell when it offers that ({@link ShimRunner}:
 * the reboot path, without the JVM's process machinery), else by the JVM ({@link BoundedCommand}:
 * the CLI, tests, a JVM started by hand, a shim whose values' record was not read to its end).
 * The contract is BoundedCommand's either way: exact argv, stdin closed, bounded, every exit an answer.
 */
public final class Programs {

    private static volatile boolean stdinFree;

    private Programs() {
    }

    /** The shim's record on stdin has been read to its end: stdin can carry the shim's answers. */
    public static void stdinRead() {
        stdinFree = true;
    }

    /**
     * @param out where its stdout goes when the JVM runs it; the shim's runner gives it the console
     *     (the init script's own stdout, which is where out goes on the reboot path)
     */
    public static Outcome run(List<String> argv, Map<String, String> environment, Duration limit, OutputStream out,
            OutputStream err) {
        ShimRunner shim = shim(argv);
        if (shim != null) {
            return shim.run(argv, environment, limit, err, false);
        }
        return BoundedCommand.run(argv, environment, limit, out, err);
    }

    /**
     * A question to a program (systemctl list-jobs): its stdout into {@code out}, its stderr thrown
     * away; by the shim on the reboot path, else {@link PlainBoundedProcess}.
     */
    public static Outcome capture(List<String> argv, Map<String, String> environment, Duration limit,
            OutputStream out) {
        ShimRunner shim = shim(argv);
        if (shim != null) {
            return shim.run(argv, environment, limit, out, true);
        }
        return PlainBoundedProcess.run(argv, environment, limit, out, OutputStream.nullOutputStream());
    }

    /** The shim's runner when it offers one and can run this argv; else null (the JVM runs it). */
    private static ShimRunner shim(List<String> argv) {
        return ShimRunner.takes(argv) ? ShimRunner.ofThisRun(stdinFree) : null;
    }
}
