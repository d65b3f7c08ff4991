package org.kexecreboot.config;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.kexecreboot.SystemPaths;
import org.kexecreboot.exec.PlainBoundedProcess;
import org.kexecreboot.exec.BoundedCommand.Outcome;

/**
 * Reads /etc/default/kexec the way the original scripts do: {@code test -r FILE && . FILE} in
 * /bin/sh. Whatever the shell makes of it (quotes, export, $(uname -r), later assignments winning,
 * CRLF garbage) is what counts, so the shell evaluates it and we only read the result back.
 *
 * <p>The values come back NUL-separated after a marker, because a shell variable can hold any byte
 * but NUL. Anything the file itself prints before the marker is passed on to our stdout, as it would
 * have appeared when the original sourced the file.
 */
public final class DefaultsFile {

    /** Evaluating a config file is quick; one that takes longer than this is hung (say, $(read)). */
    static final Duration LIMIT = Duration.ofSeconds(10);

    private static final String MARKER = "\0kexec-reboot-defaults\0";

    /**
     * $1 is the file. printf's %s takes each value as it is; ${VAR-} keeps a file that says `set -u`
     * from failing on a variable it does not set (the original never reads KEXEC_TIMEOUT).
     */
    private static final String SCRIPT = "test -r \"$1\" && . \"$1\"\n"
            + "printf '\\0kexec-reboot-defaults\\0%s\\0%s\\0%s\\0%s\\0%s\\0%s\\0%s\\0' \"${LOAD_KEXEC-}\" "
            + "\"${KERNEL_IMAGE-}\" \"${INITRD-}\" \"${APPEND-}\" \"${USE_GRUB_CONFIG-}\" \"${KEXEC_TIMEOUT-}\""
            + " \"${KEXEC_SYSCALL-}\"\n";

    /** At most this much of what the file prints is kept: a runaway `yes` must not fill the heap. */
    private static final int OUTPUT_CAP = 1 << 20;

    private DefaultsFile() {
    }

    /** The defaults could not be read: the shell stopped before printing them. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    /**
     * Evaluates the file as the script {@code scriptName} would.
     *
     * @param scriptName $0 of the init script, so that shell errors name it as the original's would
     * @param environment the init script's environment (with its PATH), in effect while the file is
     *     sourced: a variable the file does not set keeps the value it has there, as in the original
     * @param stdout where the file's own output goes
     * @param stderr where the shell's complaints about the file go
     */
    public static KexecDefaults read(SystemPaths paths, String scriptName, Map<String, String> environment,
            OutputStream stdout, OutputStream stderr) throws Unreadable {
        return read(paths, scriptName, environment, stdout, stderr, LIMIT);
    }

    static KexecDefaults read(SystemPaths paths, String scriptName, Map<String, String> environment,
            OutputStream stdout, OutputStream stderr, Duration limit) throws Unreadable {
        Path file = paths.defaultsFile();
        List<String> argv = List.of(SystemPaths.shell().toString(), "-c", SCRIPT, scriptName, file.toString());
        CappedOutput output = new CappedOutput(OUTPUT_CAP);
        Outcome outcome = PlainBoundedProcess.run(argv, environment, limit, output, stderr);
        if (outcome instanceof Outcome.TimedOut) {
            throw new Unreadable(file + " did not finish evaluating within " + limit.toSeconds() + " seconds");
        }
        if (outcome instanceof Outcome.NotStarted notStarted) {
            throw new Unreadable("cannot run " + SystemPaths.shell() + ": " + notStarted.reason());
        }
        byte[] bytes = output.toByteArray();
        int marker = lastIndexOf(bytes, MARKER.getBytes(StandardCharsets.ISO_8859_1));
        if (marker < 0) {
            passOn(bytes, bytes.length, stdout);
            int status = ((Outcome.Exited) outcome).status();
            throw new Unreadable(file + " stopped the shell (exit status " + status + ")");
        }
        passOn(bytes, marker, stdout);
        List<String> values = split(Arrays.copyOfRange(bytes, marker + MARKER.length(), bytes.length));
        if (values.size() != KexecDefaults.NAMES.length) {
            throw new Unreadable(file + " left unexpected output after its values");
        }
        return new KexecDefaults(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4),
                values.get(5), values.get(6));
    }

    private static void passOn(byte[] bytes, int length, OutputStream stdout) {
        if (length == 0) {
            return;
        }
        try {
            stdout.write(bytes, 0, length);
            stdout.flush();
        } catch (java.io.IOException e) {
            // The console is gone; nothing useful to do about the config file's chatter.
        }
    }

    /** The NUL-terminated values; a shell variable holds bytes, which we read as UTF-8. */
    private static List<String> split(byte[] tail) {
        List<String> values = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < tail.length; i++) {
            if (tail[i] == 0) {
                values.add(new String(tail, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start != tail.length) {
            values.add(null); // trailing bytes without a terminator: not our printf's output
        }
        return values;
    }

    private static int lastIndexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = haystack.length - needle.length; i >= 0; i--) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Keeps what the shell wrote, but never much more than twice the cap: past that only the newest
     * {@code cap} bytes stay (the values are printed last), so a runaway `yes` cannot fill the heap.
     */
    private static final class CappedOutput extends OutputStream {
        private final int cap;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        CappedOutput(int cap) {
            this.cap = cap;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
            if (buffer.size() > 2 * cap) {
                byte[] all = buffer.toByteArray();
                buffer.reset();
                buffer.write(all, all.length - cap, cap);
            }
        }

        synchronized byte[] toByteArray() {
            return buffer.toByteArray();
        }
    }
}
