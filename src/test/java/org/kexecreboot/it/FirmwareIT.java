package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firmware has work at the next boot (issue 24 item 1): UEFI variables in the fake root's efivarfs,
 * laid out as the kernel presents them (4 attribute bytes, then the data), and the real shims and
 * command line.
 */
class FirmwareIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load stop";
    private static final String S85 = "/etc/rc6.d/S85kexec stop";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    private static final String FAKE_REBOOT = "#!/bin/sh\necho \"reboot called\"\n";
    private static final String GLOBAL = "8be4df61-93ca-11d2-aa0d-00e098032b8c";
    private static final String EFIVARS = "/sys/firmware/efi/efivars/";
    private static final String BOOT_NEXT_LINE = "BootNext=Boot0003 (Linux-Firmware-Updater): the firmware boots that"
            + " entry once, so this reboot goes through the firmware";
    private static final String LOAD = "kexec [-l] [/vmlinuz] [--initrd=/initrd.img]"
            + " [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n";

    @TempDir
    Path dir;

    /** efivarfs' bytes: attributes NV|BS|RT (7, little-endian), then the data. */
    private static byte[] variable(byte[] data) {
        return ByteBuffer.allocate(4 + data.length).order(ByteOrder.LITTLE_ENDIAN).putInt(7).put(data).array();
    }

    /** A Boot#### load option: attributes, device path length, the description (UTF-16LE, NUL), an end node. */
    private static byte[] loadOption(String description) {
        byte[] text = (description + "\0").getBytes(StandardCharsets.UTF_16LE);
        return ByteBuffer.allocate(6 + text.length + 4).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putShort((short) 4)
                .put(text).put(new byte[] {0x7f, (byte) 0xff, 4, 0}).array();
    }

    /** What `efibootmgr -n 3` and fwupd leave: BootNext=3, and its entry. */
    private FakeRoot bootNext(Path where) {
        return FakeRoot.standard(where).file(EFIVARS + "BootNext-" + GLOBAL, variable(new byte[] {3, 0}))
                .file(EFIVARS + "Boot0003-" + GLOBAL, variable(loadOption("Linux-Firmware-Updater")));
    }

    private FakeRoot withReboot(FakeRoot root) {
        return root.file("/usr/sbin/reboot", FAKE_REBOOT).mode("/usr/sbin/reboot", "rwxr-xr-x");
    }

    @Test
    void bootNextLoadsNothingWithOneLineAndS85FindsNothing() {
        var result = bootNext(dir).run(K18 + "; echo \"rc $?\"; " + S85);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(BOOT_NEXT_LINE + "\nrc 0\n", result.stdout());
        assertEquals("", result.stderr());
        assertEquals("", result.kexecLog());
        assertFalse(result.loaded());
    }

    @Test
    void aKernelLoadedAlreadyIsUnloadedAndS85FindsNothing() {
        var result = bootNext(dir).file("/sys/kernel/kexec_loaded", "1\n").run(K18 + "; echo \"rc $?\"; " + S85);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(BOOT_NEXT_LINE + "; the kernel already loaded is unloaded (kexec -u)\nrc 0\n", result.stdout());
        assertEquals("", result.stderr());
        assertEquals("kexec [-u]\n", result.kexecLog(), "no kexec -e");
        assertFalse(result.loaded());
    }

    @Test
    void aFailedUnloadIsOneLineAndExit0() {
        var result = bootNext(dir).file("/sys/kernel/kexec_loaded", "1\n").with("kexec-u.rc", "1").run(K18);
        result.assertOneLineOnStderrAndExit0(BOOT_NEXT_LINE + "; but kexec -u failed (exit status 1): the kernel"
                + " already loaded stays, and the reboot jumps into it");
        assertEquals("kexec [-u]\n", result.kexecLog());
    }

    @Test
    void firmwareSetupRequestedLoadsNothing() {
        var result = FakeRoot.standard(dir)
                .file(EFIVARS + "OsIndications-" + GLOBAL, variable(new byte[] {1, 0, 0, 0, 0, 0, 0, 0})).run(K18);
        assertEquals(0, result.rc());
        assertEquals("OsIndications=0x1 asks the firmware for its setup screen (BOOT_TO_FW_UI: systemctl reboot"
                + " --firmware-setup) at its next boot, so this reboot goes through the firmware\n", result.stdout());
        assertEquals("", result.kexecLog());
    }

    @Test
    void nothingAskedOfTheFirmwareLoadsAsBefore() {
        var result = FakeRoot.standard(dir).directory("/sys/firmware/efi/efivars").run(K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(LOAD, result.kexecLog());
        assertTrue(result.loaded());
    }

    @Test
    void planNumbersTheRuleAndSaysWhy() {
        var result = bootNext(dir).run(CLI + " plan");
        assertEquals(0, result.rc(), result.stderr());
        assertTrue(result.stdout().contains("\n  4. EFI BootNext: " + BOOT_NEXT_LINE + "\n"), result.stdout());
        assertTrue(result.stdout().endsWith("\nSo kexec-load loads nothing: " + BOOT_NEXT_LINE + ".\n"
                + "The reboot goes through the firmware.\n"), result.stdout());
        var nothingAsked = FakeRoot.standard(dir.resolve("efi")).directory("/sys/firmware/efi/efivars").run(CLI + " plan");
        assertTrue(nothingAsked.stdout().contains("\n  4. EFI BootNext: not set: the firmware's next boot is by BootOrder,"
                + " nothing to do there\n  5. EFI OsIndications: not set: the firmware has nothing asked of it\n"
                + "  6. systemd-boot one-shot: neither LoaderConfigTimeoutOneShot nor LoaderEntryOneShot is set\n"
                + "  7. /sys/kernel/kexec_loaded: no kernel loaded yet\n"), nothingAsked.stdout());
    }

    @Test
    void planWithAKernelLoadedSaysItIsUnloaded() {
        var result = bootNext(dir).file("/sys/kernel/kexec_loaded", "1\n").run(CLI + " plan");
        assertTrue(result.stdout().contains("\nA kernel is loaded already: kexec-load unloads it (kexec -u), so that"
                + " S85kexec finds nothing to jump into.\n"), result.stdout());
        assertEquals("", result.kexecLog(), "plan changes nothing");
    }

    @Test
    void statusShowsThePendingFirmwareWork() {
        var result = bootNext(dir).run(CLI + " status");
        assertTrue(result.stdout().contains("\nkexec enabled: yes (LOAD_KEXEC=\"true\")\nfirmware work pending: yes"
                + " (boot-next): " + BOOT_NEXT_LINE + "\nlockdown"), result.stdout());
        var none = FakeRoot.standard(dir.resolve("efi")).directory("/sys/firmware/efi/efivars").run(CLI + " status");
        assertTrue(none.stdout().contains("\nfirmware work pending: no\n"), none.stdout());
    }

    @Test
    void nowRefusesWhileTheFirmwareHasWork() {
        var result = withReboot(bootNext(dir)).run(CLI + " now");
        assertEquals(1, result.rc());
        assertEquals("kexec-reboot: not loading a kernel: " + BOOT_NEXT_LINE + " (`kexec-reboot now --force` kexecs"
                + " anyway)\n", result.stderr());
        assertEquals("", result.kexecLog() + result.stdout());
    }

    @Test
    void nowForceLoadsAndTheRebootKeepsTheKernelAndRemovesTheMark() {
        var result = withReboot(bootNext(dir)).run(CLI + " now --force; echo \"now $?\"; ls -A /run; " + K18
                + "; echo \"k18 $?\"; ls -A /run; echo end");
        assertEquals("Loading new kernel image into memory...done.\nreboot called\nnow 0\n"
                + "kexec-reboot\nkexec-reboot.firmware-override\nk18 0\nkexec-reboot\nend\n", result.stdout(), result.stderr());
        assertEquals(LOAD, result.kexecLog(), "loaded once, not unloaded");
        assertTrue(result.loaded());
        assertEquals("", result.stderr());
    }

    @Test
    void theMarkCountsOnlyAsRootsRegularFile() {
        var result = bootNext(dir).file("/sys/kernel/kexec_loaded", "1\n")
                .symlink("/run/kexec-reboot.firmware-override", "/etc/hostname").run(K18 + "; ls -A /run");
        assertEquals("kexec [-u]\n", result.kexecLog());
        assertEquals(BOOT_NEXT_LINE + "; the kernel already loaded is unloaded (kexec -u)\n"
                + "kexec-reboot\nkexec-reboot.firmware-override\n", result.stdout(), "the link was there, and is not removed");
    }

    @Test
    void onSystemdTheRebootsStopUnloadsSoSystemdDoesNotJump() {
        // kexec-load.service's ExecStop at a queued reboot; systemd 255+ would kexec into a loaded kernel itself.
        var result = bootNext(dir).file("/sys/kernel/kexec_loaded", "1\n")
                .with("systemd", "1180 reboot.target start waiting\n1203 kexec-load.service stop running\n")
                .run("/etc/init.d/kexec-load stop");
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(BOOT_NEXT_LINE + "; the kernel already loaded is unloaded (kexec -u)\n", result.stdout());
        assertEquals("kexec [-u]\n", result.kexecLog());
        assertFalse(result.loaded());
    }

    @Test
    void onSystemdPlanSaysSystemdFindsNothing() {
        var result = bootNext(dir).file("/sys/kernel/kexec_loaded", "1\n").with("systemd", "").run(CLI + " plan");
        assertTrue(result.stdout().contains("kexec-load unloads it (kexec -u), so that systemd finds nothing to jump"
                + " into.\n"), result.stdout());
    }
}
