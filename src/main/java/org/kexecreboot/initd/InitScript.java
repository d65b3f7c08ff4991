package org.kexecreboot.initd;

import java.util.Arrays;

import org.kexecreboot.exec.Watchdog;

/**
 * The part both init scripts share: the case statement on $1, and the rule that nothing here may
 * stop a reboot (any failure ends in one line on stderr and exit 0).
 */
abstract class InitScript {

    /** LSB's "unimplemented feature" status, the original's answer to anything but start and stop. */
    static final int UNSUPPORTED = 3;

    final Context context;

    InitScript(Context context) {
        this.context = context;
    }

    /** What `stop` does: the reboot work. */
    abstract void stop();

    /** $1 as the original's case statement reads it; extra arguments are ignored. */
    final int run(String[] arguments) {
        String action = arguments.length > 0 ? arguments[0] : "";
        switch (action) {
            case "start":
                return 0; // No-op, as in the original.
            case "restart", "reload", "force-reload":
                context.stderr().println("Error: argument '" + action + "' not supported");
                return UNSUPPORTED;
            case "stop":
                stop();
                return 0;
            default:
                context.stderr().println("Usage: " + context.invokedAs() + " start|stop");
                return UNSUPPORTED;
        }
    }

    /** The shim's $0 (argv[0]), or the script's name when started by hand without one. */
    static String invokedAs(String[] argv, String name) {
        return argv.length > 0 ? argv[0] : name;
    }

    /** The script's arguments: what follows $0. */
    static String[] arguments(String[] argv) {
        return argv.length > 0 ? Arrays.copyOfRange(argv, 1, argv.length) : new String[0];
    }

    /**
     * The end of an entry point. Whatever went wrong, the exit status is the original's (0, or 3 for
     * a bad argument) and the JVM exits now, without waiting for any thread a hung child may have
     * left behind.
     *
     * @param failure what escaped the script, or null
     */
    static void exit(String name, int status, Throwable failure) {
        Watchdog.holdIfEnding(); // the deadline or a signal is ending the run: its line, its halt
        if (failure != null) {
            try {
                System.err.println(name + ": internal error (" + failure + "); the reboot goes on without kexec");
                System.err.flush();
            } catch (Throwable ignored) {
                // Nothing left to tell it with.
            }
        }
        Runtime.getRuntime().halt(failure != null ? 0 : status);
    }
}
