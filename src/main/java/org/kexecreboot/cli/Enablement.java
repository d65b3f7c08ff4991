package org.kexecreboot.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.config.DefaultsFile;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.console.OneLine;

/**
 * {@code kexec-reboot enable [--grub]} and {@code disable}: the switch an operator rolls out, as a
 * file of our own in /etc/default/kexec.d. That directory, not /etc/default/kexec: kexec-tools 2.0.27
 * and later (Debian 13) delete every LOAD_KEXEC line from /etc/default/kexec whenever the package is
 * configured, and never touch kexec.d. The file is the whole state: enable writes it (atomically,
 * under a name run-parts skips until it is complete), disable removes it, and running either twice
 * changes nothing the second time. Afterwards the configuration is evaluated as kexec-load will
 * evaluate it, so that a value the admin set elsewhere that wins over ours is said, not hidden.
 */
final class Enablement {

    /**
     * Read late in run-parts' order (after the admin's usual 50-local), so that the command run last
     * wins over most files; a file named after it still wins, and is reported.
     */
    static final String FILE_NAME = "90-kexec-reboot";

    /** run-parts --list's rule for names (Debian's run-parts without --lsbsysinit): others are not read. */
    private static final Pattern RUN_PARTS_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /** Our file is a few lines: more than this at its name is not ours. */
    private static final int OUR_FILE_CAP = 4096;

