package org.kexecreboot.initd;

import java.util.Arrays;
import java.util.function.Function;

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

    /**
     * Entry point body: argv[0] is the shim's $0, the rest its arguments. Whatever goes wrong, the
     * exit status is the original's (0, or 3 for a bad argument) and the JVM exits now, without
     * waiting for any thread a hung child may have left behind.
     */
    static void main(String[] argv, String name, Function<Context, InitScript> script) {
        int status = 0;
        try {
            String invokedAs = argv.length > 0 ? argv[0] : name;
            String[] arguments = argv.length > 0 ? Arrays.copyOfRange(argv, 1, argv.length) : new String[0];
            status = script.apply(Context.fromShim(invokedAs)).run(arguments);
        } catch (Throwable t) {
            try {
                System.err.println(name + ": internal error (" + t + "); the reboot goes on without kexec");
                System.err.flush();
            } catch (Throwable ignored) {
                // Nothing left to tell it with.
            }
        }
        Runtime.getRuntime().halt(status);
    }
}
