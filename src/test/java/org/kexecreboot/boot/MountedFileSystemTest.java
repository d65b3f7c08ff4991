package org.kexecreboot.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading the mount table for the file system a GRUB entry's search names. */
class MountedFileSystemTest {

    private static final String MOUNTINFO = """
            22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
            25 22 254:2 / /boot rw,relatime shared:2 - ext4 /dev/vda2 rw
            30 22 7:0 /subdir /srv/bind rw,relatime shared:3 - ext4 /dev/loop0 rw
            31 22 7:0 / /mnt/other\\040disk rw,relatime shared:4 - ext4 /dev/loop0 rw
            32 22 7:0 / /mnt/again rw,relatime shared:5 - ext4 /dev/loop0 rw
            """;

    @Test
    void theWholeFileSystemsMountsInMountOrderWithTheKernelsEscapesUndone() {
        // a bind of a directory (root /subdir) shows only part of the file system: not where GRUB's paths are
        assertEquals(List.of("/mnt/other disk", "/mnt/again"), MountedFileSystem.mountPoints(MOUNTINFO, 7, 0));
        assertEquals(List.of("/boot"), MountedFileSystem.mountPoints(MOUNTINFO, 254, 2));
        assertEquals(List.of(), MountedFileSystem.mountPoints(MOUNTINFO, 8, 1));
    }

    @Test
    void escapesAreThreeOctalDigitsOnly() {
        assertEquals("a b\tc\\d", MountedFileSystem.unescaped("a\\040b\\011c\\134d"));
        assertEquals("a\\04", MountedFileSystem.unescaped("a\\04"));
        assertEquals("a\\x41", MountedFileSystem.unescaped("a\\x41"));
    }

    @Test
    void deviceNumbersSplitAsLinuxEncodesThem() {
        // makedev(254, 1) and makedev(259, 65536 + 3): the large minor's high bits sit above bit 20
        long small = (254L << 8) | 1;
        assertEquals(254, MountedFileSystem.major(small));
        assertEquals(1, MountedFileSystem.minor(small));
        long large = ((259L & 0xfff) << 8) | (3 & 0xff) | ((65539L & ~0xffL) << 12);
        assertEquals(259, MountedFileSystem.major(large));
        assertEquals(65539, MountedFileSystem.minor(large));
    }

    @Test
    void grubPathsUnderAMountPoint() {
        assertEquals("/mnt/other/boot/vmlinuz", GrubPaths.under("/mnt/other", "/boot/vmlinuz"));
        assertEquals("/mnt/other/vmlinuz", GrubPaths.under("/mnt/other", "(hd1,gpt2)/boot/../vmlinuz"));
        // ".." stays inside that file system, as it does in GRUB
        assertEquals("/mnt/other/etc/x", GrubPaths.under("/mnt/other", "/../../etc/x"));
        assertEquals("/boot/vmlinuz", GrubPaths.under("/", "/boot/vmlinuz"));
        assertEquals("/boot/vmlinuz", GrubPaths.under("/boot", "/vmlinuz"));
    }

    @Test
    void aMountLineHasItsTypeAndSourceAfterTheOptionalFields() {
        MountedFileSystem.Mount m = MountedFileSystem.Mount.parse(
                "36 35 259:65539 /sub /mnt/a\\040b rw,noatime master:1 shared:7 - ext4 /dev/nvme0n1p3 rw,errors=remount-ro");
        assertEquals(new MountedFileSystem.Mount("259:65539", "/sub", "/mnt/a b", "ext4", "/dev/nvme0n1p3"), m);
        long number = m.deviceNumber();
        assertEquals(259, MountedFileSystem.major(number));
        assertEquals(65539, MountedFileSystem.minor(number));
        assertEquals(null, MountedFileSystem.Mount.parse("36 35 8:1 / /x rw"));
        assertEquals(null, MountedFileSystem.Mount.parse("36 35 x:1 / /x rw - ext4 /dev/x rw").deviceNumber());
        assertEquals(5, MountedFileSystem.mounts(MOUNTINFO + "garbage\n").size());
    }

    @Test
    void onlyFileSystemsWhoseSuperblockIsReadHaveOne() {
        assertEquals("ext", MountedFileSystem.superblockType("ext4"));
        assertEquals("ext", MountedFileSystem.superblockType("ext2"));
        assertEquals("vfat", MountedFileSystem.superblockType("vfat"));
        for (String other : new String[] {"tmpfs", "overlay", "btrfs", "xfs", "zfs", "nfs4", "fuse.sshfs"}) {
            assertEquals(null, MountedFileSystem.superblockType(other), other);
        }
    }

    @Test
    void theKernelsNameOfABlockDevice(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
        org.kexecreboot.SystemPaths paths = new org.kexecreboot.SystemPaths(root);
        java.nio.file.Path uevent = root.resolve("sys/dev/block/8:2/uevent");
        java.nio.file.Files.createDirectories(uevent.getParent());
        java.nio.file.Files.writeString(uevent, "MAJOR=8\nMINOR=2\nDEVNAME=sda2\nDEVTYPE=partition\n");
        assertEquals("sda2", MountedFileSystem.kernelName(paths, "8:2"));
        java.nio.file.Files.writeString(uevent, "DEVNAME=../etc/passwd\n");
        assertEquals(null, MountedFileSystem.kernelName(paths, "8:2"));
        assertEquals(null, MountedFileSystem.kernelName(paths, "8:3"));
        // nothing there that is the device: no superblock is read
        assertEquals(null, MountedFileSystem.superblock(paths,
                MountedFileSystem.Mount.parse("25 22 8:2 / /boot rw - ext4 /dev/sda2 rw"), (8L << 8) | 2));
        assertEquals(null, MountedFileSystem.holding(paths, root)); // no mount table
    }
}
