package org.kexecreboot.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;

class GrubPathsTest {

    @Test
    void devicePrefixIsDropped() {
        assertEquals("/vmlinuz", new GrubPaths(false).onSystem("(hd0,gpt2)/vmlinuz"));
    }

    @Test
    void devicePrefixIsDroppedAndBootAddedWhenBootIsAMountPoint() {
        assertEquals("/boot/vmlinuz", new GrubPaths(true).onSystem("(hd0,gpt2)/vmlinuz"));
    }

    @Test
    void plainPathStaysWhenBootIsOnTheRoot() {
        assertEquals("/boot/vmlinuz-6.1", new GrubPaths(false).onSystem("/boot/vmlinuz-6.1"));
    }

    @Test
    void plainPathGetsBootWhenBootIsAMountPoint() {
        assertEquals("/boot/vmlinuz-6.1", new GrubPaths(true).onSystem("/vmlinuz-6.1"));
    }

    @Test
    void relativePathIsLeftAsItIs() {
        assertEquals("vmlinuz", new GrubPaths(true).onSystem("vmlinuz"));
    }

    @Test
    void devicePrefixFollowedByRelativePathIsLeftAsWritten() {
        assertEquals("(hd0)vmlinuz", new GrubPaths(false).onSystem("(hd0)vmlinuz"));
    }

    @Test
    void unclosedDevicePrefixIsLeftAsWritten() {
        assertEquals("(hd0/vmlinuz", new GrubPaths(false).onSystem("(hd0/vmlinuz"));
    }

    @Test
    void bootDirectoryOnTheSameFileSystemIsNotAMountPoint(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("boot"));
        assertFalse(GrubPaths.of(new SystemPaths(root)).bootIsMountPoint());
    }

    @Test
    void missingBootIsNotAMountPoint(@TempDir Path root) {
        assertFalse(GrubPaths.of(new SystemPaths(root)).bootIsMountPoint());
    }

    @Test
    void dotDotStaysOnTheFileSystemOfGrubCfg() {
        assertEquals("/boot/etc/shadow", new GrubPaths(true).onSystem("/../etc/shadow"));
        assertEquals("/boot/vmlinuz", new GrubPaths(true).onSystem("/grub/../../vmlinuz"));
        assertEquals("/vmlinuz", new GrubPaths(false).onSystem("/boot/./../vmlinuz"));
    }

    @Test
    void aDeviceThatIsNotADiskIsNotMapped() {
        assertEquals("(loop)/casper/vmlinuz", new GrubPaths(false).onSystem("(loop)/casper/vmlinuz"));
        assertEquals("loop", GrubPaths.foreignDevice("(loop)/casper/vmlinuz"));
        assertEquals("memdisk", GrubPaths.foreignDevice("(memdisk)/x"));
        assertEquals(null, GrubPaths.foreignDevice("(hd0,gpt2)/vmlinuz"));
        assertEquals(null, GrubPaths.foreignDevice("(hd1,msdos5)/vmlinuz"));
        assertEquals(null, GrubPaths.foreignDevice("/vmlinuz"));
    }

    @Test
    void prefixIsGrubsDirectoryOnTheDeviceOfGrubCfg() {
        assertEquals("(hd0)/boot/grub", new GrubPaths(false).prefix());
        assertEquals("(hd0)/grub", new GrubPaths(true).prefix());
    }

    @Test
    void udevNamesOfLabels() {
        assertEquals("My\\x20Disk", GrubPaths.udevEscaped("My Disk"));
        assertEquals("a\\x2fb", GrubPaths.udevEscaped("a/b"));
        assertEquals("boot-1.2_x", GrubPaths.udevEscaped("boot-1.2_x"));
    }

    @Test
    void withoutUdevsDirectoryTheFileSystemCannotBeTold(@TempDir Path root) throws IOException {
        assertEquals(null, GrubPaths.sameDevice(root, root.resolve("dev/disk/by-uuid"), "x"));
        // a directory whose entries are not this file system's device: still cannot tell
        Files.createDirectories(root.resolve("dev/disk/by-uuid"));
        Files.createSymbolicLink(root.resolve("dev/disk/by-uuid/abcd"), Path.of("/dev/null"));
        assertEquals(null, GrubPaths.sameDevice(root, root.resolve("dev/disk/by-uuid"), "abcd"));
    }
}
