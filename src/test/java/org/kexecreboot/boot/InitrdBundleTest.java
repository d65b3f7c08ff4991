package org.kexecreboot.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertEquals(new BootTarget("/boot/vmlinuz-linux", List.of("/run/kexec-reboot/initrd.img"), "rw"), bundle.target());
        Path joined = root.resolve("run/kexec-reboot/initrd.img");
        assertEquals("MICROCODE|INITRAMFS", Files.readString(joined));
        assertEquals(Optional.of(joined), bundle.temporary());
        bundle.removeTemporary();
        assertFalse(Files.exists(joined));
    }

    @Test
    void aJoinThatCannotBeWrittenFailsWithTheReason() throws Exception {
        file("/a.img", "a");
        file("/b.img", "b");
        file("/run", "a file where the directory should be");
        var failure = assertThrows(InitrdBundle.JoinFailed.class, () -> InitrdBundle.of(new SystemPaths(root),
                new BootTarget("/vmlinuz", List.of("/a.img", "/b.img"), "ro")));
        assertTrue(failure.getMessage().startsWith("cannot join the initrds /a.img /b.img into /run/kexec-reboot/initrd.img"),
                failure.getMessage());
    }
}
