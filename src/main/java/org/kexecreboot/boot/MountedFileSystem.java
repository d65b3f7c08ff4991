package org.kexecreboot.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemPaths;

/**
 * Another file system than the one holding grub.cfg, found where this system has mounted it: the file system a
 * GRUB entry's {@code search --fs-uuid/--label} names (os-prober's entry for a second Linux whose root is mounted
 * here). GRUB reads that entry's kernel from that file system; so can we, through its mount point, and only there.
 *
 * <p>Found through udev's link for the UUID or label (the block device) and the mount table: the first mount of that
 * device's whole file system (mountinfo's root "/", not a bind of a directory) whose mount point still shows it (not
 * mounted over). Each file taken from it must be on that device ({@link #holds}): a path that crosses another mount
 * inside it (its /boot, say) is not what GRUB reads.
 *
 * @param mountPoint where this system shows the file system, absolute ("/mnt/fedora")
 * @param device     its block device (st_rdev of udev's link, st_dev of its files)
 */
record MountedFileSystem(String mountPoint, long device) {

    /** /proc/self/mountinfo has a line per mount; a few hundred lines on busy machines, 1 MiB is far above. */
    static final int MAX_MOUNTINFO = 1 << 20;

    /** The file system search names (how = "fs-uuid" or "label"), where this system has mounted it; else empty. */
    static Optional<MountedFileSystem> find(SystemPaths paths, String how, String name) {
        if (!how.equals("fs-uuid") && !how.equals("label")) {
            return Optional.empty(); // search --file: no one device to look for
        }
        Long device = GrubPaths.namedDevice(GrubPaths.udevDirectory(paths, how), GrubPaths.udevName(how, name));
        if (device == null) {
            return Optional.empty();
        }
        String mountinfo;
        try {
            mountinfo = new String(BoundedRead.anyFile(paths.mountInfo(), MAX_MOUNTINFO, BoundedRead.LIMIT),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String mountPoint : mountPoints(mountinfo, major(device), minor(device))) {
            MountedFileSystem fs = new MountedFileSystem(mountPoint, device);
            if (fs.holds(paths.resolve(mountPoint))) {
                return Optional.of(fs);
            }
        }
        return Optional.empty();
    }

    /** Is the file (links followed) on this file system's device? */
    boolean holds(Path file) {
        try {
            return Files.getAttribute(file, "unix:dev") instanceof Long dev && dev == device;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return false;
        }
    }

    /**
     * The mount points, in mount order, of the whole file system on device major:minor, from mountinfo's text
     * (proc(5): "ID PARENT MAJOR:MINOR ROOT MOUNT-POINT OPTIONS …", the mount point with \ooo escapes).
     */
    static java.util.List<String> mountPoints(String mountinfo, long major, long minor) {
        String wanted = major + ":" + minor;
        java.util.List<String> found = new java.util.ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length > 4 && fields[2].equals(wanted) && fields[3].equals("/")) {
                found.add(unescaped(fields[4]));
            }
        }
        return found;
    }

    /** The kernel's escapes in mountinfo: space, tab, newline and backslash as \ooo. */
    static String unescaped(String field) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** glibc's gnu_dev_major: the device number's split as Linux encodes it. */
    static long major(long dev) {
        return ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
    }

    /** glibc's gnu_dev_minor. */
    static long minor(long dev) {
        return (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
    }
}
