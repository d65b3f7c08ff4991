package org.kexecreboot.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.kexecreboot.SystemPaths;
import org.kexecreboot.exec.BoundedCommand.Outcome;
import org.kexecreboot.exec.PlainBoundedProcess;
import org.kexecreboot.exec.Programs;

/**
 * Reads /etc/default/kexec the way Debian's scripts do: {@code test -r FILE && . FILE} in /bin/sh,
 * then every snippet {@code run-parts --list /etc/default/kexec.d} names. Whatever the shell makes
 * of it (quotes, export, $(uname -r), later assignments winning, CRLF garbage) is what counts, so the
 * shell evaluates it and we only read the result back.
 *
 * <p>The values come back on a descriptor of their own (8 in the shell, {@link #READER}), never on
 * the file's stdout: a file that says {@code exec >/dev/null} or {@code exec 1>&2} still gives its
 * values, and the record never reaches the console. Each value is NUL-terminated after a header
 * (a shell variable holds any byte but NUL). Two ways in:
 * <ul>
 * <li>{@link #fromShim}: at reboot the init-script shim runs the reader beside the JVM's start
 * (bounded by {@code timeout}) and hands the record on our stdin, followed by {@code S<status>\n},
 * the reader's exit status. The JVM starts no process for it.
 * <li>{@link #read}: the JVM runs the reader itself (the command line, the tests), with the record on
 * the shell's stderr after everything else it wrote there.
 * </ul>
 */
public final class DefaultsFile {

    /** Evaluating a config file is quick; one that takes longer than this is hung (say, $(read)). */
    static final Duration LIMIT = Duration.ofSeconds(10);

    /**
     * How long the JVM waits for the shim's record: the shim's bound (timeout -k 2 10), and a margin.
     * A grandchild of the file may hold the pipe open for ever; we stop at the record's end, or here.
     */
    static final Duration SHIM_DEADLINE = Duration.ofSeconds(15);

    /** Values larger than this are no configuration (a kernel command line is at most a few KiB). */
    static final int RECORD_CAP = 1 << 20;

    /** What the reader writes before the values. */
    static final String HEADER = "\0kexec-reboot-defaults\0";

    /**
     * The shell that evaluates the file and writes the values to descriptor 8; $1 is the file, $2 the
     * kexec.d directory. Byte for byte launch.sh's KR_READER (DefaultsReaderTest). Aliases and
     * functions the file defined cannot change the printf (dash allows no function named unset).
     */
    public static final String READER = "test -r \"$1\" && . \"$1\"\n"
            + "if [ -d \"$2\" ]; then\n"
            + "\tfor snippet in $(run-parts --list \"$2\"); do\n"
            + "\t\t. \"$snippet\"\n"
            + "\tdone\n"
            + "fi\n"
            + "\\unalias -a 2>/dev/null\n"
            + "\\unset -f printf command 2>/dev/null\n"
            + "command printf \"\\0kexec-reboot-defaults\\0%s\\0%s\\0%s\\0%s\\0%s\\0%s\\0%s\\0%s\\0%s\\0\" \"${LOAD_KEXEC-}\" "
            + "\"${KERNEL_IMAGE-}\" \"${INITRD-}\" \"${APPEND-}\" \"${USE_GRUB_CONFIG-}\" \"${KEXEC_TIMEOUT-}\" "
            + "\"${KEXEC_SYSCALL-}\" \"${KEXEC_IGNORE_RULES-}\" \"${KEXEC_COLD_EVERY-}\" >&8 2>/dev/null\n"
            + "exit 0";

    private DefaultsFile() {
    }

    /** The defaults could not be read: the shell stopped before handing them back. */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    /**
     * Evaluates the file (and kexec.d) in a /bin/sh this JVM starts, as the script {@code scriptName}
     * would.
     *
     * @param scriptName $0 of the init script, so that shell errors name it as the original's would
     * @param environment the environment in effect while the file is sourced: a variable the file
     *     does not set keeps the value it has there, as in the original
     * @param stdout where the file's own output goes
     * @param stderr where the shell's complaints about the file (and what the file writes there) go
     */
    public static KexecDefaults read(SystemPaths paths, String scriptName, Map<String, String> environment,
            OutputStream stdout, OutputStream stderr) throws Unreadable {
        return read(paths, scriptName, environment, stdout, stderr, List.of(), LIMIT);
    }

