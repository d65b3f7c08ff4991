package org.kexecreboot.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;

class InitrdBundleTest {

    @TempDir
    Path root;

    private void file(String absolute, String content) throws IOException {
        Path p = root.resolve(absolute.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    @Test
    void oneOrNoInitrdIsPassedAsItIs() throws Exception {
        for (List<String> initrds : List.of(List.<String>of(), List.of("/initrd.img"))) {
            BootTarget target = new BootTarget("/vmlinuz", initrds, "ro");
            InitrdBundle bundle = InitrdBundle.of(new SystemPaths(root), target);
            assertEquals(target, bundle.target());
            assertEquals(Optional.empty(), bundle.temporary());
        }
        assertFalse(Files.exists(root.resolve("run")), "nothing written");
    }

    @Test
    void severalInitrdsAreJoinedInOrderUnderRunAndRemovedAfterwards() throws Exception {
        file("/boot/intel-ucode.img", "MICROCODE|");
        file("/boot/initramfs-linux.img", "INITRAMFS");
        InitrdBundle bundle = InitrdBundle.of(new SystemPaths(root),
                new BootTarget("/boot/vmlinuz-linux", List.of("/boot/intel-ucode.img", "/boot/initramfs-linux.img"), "rw"));
        String shown = bundle.target().initrds().get(0);
        assertTrue(shown.matches("/run/kexec-reboot/initrd-[0-9]+\\.img"), shown);
        Path joined = root.resolve(shown.substring(1));
        assertEquals("MICROCODE|INITRAMFS", Files.readString(joined));
        assertEquals(Optional.of(joined), bundle.temporary());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(joined.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(joined)));
        bundle.removeTemporary();
        assertFalse(Files.exists(joined));
    }

    @Test
    void twoRunsAtOnceGetAFileEachAndNeitherDisturbsTheOther() throws Exception {
        file("/a.img", "A");
        file("/b.img", "B");
        BootTarget target = new BootTarget("/vmlinuz", List.of("/a.img", "/b.img"), "ro");
        InitrdBundle first = InitrdBundle.of(new SystemPaths(root), target);
        InitrdBundle second = InitrdBundle.of(new SystemPaths(root), target);
        assertNotEquals(first.temporary(), second.temporary());
        first.removeTemporary();
        assertEquals("AB", Files.readString(second.temporary().orElseThrow()), "the other run's file is untouched");
        second.removeTemporary();
    }

    @Test
    void aJoinThatCannotBeWrittenFailsWithTheReason() throws Exception {
        file("/a.img", "a");
        file("/b.img", "b");
        file("/run", "a file where the directory should be");
        var failure = assertThrows(InitrdBundle.JoinFailed.class, () -> InitrdBundle.of(new SystemPaths(root),
                new BootTarget("/vmlinuz", List.of("/a.img", "/b.img"), "ro")));
        assertTrue(failure.getMessage().startsWith("cannot join the initrds /a.img /b.img: /run/kexec-reboot: Not a directory"),
                failure.getMessage());
    }

    @Test
    void onlyRegularFilesOfAKnownSizeAreJoined() throws Exception {
        file("/a.img", "a");
        file("/empty.img", "");
        Files.createDirectories(root.resolve("boot"));
        Files.createSymbolicLink(root.resolve("boot/zero.img"), Path.of("/dev/zero"));
        Files.createSymbolicLink(root.resolve("boot/proc.img"), Path.of("/proc/self/status"));
        mkfifo(root.resolve("boot/fifo.img"));
        for (String[] refused : new String[][] {{"/boot/zero.img", "is a character device, not a regular file"},
                {"/boot/fifo.img", "is a FIFO, not a regular file"},
                {"/boot/proc.img", "has no size known before reading it"},
                {"/empty.img", "has no size known before reading it"}}) {
            var failure = assertThrows(InitrdBundle.JoinFailed.class, () -> InitrdBundle.of(new SystemPaths(root),
                    new BootTarget("/vmlinuz", List.of("/a.img", refused[0]), "ro")));
            assertTrue(failure.getMessage().contains(refused[0] + " " + refused[1]), failure.getMessage());
        }
        assertFalse(Files.exists(root.resolve("run")), "refused before anything is written");
    }

    @Test
    void aRunDirectoryThatIsALinkOrOpenToOthersIsNotUsed() throws Exception {
        file("/a.img", "a");
        file("/b.img", "b");
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createDirectories(root.resolve("run"));
        Files.createSymbolicLink(root.resolve("run/kexec-reboot"), elsewhere);
        var failure = assertThrows(InitrdBundle.JoinFailed.class, () -> InitrdBundle.of(new SystemPaths(root),
                new BootTarget("/vmlinuz", List.of("/a.img", "/b.img"), "ro")));
        assertTrue(failure.getMessage().contains("/run/kexec-reboot is a symbolic link, not a directory"), failure.getMessage());
        Files.delete(root.resolve("run/kexec-reboot"));
        Files.createDirectory(root.resolve("run/kexec-reboot"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(root.resolve("run/kexec-reboot"), PosixFilePermissions.fromString("rwxrwxrwx"));
        failure = assertThrows(InitrdBundle.JoinFailed.class, () -> InitrdBundle.of(new SystemPaths(root),
                new BootTarget("/vmlinuz", List.of("/a.img", "/b.img"), "ro")));
        assertTrue(failure.getMessage().contains("others may write in it"), failure.getMessage());
        try (var left = Files.list(elsewhere)) {
            assertEquals(0, left.count(), "nothing written through the link");
        }
    }

    static void mkfifo(Path path) throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor());
    }
}
