package org.kexecreboot.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemPaths;

/**
 * Where this system has mounted the partitions systemd-boot reads: the EFI System Partition (ESP) and,
 * when there is one, the Extended Boot Loader partition (XBOOTLDR), found as systemd finds them
 * ({@code bootctl --print-esp-path}, {@code --print-boot-path}): the ESP is the first of /efi, /boot
 * and /boot/efi that is a mounted FAT file system; XBOOTLDR is /boot when it is mounted, is not the
 * ESP, and udev does not give its partition another type than XBOOTLDR's.
 *
 * @param esp      the ESP's mount point, or null when none of the three is one
 * @param xbootldr XBOOTLDR's mount point, or null
 * @param detail   how they were found, for plan
 */
public record BootPartitions(String esp, String xbootldr, String detail) {

    /** The Discoverable Partitions Specification's type of XBOOTLDR. */
    static final String XBOOTLDR_TYPE = "bc13c2ff-59e6-4262-a352-b275fd6f7172";

    /** A udev database record is a few KiB. */
    static final int MAX_UDEV_RECORD = 64 * 1024;

    public static BootPartitions find(SystemPaths paths) {
        String mountinfo = MountedFileSystem.mountInfo(paths);
        if (mountinfo == null) {
            return new BootPartitions(null, null, "the mount table cannot be read");
        }
        List<MountedFileSystem.Mount> mounts = MountedFileSystem.mounts(mountinfo);
        String esp = null;
        for (String candidate : SystemPaths.ESP_MOUNT_POINTS) {
            MountedFileSystem.Mount shown = shownAt(mounts, candidate);
            if (shown != null && shown.type().equals("vfat")) {
                esp = candidate;
                break;
            }
        }
        String xbootldr = null;
        String why = "";
        MountedFileSystem.Mount boot = shownAt(mounts, SystemPaths.XBOOTLDR_MOUNT_POINT);
        if (boot != null && !SystemPaths.XBOOTLDR_MOUNT_POINT.equals(esp)) {
            String type = partitionType(paths, boot.device());
            if (type == null || type.equals(XBOOTLDR_TYPE)) {
                xbootldr = SystemPaths.XBOOTLDR_MOUNT_POINT;
                why = type == null ? " (udev gives no partition type)" : "";
            } else {
                why = "; /boot is not XBOOTLDR (partition type " + type + ")";
            }
        }
        String detail = (esp == null ? "no ESP (none of /efi, /boot, /boot/efi is a mounted FAT file system)"
                : "ESP at " + esp) + (xbootldr != null ? ", XBOOTLDR at " + xbootldr : "") + why;
        return new BootPartitions(esp, xbootldr, detail);
    }

    /** The mount a path shows: the last mounted there (a later mount hides an earlier one), or null. */
    private static MountedFileSystem.Mount shownAt(List<MountedFileSystem.Mount> mounts, String mountPoint) {
        MountedFileSystem.Mount shown = null;
        for (MountedFileSystem.Mount mount : mounts) {
            if (mount.mountPoint().equals(mountPoint)) {
                shown = mount;
            }
        }
        return shown;
    }

    /** The partition type GUID udev recorded for the device (ID_PART_ENTRY_TYPE), lower case; null when none. */
    private static String partitionType(SystemPaths paths, String majorMinor) {
        try {
            String record = new String(BoundedRead.regularFile(paths.udevData(majorMinor), MAX_UDEV_RECORD,
                    BoundedRead.LIMIT), StandardCharsets.UTF_8);
            for (String line : record.split("\n")) {
                if (line.startsWith("E:ID_PART_ENTRY_TYPE=")) {
                    return line.substring("E:ID_PART_ENTRY_TYPE=".length()).strip().toLowerCase(java.util.Locale.ROOT);
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The mount points to read, the ESP first (as systemd-boot reads them). */
    public List<String> readable() {
        if (esp == null) {
            return List.of(); // systemd-boot runs from an ESP: without one mounted, nothing of it can be read
        }
        return xbootldr == null ? List.of(esp) : List.of(esp, xbootldr);
    }
}