    /**
     * As {@link #read(SystemPaths, String, Map, OutputStream, OutputStream)}, with the shell started
     * through {@code launcher} (say, a program that drops privileges, then execs its arguments).
     */
    public static KexecDefaults read(SystemPaths paths, String scriptName, Map<String, String> environment,
            OutputStream stdout, OutputStream stderr, List<String> launcher) throws Unreadable {
        return read(paths, scriptName, environment, stdout, stderr, launcher, LIMIT);
    }

    static KexecDefaults read(SystemPaths paths, String scriptName, Map<String, String> environment,
            OutputStream stdout, OutputStream stderr, List<String> launcher, Duration limit) throws Unreadable {
        Path file = paths.defaultsFile();
        List<String> argv = new ArrayList<>(launcher);
        argv.add(SystemPaths.shell().toString());
        argv.add("-c");
        argv.add("exec 8>&2\n" + READER);
        argv.add(scriptName);
        argv.add(file.toString());
        argv.add(paths.defaultsDir().toString());
        CappedOutput errors = new CappedOutput(RECORD_CAP);
        Outcome outcome = PlainBoundedProcess.run(argv, environment, limit, stdout, errors);
        byte[] bytes = errors.toByteArray();
        int header = lastIndexOf(bytes, HEADER.getBytes(StandardCharsets.ISO_8859_1));
        // Past the cap, what is left may hold a piece of a record too large to keep: none of it is shown.
        passOn(bytes, header >= 0 ? header : errors.overflowed() ? 0 : bytes.length, stderr);
        if (outcome instanceof Outcome.TimedOut) {
            throw new Unreadable(file + " did not finish evaluating within " + limit.toSeconds() + " seconds");
        }
        if (outcome instanceof Outcome.NotStarted notStarted) {
            throw new Unreadable("cannot run " + SystemPaths.shell() + ": " + notStarted.reason());
        }
        List<String> values = header < 0 ? null : fields(bytes, header + HEADER.length(), bytes.length);
        if (values == null && errors.overflowed()) {
            throw new Unreadable(file + ": more than " + (RECORD_CAP >> 10) + " KiB on stderr, or values that large");
        }
        if (values == null) {
            throw stopped(file, ((Outcome.Exited) outcome).status());
        }
        return of(values);
    }

    /**
     * The values the init-script shim hands on {@code in} (our stdin): the reader's record, then
     * {@code S<status>\n}. Read in a loop with a deadline (a grandchild of the file can hold the pipe
     * open; and readAllBytes on a pipe fails with "Illegal seek" on some JDK 17 updates), at most
     * {@link #RECORD_CAP} bytes. The file's own output went to the console directly.
     */
    public static KexecDefaults fromShim(InputStream in, SystemPaths paths) throws Unreadable {
        return fromShim(in, paths, SHIM_DEADLINE);
    }

