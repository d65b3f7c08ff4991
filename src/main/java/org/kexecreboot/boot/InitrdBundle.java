package org.kexecreboot.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.Privileges;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.exec.Watchdog;

/**
 * kexec takes one --initrd; GRUB can pass several (CPU microcode, then the initramfs). The kernel
 * unpacks concatenated cpio archives, so one file made of all of them, in order, is what GRUB would
 * have handed over. It is written to /run (a tmpfs, still writable after umountroot) and removed as
 * soon as kexec has read it.
 *
 * <p>Each run gets a file of its own (two runs at once, K18 and `kexec-reboot now`, must not share
 * one), created exclusively in a directory of root's that is checked, never through a link; only
 * regular files whose size is known before copying are joined, and only that many bytes of each
 * (a FIFO fed forever, a device, a /proc file would fill /run); a partial file is removed on every
 * failure, a full /run included, and by the {@link Watchdog} when the run is stopped.
 *
 * @param target the target with at most one initrd, as kexec takes it
 * @param temporary the joined file we made, to remove after loading
 */
public record InitrdBundle(BootTarget target, Optional<Path> temporary) {

    /** The private directory of the joined files, as the running system names it. */
    public static final String DIRECTORY = "/run/kexec-reboot";

    /** How `plan` shows the joined file, whose name each run chooses anew. */
    public static final String JOINED = DIRECTORY + "/initrd-NNN.img";

    /** Thrown when the initrds cannot be joined; nothing of ours is left in /run. */
    public static final class JoinFailed extends Exception {
        public JoinFailed(String message) {
            super(message);
        }
    }

    public static InitrdBundle of(SystemPaths paths, BootTarget target) throws JoinFailed {
        if (target.initrds().size() <= 1) {
            return new InitrdBundle(target, Optional.empty());
        }
        String what = "cannot join the initrds " + String.join(" ", target.initrds()) + ": ";
        List<Long> sizes = new ArrayList<>();
        for (String initrd : target.initrds()) {
            sizes.add(knownSize(paths.resolve(initrd), initrd, what));
        }
        Path directory = privateDirectory(paths.resolve(DIRECTORY), what);
        Path bundle;
        try {
            // CREATE_NEW (O_EXCL): never an existing file, never through a link; mode 0600.
            bundle = Files.createTempFile(directory, "initrd-", ".img");
        } catch (IOException e) {
            throw new JoinFailed(what + "cannot create a file in " + DIRECTORY + ": " + SystemFiles.reason(e));
        }
        Watchdog.removeAtEnd(bundle);
        try (OutputStream out = Files.newOutputStream(bundle, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            for (int i = 0; i < sizes.size(); i++) {
                copyExactly(paths.resolve(target.initrds().get(i)), sizes.get(i), out, target.initrds().get(i));
            }
        } catch (IOException e) {
            remove(bundle);
            throw new JoinFailed(what + "writing " + DIRECTORY + "/" + bundle.getFileName() + ": "
                    + SystemFiles.reason(e) + " (the partial file is removed)");
        }
        String shown = DIRECTORY + "/" + bundle.getFileName();
        return new InitrdBundle(new BootTarget(target.kernel(), List.of(shown), target.append()), Optional.of(bundle));
    }

    /** Removes the joined file: kexec has read it into memory. */
    public void removeTemporary() {
        if (temporary.isPresent()) {
            remove(temporary.get());
        }
    }

    private static void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover in /run is gone at the next boot anyway.
        }
        Watchdog.forget(file);
    }

    /** A regular file's size (links followed), known before it is read; anything else is refused. */
    private static long knownSize(Path file, String initrd, String what) throws JoinFailed {
        try {
            String kind = BoundedRead.kind(file);
            if (!kind.equals("a regular file")) {
                throw new JoinFailed(what + initrd + " is " + kind + ", not a regular file");
            }
            long size = Files.size(file);
            if (size <= 0) {
                throw new JoinFailed(what + initrd + " has no size known before reading it"
                        + " (empty, or a /proc or /sys file)");
            }
            return size;
        } catch (IOException e) {
            throw new JoinFailed(what + initrd + ": " + SystemFiles.reason(e));
        }
    }

    /** {@link #privateDirectory(Path, String)} for another of our files in it (the journal lines of a run). */
    public static void privateDirectory(Path directory) throws JoinFailed {
        privateDirectory(directory, "");
    }

    /**
     * /run/kexec-reboot as a directory of ours that nobody else can write: made with mode 0700, or
     * found so (not a link, owned by us, no group or other write). Anything else is not used.
     */
    private static Path privateDirectory(Path directory, String what) throws JoinFailed {
        try {
            Files.createDirectories(directory.getParent()); // /run: always there on a running system
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return directory;
        } catch (FileAlreadyExistsException e) {
            // Checked below.
        } catch (IOException e) {
            throw new JoinFailed(what + "cannot make " + DIRECTORY + ": " + SystemFiles.reason(e));
        }
        try {
            Object mode = Files.getAttribute(directory, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            Object owner = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int m = mode instanceof Integer i ? i : 0;
            String kind = BoundedRead.kindOfMode(m);
            if (!kind.equals("a directory")) {
                throw new JoinFailed(what + DIRECTORY + " is " + kind + ", not a directory; not using it");
            }
            if (!owner.equals(Privileges.uid()) || (m & 0022) != 0) {
                throw new JoinFailed(what + DIRECTORY + " belongs to uid " + owner + " or others may write in it"
                        + " (mode " + Integer.toOctalString(m & 07777) + "); not using it");
            }
            return directory;
        } catch (IOException e) {
            throw new JoinFailed(what + DIRECTORY + ": " + SystemFiles.reason(e));
        }
    }

    /** Exactly {@code size} bytes of the file: one that ends sooner changed under us; more is not read. */
    private static void copyExactly(Path file, long size, OutputStream out, String initrd) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(initrd + " became shorter while it was copied");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
