package org.kexecreboot.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.grub.GrubChoice;
import org.kexecreboot.grub.GrubConfigException;
import org.kexecreboot.grub.GrubDefaultEntry;
import org.kexecreboot.grub.GrubEnv;

/**
 * The files GRUB reads at boot, handed to the GRUB reader: grub.cfg, grubenv (what load_env sets),
 * and the platform (grub_platform is "efi" on a UEFI machine, "pc" otherwise).
 */
final class GrubDefault {

    private GrubDefault() {
    }

    /**
     * GRUB's default entry, or empty when grub.cfg is missing (the configured kernel stays, as in the
     * original) or unusable (then after one line on stderr saying why).
     */
    static Optional<GrubChoice> read(SystemPaths paths, Trace trace) {
        byte[] script;
        try {
            script = readAtMost(paths.grubCfg(), GrubDefaultEntry.MAX_SCRIPT_BYTES, "/boot/grub/grub.cfg");
        } catch (NoSuchFileException e) {
            trace.note("USE_GRUB_CONFIG", "\"true\", but there is no /boot/grub/grub.cfg: the kernel named in /etc/default/kexec");
            return Optional.empty();
        } catch (IOException e) {
            trace.warn("USE_GRUB_CONFIG", "cannot read GRUB's configuration (" + e.getMessage()
                    + "); using KERNEL_IMAGE and INITRD from /etc/default/kexec");
            return Optional.empty();
        }
        try {
            Map<String, String> env = new HashMap<>();
            env.put("grub_platform", Files.isDirectory(paths.efiFirmware()) ? "efi" : "pc");
            GrubPaths grubPaths = GrubPaths.of(paths);
            env.put("prefix", grubPaths.prefix());
            byte[] grubenv = null;
            try {
                grubenv = readAtMost(paths.grubEnv(), GrubEnv.MAX_SIZE, "/boot/grub/grubenv");
            } catch (NoSuchFileException e) {
                // No grubenv: load_env sets nothing.
            }
            if (grubenv != null) {
                env.putAll(GrubEnv.parse(grubenv));
            }
            GrubChoice choice = GrubDefaultEntry.resolve(script, env, grubPaths.files(paths));
            trace.note("USE_GRUB_CONFIG", "\"true\": GRUB's default entry \"" + choice.path() + "\" (" + choice.reason() + ")");
            return Optional.of(choice);
        } catch (IOException e) {
            trace.warn("USE_GRUB_CONFIG", "cannot read GRUB's configuration (" + e.getMessage()
                    + "); using KERNEL_IMAGE and INITRD from /etc/default/kexec");
        } catch (GrubConfigException e) {
            trace.warn("USE_GRUB_CONFIG", e.getMessage() + "; using KERNEL_IMAGE and INITRD from /etc/default/kexec");
        }
        return Optional.empty();
    }

    /**
     * A regular file, at most one byte more than the reader accepts (so that it can say the file is
     * too large) and within a time bound: a FIFO, a device or a hung /boot must not hold the reboot.
     *
     * @throws NoSuchFileException when there is no such file (nor a link to one)
     * @throws IOException whose message starts with the file's name and says why it was not read
     */
    private static byte[] readAtMost(Path file, int limit, String shownAs) throws IOException {
        try {
            return BoundedRead.regularFile(file, limit, BoundedRead.LIMIT);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (BoundedRead.Refused e) {
            throw new IOException(shownAs + " " + e.getMessage());
        } catch (IOException e) {
            throw new IOException(shownAs + ": " + SystemFiles.reason(e));
        }
    }
}
