package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: a GRUB entry whose search names a file system this system cannot tell from the one holding grub.cfg, in
 * a fake root without /dev/disk (as in containers, chroots, minimal systems, or before udev has settled). This
 * system's files of the same names are not taken for GRUB's: the entry is refused with one line and the reboot goes
 * through the firmware. Where the kernel can tell (the mount table and the superblock of grub.cfg's device), it does.
 */
class UnidentifiedFileSystemIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load stop";
    private static final String OTHER_UUID = "2c2c2c2c-0000-4000-8000-000000000002";
    private static final String BOOT_UUID = "1b1b1b1b-0000-4000-8000-000000000001";

    @TempDir
    Path dir;

    /** An os-prober entry for another disk's Linux whose kernel has the same name as one of this system's. */
    private FakeRoot otherDisksEntry(String rootLine) {
        return FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true").with("boot-is-mountpoint")
                .file("/boot/vmlinuz-other", "this system's kernel of the same name")
                .file("/boot/grub/grub.cfg", "menuentry 'Other Linux (on another disk)' {\n\t" + rootLine + "\n"
                        + "\tlinux /vmlinuz-other root=UUID=" + OTHER_UUID + " ro\n}\n");
    }

    @Test
    void aFileSystemThatCannotBeIdentifiedIsNotTakenForThisOne() {
        var result = otherDisksEntry("search --no-floppy --fs-uuid --set=root " + OTHER_UUID).run(K18);
        assertEquals("", result.kexecLog(), "this system's /boot/vmlinuz-other with the other disk's root=");
        assertFalse(result.loaded());
        assertEquals(0, result.rc());
        assertEquals("", result.stderr());
        assertEquals("GRUB's default entry \"Other Linux (on another disk)\" reads its kernel from the file system with"
                + " UUID " + OTHER_UUID + " (search --fs-uuid), which this system cannot identify as the one holding"
                + " grub.cfg or as one it has mounted: rebooting through the firmware and GRUB\n", result.stdout());
    }

    @Test
    void grubsNameForADiskIsNotTakenForThisOne() {
        var result = otherDisksEntry("set root='hd1,gpt2'").run(K18);
        assertEquals("", result.kexecLog());
        assertEquals(1, result.stdout().lines().count(), result.stdout());
        assertEquals(true, result.stdout().contains("\"Other Linux (on another disk)\" reads its kernel from GRUB's"
                + " device hd1,gpt2, which this system cannot identify"), result.stdout());
    }

    @Test
    void theKernelTellsThatGrubCfgsFileSystemIsAnotherOne() {
        // /boot an ext4 file system with another UUID: its superblock, found through the mount table, says so
        var result = otherDisksEntry("search --no-floppy --fs-uuid --set=root " + OTHER_UUID)
                .with("grub-fs-uuid", BOOT_UUID).run(K18);
        assertEquals("", result.kexecLog());
        assertEquals("GRUB's default entry \"Other Linux (on another disk)\" boots a kernel on another file system"
                + " (search fs-uuid " + OTHER_UUID + "), not the one holding grub.cfg, and that file system is not"
                + " mounted here: rebooting through the firmware and GRUB\n", result.stdout());
    }

    @Test
    void theKernelTellsThatGrubCfgsFileSystemIsTheOneSearchedFor() {
        var result = otherDisksEntry("search --no-floppy --fs-uuid --set=root " + OTHER_UUID.toUpperCase())
                .with("grub-fs-uuid", OTHER_UUID).run(K18);
        assertEquals("kexec [-l] [/boot/vmlinuz-other] [--append=root=UUID=" + OTHER_UUID + " ro]\n", result.kexecLog());
        assertEquals("", result.stderr());
    }

    /**
     * The same fake root without /dev/disk and with /boot on tmpfs, but the entry is 10_linux's for this system's
     * kernels: the name grub-mkconfig wrote for them is this system's /boot, and an os-prober entry's other UUID
     * beside it is still refused.
     */
    @Test
    void theFileSystemTenLinuxNamesIsThisSystemsBoot() {
        String tenLinux = "### BEGIN /etc/grub.d/10_linux ###\nmenuentry 'Debian GNU/Linux' {\n"
                + "\tsearch --no-floppy --fs-uuid --set=root " + BOOT_UUID + "\n"
                + "\tlinux /vmlinuz-6.1 root=UUID=" + BOOT_UUID + " ro\n}\n### END /etc/grub.d/10_linux ###\n"
                + "### BEGIN /etc/grub.d/30_os-prober ###\nmenuentry 'Other Linux (on another disk)' {\n"
                + "\tsearch --no-floppy --fs-uuid --set=root " + OTHER_UUID + "\n"
                + "\tlinux /vmlinuz-6.1 root=UUID=" + OTHER_UUID + " ro\n}\n### END /etc/grub.d/30_os-prober ###\n";
        FakeRoot root = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true").with("boot-is-mountpoint")
                .file("/boot/vmlinuz-6.1", "this system's kernel").file("/boot/grub/grub.cfg", tenLinux);
        var result = root.run(K18);
        assertEquals("kexec [-l] [/boot/vmlinuz-6.1] [--append=root=UUID=" + BOOT_UUID + " ro]\n", result.kexecLog());
        assertEquals("", result.stderr());

        FakeRoot second = FakeRoot.standard(dir.resolve("second")).defaults("USE_GRUB_CONFIG=true")
                .with("boot-is-mountpoint").file("/boot/vmlinuz-6.1", "this system's kernel")
                .file("/boot/grub/grub.cfg", "set default=1\n" + tenLinux);
        var other = second.run(K18);
        assertEquals("", other.kexecLog());
        assertTrue(other.stdout().contains("reads its kernel from the file system with UUID " + OTHER_UUID), other.stdout());
    }
}
