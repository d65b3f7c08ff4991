package org.kexecreboot.initd;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.kexecreboot.SystemPaths;
import org.kexecreboot.console.LsbConsole;

/**
 * What an init script runs with: the system it looks at, how it was invoked, and its console.
 *
 * @param invokedAs $0, as init or the user typed it (it appears in the usage line)
 * @param stdout the console, unbuffered
 * @param environment the environment init gave us; kexec and /bin/sh get it with the script's PATH
 * @param stdoutIsTerminal [ -t 1 ] as the shim saw it
 */
public record Context(SystemPaths paths, String invokedAs, OutputStream stdout, PrintStream stderr,
        Map<String, String> environment, boolean stdoutIsTerminal) {

    /** The running system, as the shim started us. */
    static Context fromShim(String invokedAs) {
        return onRoot(SystemPaths.system(), invokedAs);
    }

    /** A system under {@code paths}, with this process's console and environment. */
    public static Context onRoot(SystemPaths paths, String invokedAs) {
        return new Context(paths, invokedAs, new FileOutputStream(FileDescriptor.out),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
                System.getenv(), Boolean.getBoolean("kexec.stdout.tty"));
    }

    public LsbConsole console() {
        return new LsbConsole(stdout, LsbConsole.fancyOutput(stdoutIsTerminal, environment.get("TERM")));
    }

    /** The environment with the script's own PATH, as the original sets it at its top. */
    public Map<String, String> environmentWithPath(String path) {
        var copy = new java.util.HashMap<>(environment);
        copy.put("PATH", path);
        return copy;
    }
}
