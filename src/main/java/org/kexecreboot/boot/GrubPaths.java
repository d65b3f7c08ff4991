package org.kexecreboot.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;

import org.kexecreboot.SystemPaths;
import org.kexecreboot.grub.GrubDefaultEntry;
import org.kexecreboot.grub.GrubFiles;

/**
 * Maps a path as GRUB reads it to the path on the running system. GRUB reads paths on the file
 * system that holds grub.cfg: with /boot a file system of its own, grub.cfg says /vmlinuz-6.1 for
 * what the system calls /boot/vmlinuz-6.1. A device prefix naming a disk, such as (hd1,gpt2),
 * is dropped here, where the path is mapped onto a file system already known to be the one GRUB
 * reads (an entry on another disk than grub.cfg's stand-in (hd0) is refused before that:
 * GrubChoice.ElsewhereEntry, not identified); a device that is not a
 * disk ((loop) inside an ISO, (memdisk), (cd0), (tftp), ...) holds files this system cannot see, and
 * such a path is not mapped at all ({@link #foreignDevice}).
 *
 * @param bootIsMountPoint /boot is a separate file system
 */
record GrubPaths(boolean bootIsMountPoint) {

    static GrubPaths of(SystemPaths paths) {
        return new GrubPaths(isMountPoint(paths));
    }

    /**
     * The GRUB variables the running system can tell: $root is the device holding grub.cfg (GRUB sets it before
     * reading grub.cfg; its real name depends on the firmware's disk order, so a fixed name stands for it), and
     * $prefix is GRUB's directory on it.
     */
    String prefix() {
        return "(" + GrubDefaultEntry.CONFIG_DEVICE + ")" + (bootIsMountPoint ? "/grub" : "/boot/grub");
    }

    String onSystem(String grubPath) {
        return under(mountPoint(), grubPath);
    }

    /** Where this system shows the file system holding grub.cfg. */
    String mountPoint() {
        return bootIsMountPoint ? "/boot" : "/";
    }

    /**
     * A path as GRUB reads it on a file system that this system has mounted at {@code mountPoint}: the device prefix
     * (a disk) dropped, "." and ".." resolved on GRUB's side, then the path under the mount point.
     */
    static String under(String mountPoint, String grubPath) {
        String path = grubPath;
        if (path.startsWith("(")) {
            int close = path.indexOf(')');
            if (close < 0 || foreignDevice(grubPath) != null) {
                return grubPath; // not a path GRUB can read, or not on this file system; the file check reports it
            }
            path = path.substring(close + 1);
        }
        if (!path.startsWith("/")) {
            return grubPath; // not a path GRUB can read either; the file check reports it
        }
        path = normalized(path);
        if (mountPoint.equals("/")) {
            return path;
        }
        return mountPoint + (path.equals("/") ? "" : path);
    }

    /**
     * The device of a path whose device prefix is not a disk ("loop" for "(loop)/casper/vmlinuz"), else null.
     * GRUB's disk names are hdN, fdN, and the same with partitions ("hd0,gpt2", "hd1,msdos1").
     */
    static String foreignDevice(String grubPath) {
        if (!grubPath.startsWith("(")) {
            return null;
        }
        int close = grubPath.indexOf(')');
        if (close < 0) {
            return null;
        }
        String device = grubPath.substring(1, close);
        return device.matches("(hd|fd)[0-9]+(,[a-z]*[0-9]+)*") ? null : device;
    }

    /**
     * "." and ".." resolved on GRUB's side: GRUB walks the file system holding grub.cfg, whose root directory is
     * its own parent, so "/../../etc/x" is "/etc/x" there, and never leaves a separate /boot.
     */
    static String normalized(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * GRUB's file tests answered on this system: the path mapped as {@link #onSystem}, then what is there (links
     * followed, as GRUB follows them). Only a stat, never a read.
     */
    GrubFiles files(SystemPaths paths) {
        java.nio.file.Path holder = bootIsMountPoint ? paths.boot() : paths.root();
        return new GrubFiles() {
            @Override
            public GrubFiles.Kind lookup(String grubPath) {
                return kindOf(paths.resolve(onSystem(grubPath)));
            }

            @Override
            public GrubFiles.Kind lookupElsewhere(String grubPath) {
                if (!bootIsMountPoint) {
                    return GrubFiles.Kind.MISSING; // the root file system is grub.cfg's: there is no other
                }
                String path = normalized(grubPath);
                if (path.equals("/boot") || path.startsWith("/boot/")) {
                    return null; // on the root file system that is the mount point, hidden under /boot's own
                }
                return kindOf(paths.resolve(path));
            }

            /** Read once per reading of grub.cfg (a loop may call hwmatch again). */
            private java.util.List<org.kexecreboot.grub.PciFunction> pci;
            private boolean pciRead;

            @Override
            public java.util.List<org.kexecreboot.grub.PciFunction> pciFunctions() {
                if (!pciRead) {
                    pci = PciBus.read(paths.pciDevices());
                    pciRead = true;
                }
                return pci;
            }

            @Override
            public byte[] read(String grubPath, int maxBytes) throws IOException {
                return org.kexecreboot.BoundedRead.regularFile(paths.resolve(onSystem(grubPath)), maxBytes,
                        org.kexecreboot.BoundedRead.LIMIT);
            }

            /** What the kernel says of grub.cfg's file system, read once per reading of grub.cfg. */
            private Superblock own;
            private boolean ownRead;

            /**
             * The superblock of the device holding grub.cfg, as the mount table names it, first: it is what GRUB
             * compares, and it needs no udev (containers, minimal systems, udev not settled); udev's links when it
             * cannot be read. null when neither tells: then the entry's file system is not taken for this one.
             */
            @Override
            public Boolean isThisFileSystem(String how, String value) {
                if (!ownRead) {
                    own = MountedFileSystem.holding(paths, holder);
                    ownRead = true;
                }
                Boolean bySuperblock = own == null ? null : own.matches(how, value);
                return bySuperblock != null ? bySuperblock : sameDevice(holder, udevDirectory(paths, how), udevName(how, value));
            }
        };
    }

