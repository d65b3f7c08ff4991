package org.kexecreboot.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.efi.EfiVariables;

/** USE_GRUB_CONFIG=true on a machine whose boot loader is systemd-boot: which loader, and its entry as the target. */
class SystemdBootSelectionTest {

    @TempDir
    Path root;

    private SystemPaths paths;

    @BeforeEach
    void system() throws IOException {
        paths = new SystemPaths(root);
        file("/vmlinuz", "kernel of KERNEL_IMAGE");
        file("/proc/cmdline", "root=/dev/sda1 ro\n");
    }

    private void file(String absolute, String content) throws IOException {
        Path p = root.resolve(absolute.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private void mounts(String... lines) throws IOException {
        StringBuilder table = new StringBuilder("21 1 8:2 / / rw - ext4 /dev/sda2 rw\n");
        int id = 30;
        for (String line : lines) {
            table.append(id++).append(' ').append(line).append('\n');
        }
        file("/proc/self/mountinfo", table.toString());
    }

    private void loaderInfo(String value) throws IOException {
        Path p = root.resolve("sys/firmware/efi/efivars/LoaderInfo-" + EfiVariables.LOADER);
        Files.createDirectories(p.getParent());
        Files.write(p, EfiVariables.encode(6, (value + "\0").getBytes(StandardCharsets.UTF_16LE)));
    }

    private void entry(String partition, String name, String extra) throws IOException {
        file(partition + "/loader/entries/" + name, "title Debian GNU/Linux 13 (trixie)\nversion 6.12.9-amd64\n"
                + "options root=UUID=abc ro quiet\nlinux /mid/6.12.9-amd64/linux\ninitrd /mid/6.12.9-amd64/initrd.img\n" + extra);
        file(partition + "/mid/6.12.9-amd64/linux", "kernel");
        file(partition + "/mid/6.12.9-amd64/initrd.img", "initrd");
    }

    private Selection select(Trace trace) {
        return new TargetSelector(paths).select(new KexecDefaults("true", "/vmlinuz", "", "", "true", ""), trace);
    }

    @Test
    void loaderInfoMakesItSystemdBootAndItsDefaultEntryIsLoaded() throws IOException {
        mounts("21 8:1 / /efi rw - vfat /dev/sda1 rw");
        loaderInfo("systemd-boot 257.9-1~deb13u1");
        entry("/efi", "mid-6.12.9-amd64.conf", "");
        file("/boot/grub/grub.cfg", "menuentry 'GRUB, not booted' { linux /vmlinuz-grub }\n");
        Trace trace = new Trace();
        Selection.Load load = assertInstanceOf(Selection.Load.class, select(trace));
        assertEquals(new BootTarget("/efi/mid/6.12.9-amd64/linux", List.of("/efi/mid/6.12.9-amd64/initrd.img"),
                "root=UUID=abc ro quiet"), load.target());
        assertTrue(load.afterLoad().isEmpty());
        String steps = trace.steps().toString();
        assertTrue(steps.contains("systemd-boot (LoaderInfo \"systemd-boot 257.9-1~deb13u1\": the firmware started it);"
                + " ESP at /efi"), steps);
        assertTrue(steps.contains("from the options of systemd-boot's entry"), steps);
    }

    @Test
    void withoutLoaderInfoGrubCfgDecides() throws IOException {
        mounts("21 8:1 / /boot/efi rw - vfat /dev/sda1 rw");
        entry("/boot/efi", "a.conf", "");
        file("/boot/grub/grub.cfg", "menuentry 'Debian' { linux /vmlinuz root=/dev/sda1 }\n");
        Trace trace = new Trace();
        select(trace);
        assertTrue(trace.steps().get(0).finding().startsWith("GRUB (/boot/grub/grub.cfg)"), trace.steps().toString());
    }

    @Test
    void withoutLoaderInfoOrGrubCfgEntriesOnTheEspMakeItSystemdBoot() throws IOException {
        mounts("21 8:1 / /boot/efi rw - vfat /dev/sda1 rw");
        entry("/boot/efi", "a.conf", "");
        Selection.Load load = assertInstanceOf(Selection.Load.class, select(new Trace()));
        assertEquals("/boot/efi/mid/6.12.9-amd64/linux", load.target().kernel());
    }

    @Test
    void xbootldrAtBootUnlessUdevSaysItIsAnotherPartition() throws IOException {
        mounts("21 8:1 / /efi rw - vfat /dev/sda1 rw", "21 8:3 / /boot rw - ext4 /dev/sda3 rw");
        loaderInfo("systemd-boot 252.39-1~deb12u2");
        entry("/boot", "a.conf", "");
        assertEquals("/boot/mid/6.12.9-amd64/linux", assertInstanceOf(Selection.Load.class, select(new Trace())).target().kernel());
        file("/run/udev/data/b8:3", "E:ID_PART_ENTRY_TYPE=0FC63DAF-8483-4772-8E79-3D69D8477DE4\n");
        String why = assertInstanceOf(Selection.ColdReboot.class, select(new Trace())).why();
        assertTrue(why.startsWith("systemd-boot has no Linux entry here"), why);
        file("/run/udev/data/b8:3", "E:ID_PART_ENTRY_TYPE=BC13C2FF-59E6-4262-A352-B275FD6F7172\n");
        assertInstanceOf(Selection.Load.class, select(new Trace()));
    }

    @Test
    void noEspMountedOrAnEntryKexecCannotBootGoesThroughTheFirmware() throws IOException {
        mounts("21 8:1 / /efi rw - ext4 /dev/sda1 rw");
        loaderInfo("systemd-boot 257.9-1~deb13u1");
        String why = assertInstanceOf(Selection.ColdReboot.class, select(new Trace())).why();
        assertTrue(why.startsWith("systemd-boot is the boot loader, but no ESP is mounted"), why);
        mounts("21 8:1 / /efi rw - vfat /dev/sda1 rw");
        entry("/efi", "a+3.conf", "");
        why = assertInstanceOf(Selection.ColdReboot.class, select(new Trace())).why();
        assertTrue(why.contains("counts its boots (a+3.conf: 3 tries left)"), why);
    }

    @Test
    void grubOffKeepsKernelImageWithoutLookingAtTheLoader() throws IOException {
        mounts("21 8:1 / /efi rw - vfat /dev/sda1 rw");
        loaderInfo("systemd-boot 257.9-1~deb13u1");
        entry("/efi", "a.conf", "");
        Trace trace = new Trace();
        Selection.Load load = assertInstanceOf(Selection.Load.class,
                new TargetSelector(paths).select(new KexecDefaults("true", "/vmlinuz", "", "", "false", ""), trace));
        assertEquals("/vmlinuz", load.target().kernel());
        assertFalse(trace.steps().toString().contains("boot loader"));
    }
}
