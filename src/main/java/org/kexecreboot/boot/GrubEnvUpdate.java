package org.kexecreboot.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kexecreboot.SystemFiles;
import org.kexecreboot.grub.GrubConfigException;
import org.kexecreboot.grub.GrubEnv;

/**
 * The change GRUB makes to grubenv when it boots the chosen entry, made after kexec has loaded that entry instead,
 * because GRUB does not run under kexec: grub-mkconfig's header clears a one-time {@code next_entry} (grub-reboot)
 * with {@code save_env next_entry}, and {@code savedefault} (GRUB_SAVEDEFAULT=true) records the entry as
 * {@code saved_entry}. Without it every later kexec reboot would boot the one-time entry again.
 *
 * <p>Only the variables GRUB's save_env would write change (each in its own line, the block keeping its size, as
 * GRUB writes it in place); the new block is written to a file beside grubenv and renamed over it, as grub-editenv
 * does, so a crash leaves the old block or the new one. Applied only after a successful {@code kexec -l}, never by
 * {@code plan}.
 *
 * @param grubenv the grubenv file on this system
 * @param writes  variable to new value (null: delete), in save_env's order; empty: nothing to do
 */
public record GrubEnvUpdate(Path grubenv, Map<String, String> writes) {

    public static final GrubEnvUpdate NONE = new GrubEnvUpdate(null, Map.of());

    public GrubEnvUpdate {
        writes = Collections.unmodifiableMap(new LinkedHashMap<>(writes));
    }

    public boolean isEmpty() {
        return grubenv == null || writes.isEmpty();
    }

    /** "next_entry= saved_entry=gnulinux-…", for the trace and the console. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : writes.entrySet()) {
            parts.add(e.getValue() == null ? "delete " + e.getKey() : e.getKey() + "=" + e.getValue());
        }
        return String.join(" ", parts);
    }

    /**
     * Writes the change; on any failure nothing is changed and the reason is returned (the reboot goes on either
     * way: the kernel is loaded).
     *
     * @return null when written, else why not
     */
    public String apply() {
        if (isEmpty()) {
            return null;
        }
        Path temporary = grubenv.resolveSibling(grubenv.getFileName() + ".kexec-reboot.new");
        try {
            byte[] block;
            try (InputStream in = Files.newInputStream(grubenv)) {
                block = in.readNBytes(GrubEnv.MAX_SIZE + 1);
            }
            byte[] changed = GrubEnv.withChanges(block, writes);
            Files.deleteIfExists(temporary); // left by a crash in an earlier run
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(changed);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(grubenv));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system (a FAT ESP): it has no permissions to keep
            }
            try {
                Files.move(temporary, grubenv, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                return "grubenv: cannot replace it atomically (" + SystemFiles.reason(e) + ")";
            }
            return null;
        } catch (IOException e) {
            return "grubenv: " + SystemFiles.reason(e);
        } catch (GrubConfigException e) {
            return e.getMessage();
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // nothing more can be done during a shutdown; the stray file is harmless to GRUB
            }
        }
    }
}
