package org.kexecreboot.exec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One deadline for a whole run on the reboot path (K18, S85, {@code plan} as root), and the rule
 * that our children end with the run.
 *
 * <p>Every read and every program we run has a bound of its own; this is the bound behind all of
 * them, for what nobody foresaw (a stat on a hung network /boot, a copy that crawls). When the
 * deadline passes, or when the JVM is told to stop (init's timeout sends SIGTERM), the run ends
 * the same way: every process we started and their children are killed, the files we made in /run
 * are removed, one line says what happened and whether a kernel is loaded after all, and the JVM
 * halts with status 0, so that the shim adds nothing and the reboot goes on.
 *
 * <p>One per JVM ({@link #arm}); the static methods do nothing when none is armed (unit tests).
 * Thread subclasses, no lambdas: each lambda costs a bootstrap at every reboot.
 */
public class Watchdog extends Thread {

    /** Enough for everything but kexec itself: the defaults' shell (10 s), reads (5 s each), GRUB. */
    public static final Duration BUDGET = Duration.ofSeconds(45);

    private static volatile Watchdog armed;
    private static final Set<Path> TEMPORARIES = ConcurrentHashMap.newKeySet();
    /** Programs the shim runs for us (ShimRunner): not our descendants, ours all the same. */
    private static final Set<Long> SHIM_RUN = ConcurrentHashMap.newKeySet();

    private final String script;
    private final PrintStream stderr;
    private final Path kexecLoaded;
    private final String otherwise;
    private long deadline;
    private long seconds;
    private volatile boolean ended;

    /**
     * @param script the name the line starts with ("kexec-load")
     * @param kexecLoaded /sys/kernel/kexec_loaded, to say whether a kernel is loaded after all; or null
     * @param otherwise what the line ends with when no kernel is loaded ("the reboot goes on without kexec")
     */
    protected Watchdog(String script, Duration budget, PrintStream stderr, Path kexecLoaded, String otherwise) {
        super("watchdog");
        setDaemon(true);
        this.script = script;
        this.stderr = stderr;
        this.kexecLoaded = kexecLoaded;
        this.otherwise = otherwise;
        this.deadline = System.nanoTime() + budget.toNanos();
        this.seconds = budget.toSeconds();
    }

    /** Arms the deadline for this JVM and the stop-on-signal hook. */
    public static Watchdog arm(String script, Duration budget, Path kexecLoaded) {
        return arm(script, budget, kexecLoaded, "the reboot goes on without kexec");
    }

    /** As {@link #arm(String, Duration, Path)}, for a run that is not a reboot's (`plan` as root). */
    public static Watchdog arm(String script, Duration budget, Path kexecLoaded, String otherwise) {
        PrintStream stderr = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        return arm(new Watchdog(script, budget, stderr, kexecLoaded, otherwise));
    }

    static Watchdog arm(Watchdog watchdog) {
        armed = watchdog;
        watchdog.start();
        Runtime.getRuntime().addShutdownHook(new OnSignal(watchdog));
        return watchdog;
    }

    /** Tests only: no watchdog for this JVM any more (its hook stays, and does nothing once ended). */
    static void disarm() {
        armed = null;
    }

    /** More time for one bounded step that may legitimately take it (kexec, up to KEXEC_TIMEOUT). */
    public static void extend(Duration more) {
        Watchdog watchdog = armed;
        if (watchdog != null) {
            synchronized (watchdog) {
                watchdog.deadline += more.toNanos();
                watchdog.seconds += more.toSeconds();
                watchdog.notifyAll();
            }
        }
    }

    /**
     * Called by the main thread when a program it waited for has ended, and before it exits: while
     * the watchdog ends the run (it killed that program), the main thread must not go on to report
     * the killed program as a failure of its own or halt first; it waits here for the halt.
     */
    public static void holdIfEnding() {
        Watchdog watchdog = armed;
        if (watchdog == null || !watchdog.ended) {
            return;
        }
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A file of ours in /run, removed however the run ends. */
    public static void removeAtEnd(Path temporary) {
        TEMPORARIES.add(temporary);
    }

    /** A program the shim started for us, killed with our own if the run ends before it does. */
    static void killAtEnd(long pid) {
        SHIM_RUN.add(pid);
    }

    /** It has ended (its pid may be another's soon): forget it. */
    static void forgetAtEnd(long pid) {
        SHIM_RUN.remove(pid);
    }

    /** The file is gone already (or handed over): forget it. */
    public static void forget(Path temporary) {
        TEMPORARIES.remove(temporary);
    }

    @Override
    public void run() {
        synchronized (this) {
            try {
                for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                return;
            }
        }
        long total;
        synchronized (this) {
            total = seconds;
        }
        end("did not finish within " + total + " seconds", true);
    }

    /**
     * Ends the run: children killed, our files removed, one line, then halt(0). Once only (the
     * deadline and a signal may come together).
     *
     * @param deadlinePassed false when the stop came from outside (a signal), true when the deadline passed
     */
    final void end(String what, boolean deadlinePassed) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        int killed = killChildren();
        removeTemporaries();
        String loaded = kernelLoadedAfterAll() ? "; a kernel is loaded all the same: S85kexec will run it"
                : "; " + otherwise;
        try {
            stderr.println(script + ": " + what + (killed > 0 ? " (its programs were killed)" : "") + loaded);
            stderr.flush();
        } finally {
            halt(deadlinePassed);
        }
    }

    /** Runtime.halt(0); a test overrides it. */
    protected void halt(boolean deadlinePassed) {
        Runtime.getRuntime().halt(0);
    }

    /** Every descendant, children before their parents are waited for, SIGKILL (no grace left). */
    static int killChildren() {
        int killed = 0;
        Iterator<ProcessHandle> descendants = ProcessHandle.current().descendants().iterator();
        java.util.List<ProcessHandle> all = new java.util.ArrayList<>();
        while (descendants.hasNext()) {
            all.add(descendants.next());
        }
        for (Long pid : SHIM_RUN) {
            ProcessHandle process = ProcessHandle.of(pid).orElse(null);
            if (process != null) {
                Iterator<ProcessHandle> its = process.descendants().iterator();
                while (its.hasNext()) {
                    all.add(its.next());
                }
                all.add(process);
            }
        }
        for (ProcessHandle process : all) {
            if (process.destroyForcibly()) {
                killed++;
            }
        }
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(500, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // Stuck in the kernel (D state): it cannot be waited for at shutdown.
            }
        }
        return killed;
    }

    private static void removeTemporaries() {
        for (Path temporary : TEMPORARIES) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // /run is a tmpfs: what is left goes with this boot.
            }
        }
    }

    private boolean kernelLoadedAfterAll() {
        if (kexecLoaded == null) {
            return false;
        }
        try {
            byte[] state = org.kexecreboot.BoundedRead.anyFile(kexecLoaded, 64, Duration.ofSeconds(1));
            return new String(state, StandardCharsets.ISO_8859_1).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, SIGINT, SIGHUP: the JVM runs shutdown hooks; ours ends the run as the deadline would. */
    private static final class OnSignal extends Thread {
        private final Watchdog watchdog;

        OnSignal(Watchdog watchdog) {
            super("watchdog-signal");
            this.watchdog = watchdog;
        }

        @Override
        public void run() {
            watchdog.end("stopped by a signal", false);
        }
    }
}
