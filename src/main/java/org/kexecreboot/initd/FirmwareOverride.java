package org.kexecreboot.initd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;

/**
 * {@code kexec-reboot now --force}: the firmware has work (a {@link FirmwareRule} applies), and the
 * user kexecs anyway, this once. `now` loads, marks it ({@link SystemPaths#firmwareOverride()}), and
 * reboots; kexec-load at that reboot sees the mark, leaves the kernel loaded, and removes the mark.
 * Counts only as a regular file of root's (not a link): /run is root's, and nobody else may switch
 * the rules off.
 */
public final class FirmwareOverride {

    private FirmwareOverride() {
    }

    /** Whether the mark is there. Reads only (a stat, no content). */
    public static boolean set(SystemPaths paths) {
        Path mark = paths.firmwareOverride();
        try {
            return Files.isRegularFile(mark, LinkOption.NOFOLLOW_LINKS)
                    && Integer.valueOf(0).equals(Files.getAttribute(mark, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Makes the mark; null when it is there, else why not. */
    public static String make(SystemPaths paths) {
        try {
            Files.deleteIfExists(paths.firmwareOverride());
            Files.createFile(paths.firmwareOverride());
            return null;
        } catch (IOException e) {
            return "cannot create " + SystemPaths.FIRMWARE_OVERRIDE + ": " + SystemFiles.reason(e);
        }
    }

    /** Removes the mark (it served this reboot); null when gone, else why not. */
    public static String remove(SystemPaths paths) {
        try {
            Files.deleteIfExists(paths.firmwareOverride());
            return null;
        } catch (IOException e) {
            return "cannot remove " + SystemPaths.FIRMWARE_OVERRIDE + ": " + SystemFiles.reason(e);
        }
    }
}
