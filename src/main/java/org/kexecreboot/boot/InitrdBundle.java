package org.kexecreboot.boot;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;

/**
 * kexec takes one --initrd; GRUB can pass several (CPU microcode, then the initramfs). The kernel
 * unpacks concatenated cpio archives, so one file made of all of them, in order, is what GRUB would
 * have handed over. It is written to /run (a tmpfs, still writable after umountroot) and removed as
 * soon as kexec has read it.
 *
 * @param target the target with at most one initrd, as kexec takes it
 * @param temporary the joined file we made, to remove after loading
 */
public record InitrdBundle(BootTarget target, Optional<Path> temporary) {

    /** Where the joined initrd goes, as the running system names it. */
    public static final String JOINED = "/run/kexec-reboot/initrd.img";

    /** Thrown when the initrds cannot be joined. */
    public static final class JoinFailed extends Exception {
        public JoinFailed(String message) {
            super(message);
        }
    }

    public static InitrdBundle of(SystemPaths paths, BootTarget target) throws JoinFailed {
        if (target.initrds().size() <= 1) {
            return new InitrdBundle(target, Optional.empty());
        }
        Path bundle = paths.resolve(JOINED);
        try {
            Files.createDirectories(bundle.getParent());
            try (OutputStream out = Files.newOutputStream(bundle)) {
                for (String initrd : target.initrds()) {
                    Files.copy(paths.resolve(initrd), out);
                }
            }
        } catch (IOException e) {
            throw new JoinFailed("cannot join the initrds " + String.join(" ", target.initrds()) + " into "
                    + JOINED + ": " + SystemFiles.reason(e));
        }
        return new InitrdBundle(new BootTarget(target.kernel(), List.of(JOINED), target.append()),
                Optional.of(bundle));
    }

    /** Removes the joined file: kexec has read it into memory. */
    public void removeTemporary() {
        if (temporary.isPresent()) {
            try {
                Files.deleteIfExists(temporary.get());
            } catch (IOException e) {
                // A leftover in /run is gone at the next boot anyway.
            }
        }
    }
}
