package org.kexecreboot.boot;

import java.io.IOException;
import java.nio.file.Files;

import org.kexecreboot.SystemPaths;

/**
 * Maps a path as GRUB reads it to the path on the running system. GRUB reads paths on the file
 * system that holds grub.cfg: with /boot a file system of its own, grub.cfg says /vmlinuz-6.1 for
 * what the system calls /boot/vmlinuz-6.1. A device prefix such as (hd0,gpt2) names that same file
 * system in grub-mkconfig's output and is dropped.
 *
 * @param bootIsMountPoint /boot is a separate file system
 */
record GrubPaths(boolean bootIsMountPoint) {

    static GrubPaths of(SystemPaths paths) {
        return new GrubPaths(isMountPoint(paths));
    }

    String onSystem(String grubPath) {
        String path = grubPath;
        if (path.startsWith("(")) {
            int close = path.indexOf(')');
            path = close < 0 ? path : path.substring(close + 1);
        }
        if (!path.startsWith("/")) {
            return grubPath; // not a path GRUB can read either; the file check reports it
        }
        return bootIsMountPoint ? "/boot" + path : path;
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
