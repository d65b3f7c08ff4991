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

    /**
     * The file system search names (how = "fs-uuid" or "label"), where this system has mounted it; else empty. The
     * device is udev's link for the name or, without one (no udev, or not settled), the mounted device whose
     * superblock has that UUID or label.
     */
    static Optional<MountedFileSystem> find(SystemPaths paths, String how, String name) {
        if (!how.equals("fs-uuid") && !how.equals("label")) {
            return Optional.empty(); // search --file: no one device to look for
        }
        String mountinfo = mountInfo(paths);
        if (mountinfo == null) {
            return Optional.empty();
        }
        Long device = GrubPaths.namedDevice(GrubPaths.udevDirectory(paths, how), GrubPaths.udevName(how, name));
        if (device == null) {
            device = bySuperblock(paths, mountinfo, how, name);
        }
        if (device == null) {
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

    /** /proc/self/mountinfo's text, or null when it cannot be read. */
    static String mountInfo(SystemPaths paths) {
        try {
            return new String(BoundedRead.anyFile(paths.mountInfo(), MAX_MOUNTINFO, BoundedRead.LIMIT),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** Superblocks read looking for a file system without udev: at most this many devices, and for this long. */
    static final int MAX_DEVICES_READ = 16;
    static final long MAX_SCAN_NANOS = 10_000_000_000L;

    /**
     * The device of the first whole mount (mountinfo's order) whose superblock has the UUID or label search asks for,
     * or null. A device that does not answer costs its bounded read; the whole scan is bounded too.
     */
    static Long bySuperblock(SystemPaths paths, String mountinfo, String how, String name) {
        long start = System.nanoTime();
        java.util.Set<String> tried = new java.util.HashSet<>();
        for (Mount mount : mounts(mountinfo)) {
            if (tried.size() >= MAX_DEVICES_READ || System.nanoTime() - start > MAX_SCAN_NANOS) {
                return null;
            }
            Long device = mount.deviceNumber();
            if (!mount.root().equals("/") || device == null || superblockType(mount.type()) == null
                    || !tried.add(mount.device())) {
                continue;
            }
            Superblock superblock = superblock(paths, mount, device);
            if (superblock != null && Boolean.TRUE.equals(superblock.matches(how, name))) {
                return device;
            }
        }
        return null;
    }

    /**
     * What the kernel says of the file system holding {@code holder}: the superblock of the device its mount table
     * names for the holder's device number (st_dev), or null when that cannot be told (no mount table, a file system
     * whose superblock is not one {@link Superblock} reads, such as tmpfs, overlay or btrfs, no device node).
     */
    static Superblock holding(SystemPaths paths, Path holder) {
        long device;
        try {
            if (!(Files.getAttribute(holder, "unix:dev") instanceof Long dev)) {
                return null;
            }
            device = dev;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
        String mountinfo = mountInfo(paths);
        if (mountinfo == null) {
            return null;
        }
        String wanted = major(device) + ":" + minor(device);
        for (Mount mount : mounts(mountinfo)) {
            if (mount.device().equals(wanted)) {
                return superblock(paths, mount, device); // every mount of a device shows the same superblock
            }
        }
        return null;
    }

    /** Superblock's type for a file system type of the mount table; null for one it does not read. */
    static String superblockType(String fsType) {
        switch (fsType) {
            case "ext2":
            case "ext3":
            case "ext4":
                return "ext";
            case "vfat":
            case "msdos":
                return "vfat";
            default:
                return null;
        }
    }

    /**
     * The superblock of a mount's device, read through a device node that is that device (a block device whose
     * st_rdev is the mount's number): the mount's source, /dev/block/MAJ:MIN, or /dev/ and the name the kernel's
     * uevent gives it; the first such node is read, and only if its type is the mount's. Null when none is there.
     */
    static Superblock superblock(SystemPaths paths, Mount mount, long device) {
        String type = superblockType(mount.type());
        if (type == null) {
            return null;
        }
        java.util.List<Path> nodes = new java.util.ArrayList<>();
        if (mount.source().startsWith("/")) {
            nodes.add(paths.resolve(mount.source()));
        }
        nodes.add(paths.device("block/" + mount.device()));
        String kernelName = kernelName(paths, mount.device());
        if (kernelName != null) {
            nodes.add(paths.device(kernelName));
        }
        for (Path node : nodes) {
            if (isBlockDevice(node, device)) {
                Superblock superblock = Superblock.read(node);
                return superblock != null && superblock.type().equals(type) ? superblock : null;
            }
        }
        return null;
    }

    /** DEVNAME in /sys/dev/block/MAJ:MIN/uevent ("sda2", "mapper/…" is not there: "dm-0"), or null. */
    static String kernelName(SystemPaths paths, String majorMinor) {
        try {
            String uevent = new String(BoundedRead.anyFile(paths.sysBlockDevice(majorMinor).resolve("uevent"), 4096,
                    BoundedRead.LIMIT), StandardCharsets.UTF_8);
            for (String line : uevent.split("\n")) {
                if (line.startsWith("DEVNAME=")) {
                    String name = line.substring(8);
                    return name.matches("[A-Za-z0-9_.:+-]+(/[A-Za-z0-9_.:+-]+)*") && !name.contains("..") ? name : null;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A block device (links followed) whose device number is {@code device}. */
    static boolean isBlockDevice(Path node, long device) {
        try {
            Object mode = Files.getAttribute(node, "unix:mode");
            Object rdev = Files.getAttribute(node, "unix:rdev");
            return mode instanceof Integer m && (m & 0170000) == 0060000 && rdev instanceof Long r && r == device;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return false;
        }
    }

    /**
     * One line of mountinfo (proc(5): "ID PARENT MAJOR:MINOR ROOT MOUNT-POINT OPTIONS [OPTIONAL…] - TYPE SOURCE …").
     *
     * @param device "MAJOR:MINOR"
     */
    record Mount(String device, String root, String mountPoint, String type, String source) {

        /** The line's parts, or null when it is not such a line. */
        static Mount parse(String line) {
            String[] fields = line.split(" ");
            for (int i = 6; i + 2 < fields.length; i++) {
                if (fields[i].equals("-")) {
                    return new Mount(fields[2], unescaped(fields[3]), unescaped(fields[4]), fields[i + 1],
                            unescaped(fields[i + 2]));
                }
            }
            return null;
        }

        /** The device number as st_dev holds it (glibc's makedev), or null when the field is not MAJOR:MINOR. */
        Long deviceNumber() {
            if (!device.matches("[0-9]{1,9}:[0-9]{1,9}")) {
                return null;
            }
            long major = Long.parseLong(device.substring(0, device.indexOf(':')));
            long minor = Long.parseLong(device.substring(device.indexOf(':') + 1));
            return ((major & 0xfffL) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xffL) | ((minor & ~0xffL) << 12);
        }
    }

    /** Every well-formed line of mountinfo, in mount order. */
    static java.util.List<Mount> mounts(String mountinfo) {
        java.util.List<Mount> mounts = new java.util.ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            Mount mount = Mount.parse(line);
            if (mount != null) {
                mounts.add(mount);
            }
        }
        return mounts;
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