    static KexecDefaults fromShim(InputStream in, SystemPaths paths, Duration deadline) throws Unreadable {
        Path file = paths.defaultsFile();
        ChannelReader reader = new ChannelReader(in);
        reader.start();
        try {
            reader.join(deadline.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Channel channel = reader.result();
        if (channel != null && channel.status >= 0 && !reader.isAlive()) {
            // Read to its trailer, and nobody reads stdin any more: the shim's answers can come on it.
            Programs.stdinRead();
        }
        if (channel == null) {
            throw new Unreadable(file + ": no values from the shell within " + deadline.toSeconds() + " seconds");
        }
        if (channel.tooLarge) {
            throw new Unreadable(file + ": its values are larger than " + (RECORD_CAP >> 10) + " KiB");
        }
        if (channel.values != null) {
            return of(channel.values);
        }
        if (channel.status < 0) {
            throw new Unreadable(file + ": the shell that evaluates it ended without an answer");
        }
        if (channel.status == 124 || channel.status == 137) { // timeout(1): TERM, then KILL after its -k
            throw new Unreadable(file + " did not finish evaluating within " + LIMIT.toSeconds() + " seconds");
        }
        throw stopped(file, channel.status);
    }

    /** The shell ended without the values: by the file's exit, or (status 0) its own doing on descriptor 8. */
    private static Unreadable stopped(Path file, int status) {
        if (status == 0) {
            return new Unreadable(file + " ended the shell (exit status 0) without handing back its values "
                    + "(an exit, or descriptor 8 closed)");
        }
        return new Unreadable(file + " stopped the shell (exit status " + status + ")");
    }

    private static KexecDefaults of(List<String> v) {
        return new KexecDefaults(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7),
                v.get(8));
    }

    /** What came on the shim's channel: the values (or null), the reader's exit status (or -1). */
    private static final class Channel {
        final List<String> values;
        final int status;
        final boolean tooLarge;

        Channel(List<String> values, int status, boolean tooLarge) {
            this.values = values;
            this.status = status;
            this.tooLarge = tooLarge;
        }
    }

    /**
     * Reads the channel until its record is complete, it ends, or it is too large. A Thread subclass
     * (a lambda would cost a bootstrap at every reboot); a daemon, so a pipe held open for ever
     * never keeps the JVM alive.
     */
    private static final class ChannelReader extends Thread {
        private final InputStream in;
        private volatile Channel result;

        ChannelReader(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        Channel result() {
            return result;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            int length = 0;
            Channel parsed = null;
            try {
                while (parsed == null) {
                    if (length == buffer.length) {
                        if (length >= RECORD_CAP + 64) {
                            parsed = new Channel(null, -1, true);
                            break;
                        }
                        buffer = java.util.Arrays.copyOf(buffer, Math.min(buffer.length * 2, RECORD_CAP + 64));
                    }
                    int n = in.read(buffer, length, buffer.length - length);
                    if (n < 0) {
                        break;
                    }
                    length += n;
                    parsed = parse(buffer, length);
                }
            } catch (IOException e) {
                // The channel broke: what came so far decides.
            }
            result = parsed != null ? parsed : endedEarly(buffer, length);
        }

        /** The channel ended before its trailer: values, if they came whole, without a status. */
        private static Channel endedEarly(byte[] b, int length) {
            List<String> values = null;
            if (startsWith(b, length, HEADER)) {
                int[] end = new int[1];
                values = fields(b, HEADER.length(), length, end);
            }
            return new Channel(values, -1, false);
        }
    }

    /** A complete channel (record if any, then the trailer), or null while more is to come. */
    static Channel parse(byte[] b, int length) {
        int at = 0;
        List<String> values = null;
        if (length < HEADER.length() && b[0] == 0) {
            return null; // the header is still coming
        }
        if (startsWith(b, length, HEADER)) {
            int[] end = new int[1];
            values = fields(b, HEADER.length(), length, end);
            if (values == null) {
                return null;
            }
            at = end[0];
        }
        if (at >= length) {
            return null;
        }
        if (b[at] != 'S') {
            // Not our trailer, not our record: the channel is garbage; take no values from it.
            return new Channel(null, -1, false);
        }
        int status = 0;
        for (int i = at + 1; i < length; i++) {
            if (b[i] == '\n') {
                return new Channel(values, status, false);
            }
            if (b[i] < '0' || b[i] > '9' || status > 100000) {
                return new Channel(values, -1, false);
            }
            status = status * 10 + (b[i] - '0');
        }
        return null;
    }

    private static boolean startsWith(byte[] b, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> fields(byte[] b, int from, int to) {
        return fields(b, from, to, new int[1]);
    }

    /** The NUL-terminated values from {@code from}, or null when fewer came; end[0]: just past them. */
    private static List<String> fields(byte[] b, int from, int to, int[] end) {
        List<String> values = new ArrayList<>(KexecDefaults.NAMES.length);
        int start = from;
        for (int i = from; i < to && values.size() < KexecDefaults.NAMES.length; i++) {
            if (b[i] == 0) {
                values.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        end[0] = start;
        return values.size() == KexecDefaults.NAMES.length ? values : null;
    }

    private static void passOn(byte[] bytes, int length, OutputStream out) {
        if (length == 0) {
            return;
        }
        try {
            out.write(bytes, 0, length);
            out.flush();
        } catch (IOException e) {
            // The console is gone; nothing useful to do about the shell's complaints.
        }
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
     * Keeps what the shell wrote to stderr, but never much more than twice the cap: past that only
     * the newest {@code cap} bytes stay (the record comes last), so a runaway `yes` cannot fill the heap.
     */
    private static final class CappedOutput extends OutputStream {
        private final int cap;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private boolean overflowed;

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
                overflowed = true;
            }
        }

        synchronized boolean overflowed() {
            return overflowed;
        }

        synchronized byte[] toByteArray() {
            return buffer.toByteArray();
        }
    }
}