    /** udev's directory of links for what search names by {@code how}: /dev/disk/by-label, else by-uuid. */
    static java.nio.file.Path udevDirectory(SystemPaths paths, String how) {
        return how.equals("label") ? paths.diskByLabel() : paths.diskByUuid();
    }

    /** The name udev gives {@code value} in {@link #udevDirectory}: a label escaped as udev does. */
    static String udevName(String how, String value) {
        return how.equals("label") ? udevEscaped(value) : value;
    }

    /**
     * The block device that udev names {@code name} in {@code directory} (st_rdev of the link's target), or null when
     * there is no such link, it is not a block device, or the directory is not udev's (more than 4096 entries).
     * UUIDs and labels are compared without case, as {@link #sameDevice} does.
     */
    static Long namedDevice(java.nio.file.Path directory, String name) {
        if (name.isEmpty() || name.contains("/") || !Files.isDirectory(directory)) {
            return null;
        }
        try (java.nio.file.DirectoryStream<java.nio.file.Path> links = Files.newDirectoryStream(directory)) {
            int seen = 0;
            for (java.nio.file.Path link : links) {
                if (++seen > 4096) {
                    return null;
                }
                if (link.getFileName().toString().equalsIgnoreCase(name)) {
                    Object mode = Files.getAttribute(link, "unix:mode");
                    Object rdev = Files.getAttribute(link, "unix:rdev");
                    boolean block = mode instanceof Integer m && (m & 0170000) == 0060000;
                    return block && rdev instanceof Long r ? r : null;
                }
            }
            return null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /**
     * Is the block device that udev names {@code name} in {@code directory} (/dev/disk/by-uuid, /dev/disk/by-label)
     * the device of the file system at {@code holder}? null when this system cannot tell: no such udev directory,
     * or a file system whose device number is not a block device's (btrfs, overlays).
     */
    static Boolean sameDevice(java.nio.file.Path holder, java.nio.file.Path directory, String name) {
        try {
            Object dev = Files.getAttribute(holder, "unix:dev");
            if (!Files.isDirectory(directory) || name.isEmpty() || name.contains("/")) {
                return null;
            }
            boolean any = false;
            try (java.nio.file.DirectoryStream<java.nio.file.Path> links = Files.newDirectoryStream(directory)) {
                int seen = 0;
                for (java.nio.file.Path link : links) {
                    if (++seen > 4096) {
                        return null; // not a udev directory
                    }
                    Object rdev = Files.getAttribute(link, "unix:rdev");
                    if (rdev.equals(dev)) {
                        any = true;
                        if (link.getFileName().toString().equalsIgnoreCase(name)) {
                            return true;
                        }
                    }
                }
            }
            // Only when udev names this file system's device at all can "not this name" mean "another one".
            return any ? Boolean.FALSE : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /** udev's name for a label: '/', ' ' and other unsafe bytes as \xNN. */
    static String udevEscaped(String label) {
        StringBuilder sb = new StringBuilder();
        for (byte b : label.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x80 || Character.isLetterOrDigit(c) || "#+-.:=@_".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return new String(sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    static GrubFiles.Kind kindOf(java.nio.file.Path file) {
        try {
            java.nio.file.attribute.BasicFileAttributes a =
                    Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            if (a.isDirectory()) {
                return GrubFiles.Kind.DIRECTORY;
            }
            return a.size() == 0 ? GrubFiles.Kind.EMPTY_FILE : GrubFiles.Kind.FILE;
        } catch (java.nio.file.NoSuchFileException e) {
            return GrubFiles.Kind.MISSING;
        } catch (IOException | SecurityException e) {
            return null; // cannot tell: the test stays undecided
        }
    }

    /** /boot is on another device than the root: the test `mountpoint /boot` makes. */
    private static boolean isMountPoint(SystemPaths paths) {
        try {
            Object boot = Files.getAttribute(paths.boot(), "unix:dev");
            Object root = Files.getAttribute(paths.root(), "unix:dev");
            return !boot.equals(root);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