    private final SystemPaths paths;
    private final boolean root;
    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    Enablement(SystemPaths paths, boolean root, Map<String, String> environment, PrintStream out, PrintStream err) {
        this.paths = paths;
        this.root = root;
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    Path file() {
        return paths.defaultsDir().resolve(FILE_NAME);
    }

    /** What enable writes: every line a setting, so that the file explains itself to the next admin. */
    static String content(boolean grub) {
        return "# Written by `kexec-reboot enable" + (grub ? " --grub" : "") + "`; `kexec-reboot disable` removes this"
                + " file.\n"
                + "# Read after /etc/default/kexec, in run-parts order: a file named after this one wins.\n"
                + "LOAD_KEXEC=true\n"
                + (grub ? "USE_GRUB_CONFIG=true\n" : "");
    }

    int enable(boolean grub) {
        Path file = file();
        String settings = grub ? "LOAD_KEXEC=true USE_GRUB_CONFIG=true" : "LOAD_KEXEC=true";
        if (!root) {
            err.println("kexec-reboot: enable needs root (it writes " + file + "); nothing changed");
            return 1;
        }
        String wanted = content(grub);
        String present;
        try {
            present = current(file);
        } catch (IOException e) {
            err.println("kexec-reboot: cannot read " + file + ": " + SystemFiles.reason(e) + "; nothing changed");
            return 1;
        }
        if (wanted.equals(present)) {
            out.println("Already enabled: " + file + " sets " + settings + ".");
        } else {
            try {
                write(file, wanted);
            } catch (IOException e) {
                err.println("kexec-reboot: cannot write " + file + ": " + SystemFiles.reason(e) + "; nothing changed");
                return 1;
            }
            out.println((present == null ? "Enabled: " : "Enabled: rewrote ") + file + " to set " + settings + ".");
        }
        return verify(true, grub);
    }

    int disable() {
        Path file = file();
        if (!root) {
            err.println("kexec-reboot: disable needs root (it removes " + file + "); nothing changed");
            return 1;
        }
        try {
            if (Files.deleteIfExists(file)) {
                out.println("Disabled: removed " + file + ".");
            } else {
                out.println("Already disabled: " + file + " is not there.");
            }
        } catch (IOException e) {
            err.println("kexec-reboot: cannot remove " + file + ": " + SystemFiles.reason(e) + "; nothing changed");
            return 1;
        }
        return verify(false, false);
    }

    /**
     * Evaluates the configuration as kexec-load will and says where it disagrees with what was asked:
     * 0 when it agrees, 1 when another file wins (named when one mentions the variable), 3 when the
     * configuration cannot be evaluated at all (the shell stops on a file: kexec-load loads nothing).
     */
    private int verify(boolean enabled, boolean grub) {
        KexecDefaults defaults;
        try {
            defaults = DefaultsFile.read(paths, "kexec-reboot", environment, OutputStream.nullOutputStream(),
                    new PrintStream(OutputStream.nullOutputStream()));
        } catch (DefaultsFile.Unreadable e) {
            err.println("kexec-reboot: but the configuration cannot be evaluated (" + OneLine.escape(e.getMessage())
                    + "): kexec-load will load nothing");
            return 3;
        }
        if (defaults.loadEnabled() != enabled) {
            err.println("kexec-reboot: but LOAD_KEXEC is \"" + OneLine.escape(defaults.loadKexec())
                    + "\" once every file is read, " + winner("LOAD_KEXEC", enabled) + ": the next reboot "
                    + (enabled ? "does not go" : "still goes") + " through kexec");
            return 1;
        }
        if (grub && !defaults.grubEnabled()) {
            err.println("kexec-reboot: but USE_GRUB_CONFIG is \"" + OneLine.escape(defaults.useGrubConfig())
                    + "\" once every file is read, " + winner("USE_GRUB_CONFIG", true)
                    + ": the next reboot loads KERNEL_IMAGE, not GRUB's default entry");
            return 1;
        }
        return 0;
    }

    /**
     * Which file the value comes from, as far as reading (never running) the files can tell: with
     * ours written, only a file read after it can win; without ours, any file can.
     */
    private String winner(String variable, boolean oursWritten) {
        List<Path> candidates = new ArrayList<>();
        if (!oursWritten) {
            candidates.add(paths.defaultsFile());
        }
        for (Path snippet : snippets()) {
            if (!oursWritten || snippet.getFileName().toString().compareTo(FILE_NAME) > 0) {
                candidates.add(snippet);
            }
        }
        List<String> naming = new ArrayList<>();
        for (Path candidate : candidates) {
            try {
                byte[] text = BoundedRead.regularFile(candidate, 1 << 20, BoundedRead.LIMIT);
                if (new String(text, StandardCharsets.ISO_8859_1).contains(variable)) {
                    naming.add(candidate.toString());
                }
            } catch (IOException e) {
                // Not readable as a plain file: the shell may still read it; it is not named.
            }
        }
        if (!naming.isEmpty()) {
            return "set by " + String.join(" and ", naming) + (oursWritten ? " (read after ours)" : "");
        }
        return oursWritten ? "set by a file read after ours" : "set in /etc/default/kexec or kexec.d";
    }

    /** The snippets kexec-load reads, in its order: run-parts --list's names, sorted as bytes (C locale). */
    private List<Path> snippets() {
        List<Path> snippets = new ArrayList<>();
        Path dir = paths.defaultsDir();
        if (!Files.isDirectory(dir)) {
            return snippets;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (RUN_PARTS_NAME.matcher(entry.getFileName().toString()).matches() && Files.isRegularFile(entry)) {
                    snippets.add(entry);
                }
            }
        } catch (IOException e) {
            return snippets;
        }
        snippets.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return snippets;
    }

    /** Our file's text, or null when there is none. Something else at its name is an error. */
    private static String current(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(BoundedRead.kind(file) + " is there, not our file");
        }
        return new String(BoundedRead.regularFile(file, OUR_FILE_CAP, Duration.ofSeconds(2)), StandardCharsets.UTF_8);
    }

    /**
     * Written beside the target under a name with a dot, which run-parts never lists (a reboot in
     * between reads the old state, never half a file), flushed to disk, then renamed over it.
     */
    private static void write(Path file, String text) throws IOException {
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        Path temporary = dir.resolve("." + FILE_NAME + ".new");
        Files.deleteIfExists(temporary);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
