package org.kexecreboot.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
        Path cfg = paths.grubCfg();
        if (!Files.isRegularFile(cfg)) {
            trace.note("USE_GRUB_CONFIG", "\"true\", but there is no /boot/grub/grub.cfg: the kernel named in /etc/default/kexec");
            return Optional.empty();
        }
        try {
            Map<String, String> env = new HashMap<>();
            env.put("grub_platform", Files.isDirectory(paths.efiFirmware()) ? "efi" : "pc");
            GrubPaths grubPaths = GrubPaths.of(paths);
            env.put("prefix", grubPaths.prefix());
            if (Files.isRegularFile(paths.grubEnv())) {
                env.putAll(GrubEnv.parse(readAtMost(paths.grubEnv(), GrubEnv.MAX_SIZE, "/boot/grub/grubenv")));
            }
            GrubChoice choice = GrubDefaultEntry.resolve(readAtMost(cfg, GrubDefaultEntry.MAX_SCRIPT_BYTES, "/boot/grub/grub.cfg"), env,
                    grubPaths.files(paths));
            trace.note("USE_GRUB_CONFIG", "\"true\": GRUB's default entry \"" + choice.path() + "\" (" + choice.reason() + ")");
            return Optional.of(choice);
        } catch (IOException e) {
            trace.warn("USE_GRUB_CONFIG", "cannot read GRUB's configuration (" + SystemFiles.reason(e)
                    + "); using KERNEL_IMAGE and INITRD from /etc/default/kexec");
        } catch (GrubConfigException e) {
            trace.warn("USE_GRUB_CONFIG", e.getMessage() + "; using KERNEL_IMAGE and INITRD from /etc/default/kexec");
        }
        return Optional.empty();
    }

    /** One byte more than the reader accepts, so that it can say the file is too large, and never more. */
    private static byte[] readAtMost(Path file, int limit, String shownAs) throws IOException, GrubConfigException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new GrubConfigException(shownAs + " is larger than " + (limit >> 10) + " KiB");
            }
            return bytes;
        }
    }
}
