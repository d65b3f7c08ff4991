package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.cli.JsonSchemas;

/**
 * grub-reboot's one-time entry (issue 24 item 1: fwupd's capsule update through GRUB,
 * EnableGrubChainLoad) with the real shims: the grub.cfg 35_fwupd adds and the grubenv grub-reboot
 * leaves (grub-corpus/debian12-fwupd-next-entry, which GrubOracleIT runs through GRUB itself).
 */
class GrubNextEntryIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load stop";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    private static final String CASE = "grub-corpus/debian12-fwupd-next-entry/";
    private static final String LINE = "GRUB's next_entry=\"fwupd\" (grub-reboot; fwupd's Linux Firmware Updater: a firmware"
            + " update staged on the ESP) boots that entry once, and USE_GRUB_CONFIG is not \"true\", so this reboot goes"
            + " through the firmware";
    /** What the fake root reports of the grubenv after the run: next_entry is still there, for GRUB. */
    private static final String KEPT = "grubenv 1024 bytes: next_entry=fwupd \n";

    @TempDir
    Path dir;

    private FakeRoot fwupdStaged() {
        return FakeRoot.standard(dir).resource("/boot/grub/grub.cfg", CASE + "grub.cfg")
                .resource("/boot/grub/grubenv", CASE + "grubenv");
    }

    @Test
    void theKernelOfEtcDefaultKexecIsNotLoadedOverGrubsOneTimeEntry() {
        var result = fwupdStaged().run(K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(LINE + "\n", result.stdout());
        assertEquals("", result.stderr());
        assertEquals("", result.kexecLog());
        assertTrue(result.after().contains(KEPT), result.after());
    }

    @Test
    void withUseGrubConfigGrubsOwnChoiceIsTheUpdaterAndNotLinux() {
        var result = fwupdStaged().defaults("USE_GRUB_CONFIG=true").run(K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("GRUB's default entry \"Linux Firmware Updater\" is not a Linux kernel (chainloader"
                + " /EFI/debian/fwupdx64.efi): rebooting through the firmware and GRUB\n", result.stdout());
        assertEquals("", result.kexecLog());
        assertTrue(result.after().contains(KEPT), result.after());
    }

    @Test
    void planCheckJsonAndStatusSayIt() {
        var plan = fwupdStaged().run(CLI + " plan");
        assertEquals(0, plan.rc(), plan.stderr());
        assertTrue(plan.stdout().contains(". GRUB next_entry: " + LINE + "\n"), plan.stdout());
        assertEquals(4, fwupdStaged().run(CLI + " plan --check").rc());
        var json = JsonSchemas.plan(fwupdStaged().run(CLI + " plan --json").stdout());
        assertEquals("firmware", json.get("next_reboot").asString());
        assertEquals(LINE, json.get("reason").asString());
        var status = fwupdStaged().run(CLI + " status");
        assertTrue(status.stdout().contains("\nfirmware work pending: yes (grub-next-entry): " + LINE + "\n"),
                status.stdout());
    }

    @Test
    void aGrubenvWithoutAOneTimeEntryIsNotInThePlan() {
        var root = FakeRoot.standard(dir).resource("/boot/grub/grubenv", "grub-corpus/debian12-windows-chainloader/grubenv");
        var plan = root.run(CLI + " plan");
        assertFalse(plan.stdout().contains("GRUB next_entry"), plan.stdout());
        assertEquals(0, root.run(CLI + " plan --check").rc(), "the next reboot kexecs");
    }
}
