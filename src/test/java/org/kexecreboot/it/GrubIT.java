package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * USE_GRUB_CONFIG=true in the fake root: the entry GRUB would boot, its files where the running
 * system sees them, and a fallback to /etc/default/kexec's kernel for a grub.cfg we cannot read.
 */
class GrubIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load stop";
    private static final String DEBIAN_UUID = "0c1a6a2e-8a4f-4c6b-9a51-4f0e1f1e7d11";
    private static final String DEBIAN_ARGS = "root=UUID=" + DEBIAN_UUID + " ro quiet";
    private static final String CONFIGURED_LOAD =
            "kexec [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n";

    @TempDir
    Path dir;

    private FakeRoot debian12(String corpusCase) {
        // the entries' search names the file system holding grub.cfg: the kernel's mount table and its superblock say so
        return FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true").with("grub-fs-uuid", DEBIAN_UUID)
                .resource("/boot/grub/grub.cfg", "grub-corpus/" + corpusCase + "/grub.cfg")
                .file("/boot/vmlinuz-6.1.0-13-amd64", "new").file("/boot/initrd.img-6.1.0-13-amd64", "new initrd")
                .file("/boot/vmlinuz-6.1.0-9-amd64", "old").file("/boot/initrd.img-6.1.0-9-amd64", "old initrd");
    }

    @Test
    void debian12DefaultIsTheFirstEntryNotTheLastRecoveryOne() {
        var result = debian12("debian12-default-0").run(K18);
        assertEquals("kexec [-l] [/boot/vmlinuz-6.1.0-13-amd64] [--initrd=/boot/initrd.img-6.1.0-13-amd64] "
                + "[--append=" + DEBIAN_ARGS + "]\n", result.kexecLog());
        assertEquals("", result.stderr());
    }

    @Test
    void savedEntryInTheSubmenuFromGrubenv() {
        var result = debian12("debian12-saved-entry-in-submenu")
                .resource("/boot/grub/grubenv", "grub-corpus/debian12-saved-entry-in-submenu/grubenv").run(K18);
        assertEquals("kexec [-l] [/boot/vmlinuz-6.1.0-9-amd64] [--initrd=/boot/initrd.img-6.1.0-9-amd64] "
                + "[--append=" + DEBIAN_ARGS + "]\n", result.kexecLog());
    }

    @Test
    void separateBootPartitionPathsAreReadUnderBoot() {
        var result = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true").with("boot-is-mountpoint")
                .with("grub-fs-uuid", "b8c1d7e2-4a3f-4c9e-8d2b-6f5e4a3b2c1d")
                .resource("/boot/grub/grub.cfg", "grub-corpus/centos7-saved-title/grub.cfg")
                .resource("/boot/grub/grubenv", "grub-corpus/centos7-saved-title/grubenv")
                .file("/boot/vmlinuz-3.10.0-1127.el7.x86_64", "k")
                .file("/boot/initramfs-3.10.0-1127.el7.x86_64.img", "i").run(K18);
        assertTrue(result.kexecLog().startsWith("kexec [-l] [/boot/vmlinuz-3.10.0-1127.el7.x86_64] "
                + "[--initrd=/boot/initramfs-3.10.0-1127.el7.x86_64.img] [--append=root=/dev/mapper/centos-root ro "),
                result.kexecLog());
    }

    @Test
    void microcodeAndInitramfsAreJoinedIntoOneInitrdThenRemoved() {
        var result = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true").with("boot-is-mountpoint")
                .with("grub-fs-uuid", FakeRoot.ARCH_BOOT).file("/boot/grub/grub.cfg", FakeRoot.archGrubCfg())
                .file("/boot/vmlinuz-linux", "kernel").file("/boot/intel-ucode.img", "MICROCODE|")
                .file("/boot/initramfs-linux.img", "INITRAMFS").run(K18);
        assertTrue(result.kexecLog().matches("kexec \\[-l\\] \\[/boot/vmlinuz-linux\\] "
                + "\\[--initrd=/run/kexec-reboot/initrd-[0-9]+\\.img\\] "
                + "\\[--append=root=UUID=5e4d3c2b-1a09-4f8e-b7d6-c5b4a3928170 rw loglevel=3 quiet\\]\n"), result.kexecLog());
        assertEquals("MICROCODE|INITRAMFS", result.loadedInitrd());
        assertFalse(result.after().matches("(?s).*run/kexec-reboot: [^\n]*initrd-.*"), "the joined initrd is removed: "
                + result.after());
        assertEquals("Loading new kernel image into memory...done.\n", result.stdout());
    }

    @Test
    void nonLinuxDefaultLoadsNothingAndSaysWhyOnStdout() {
        var result = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true")
                .resource("/boot/grub/grub.cfg", "grub-corpus/debian12-windows-chainloader/grub.cfg")
                .resource("/boot/grub/grubenv", "grub-corpus/debian12-windows-chainloader/grubenv").run(K18);
        assertEquals(0, result.rc());
        assertEquals("", result.kexecLog() + result.stderr());
        assertEquals("GRUB's default entry \"Windows 10 (on /dev/sda1)\" is not a Linux kernel (chainloader +1): "
                + "rebooting through the firmware and GRUB\n", result.stdout());
    }

    @Test
    void missingGrubCfgKeepsTheConfiguredKernel() {
        var result = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true").run(K18);
        assertEquals(CONFIGURED_LOAD, result.kexecLog());
        assertEquals("", result.stderr());
    }

    @Test
    void binaryGrubCfgFallsBackWithOneLine() {
        byte[] garbage = new byte[64 << 10];
        new Random(7).nextBytes(garbage);
        var result = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true").file("/boot/grub/grub.cfg", garbage)
                .run(K18);
        result.assertOneLineOnStderrAndExit0("using KERNEL_IMAGE and INITRD from /etc/default/kexec");
        assertEquals(CONFIGURED_LOAD, result.kexecLog());
    }

    @Test
    void hugeGrubCfgFallsBackWithOneLine() {
        byte[] huge = "menuentry 'x' {\n  linux /vmlinuz\n}\n".repeat(400_000).getBytes(StandardCharsets.UTF_8);
        var result = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true").file("/boot/grub/grub.cfg", huge)
                .run(K18);
        result.assertOneLineOnStderrAndExit0("larger than");
        assertEquals(CONFIGURED_LOAD, result.kexecLog());
    }

    @Test
    void unterminatedGrubCfgFallsBackWithOneLine() {
        var result = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true")
                .file("/boot/grub/grub.cfg", "set default=0\nmenuentry 'broken {\n  linux /vmlinuz-x\n").run(K18);
        result.assertOneLineOnStderrAndExit0("using KERNEL_IMAGE and INITRD from /etc/default/kexec");
        assertEquals(CONFIGURED_LOAD, result.kexecLog());
    }

    @Test
    void garbageGrubenvFallsBackWithOneLine() {
        byte[] garbage = new byte[1024];
        new Random(3).nextBytes(garbage);
        var result = debian12("debian12-saved-entry-in-submenu").file("/boot/grub/grubenv", garbage).run(K18);
        result.assertOneLineOnStderrAndExit0("using KERNEL_IMAGE and INITRD from /etc/default/kexec");
        assertEquals(CONFIGURED_LOAD, result.kexecLog());
    }

    @Test
    void grubEntryWithAMissingKernelIsNotLoaded() {
        var result = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true").with("grub-fs-uuid", DEBIAN_UUID)
                .resource("/boot/grub/grub.cfg", "grub-corpus/debian12-default-0/grub.cfg").run(K18);
        result.assertOneLineOnStderrAndExit0("kernel /boot/vmlinuz-6.1.0-13-amd64 does not exist");
        assertEquals("Loading new kernel image into memory...failed.\n", result.stdout());
        assertEquals("", result.kexecLog());
    }

    /** grub-reboot's one-time entry, in grubenv beside Debian's grub.cfg (whose header clears it when GRUB runs). */
    private FakeRoot oneTimeEntry() {
        return debian12("debian12-next-entry-mixed")
                .resource("/boot/grub/grubenv", "grub-corpus/debian12-next-entry-mixed/grubenv");
    }

    private static final String SAVED = "saved_entry=gnulinux-simple-0c1a6a2e-8a4f-4c6b-9a51-4f0e1f1e7d11 ";

    @Test
    void oneTimeEntryIsClearedAfterASuccessfulLoadAsGrubWould() {
        var result = oneTimeEntry().run(K18);
        assertTrue(result.kexecLog().contains("[/boot/vmlinuz-6.1.0-9-amd64]"), result.kexecLog());
        assertTrue(result.kexecLog().contains("single"), "the one-time entry is the recovery one: " + result.kexecLog());
        // only next_entry changed, to empty as GRUB's save_env writes it; same 1024 bytes; no temporary file left
        assertTrue(result.after().contains("grubenv 1024 bytes: " + SAVED + "next_entry= \n"), result.after());
        assertTrue(result.after().contains("boot/grub: grub.cfg grubenv \n"), result.after());
        assertEquals("", result.stderr());
        // and the next reboot loads the default again
    }

    @Test
    void oneTimeEntryStaysWhenTheLoadFails() {
        var result = oneTimeEntry().with("kexec.rc", "1").run(K18);
        assertTrue(result.after().contains("next_entry=1>gnulinux-6.1.0-9-amd64-recovery-"), result.after());
    }

    @Test
    void planNeverChangesGrubenv() {
        var result = oneTimeEntry().run("/project/src/main/sh/kexec-reboot plan");
        assertTrue(result.stdout().contains("after a successful load: next_entry="), result.stdout());
        assertTrue(result.after().contains("next_entry=1>gnulinux-6.1.0-9-amd64-recovery-"), result.after());
    }
}
