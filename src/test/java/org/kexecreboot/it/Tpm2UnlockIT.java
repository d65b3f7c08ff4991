package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.cli.JsonSchemas;

/**
 * A root volume the TPM2 unlocks (issue 24 item 2): /etc/crypttab and a LUKS2 header that
 * systemd-cryptenroll made (src/test/luks/make-headers.sh) at the device it names, and the real
 * shims and command line.
 */
class Tpm2UnlockIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load stop";
    private static final String S85 = "/etc/rc6.d/S85kexec stop";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    private static final String LINE = "sda3_crypt (UUID=14a4860e) is unlocked by the TPM2 (systemd-tpm2 token 0, PCRs 7+11:"
            + " it binds PCR 11 (systemd-pcrphase's boot phases, extended up to this shutdown, and the old UKI)): after a"
            + " kexec the unlock would wait for a passphrase, so this reboot goes through the firmware";
    private static final String LOAD = "kexec [-l] [/vmlinuz] [--initrd=/initrd.img]"
            + " [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n";

    @TempDir
    Path dir;

    private FakeRoot encrypted(String header) {
        // A detached header (the fake /dev is the host's: nothing is placed there); UUID= is the unit tests'.
        return FakeRoot.standard(dir).file("/etc/crypttab", "sda3_crypt UUID=14a4860e none"
                + " luks,discard,tpm2-device=auto,header=/boot/sda3.luks\n").resource("/boot/sda3.luks", "luks/" + header + ".hdr");
    }

    @Test
    void pcr11LoadsNothingWithOneLineAndS85FindsNothing() {
        var result = encrypted("tpm2-pcrs-7-11").run(K18 + "; echo \"rc $?\"; " + S85);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(LINE + "\nrc 0\n", result.stdout());
        assertEquals("", result.stderr());
        assertEquals("", result.kexecLog());
        assertFalse(result.loaded());
    }

    @Test
    void planAndItsCheckSayFirmwareWithTheReason() {
        var plan = encrypted("tpm2-pcrs-7-11").run(CLI + " plan");
        assertEquals(0, plan.rc(), plan.stderr());
        assertTrue(plan.stdout().contains("\n  4. TPM2 disk unlock: " + LINE + "\n"), plan.stdout());
        var check = encrypted("tpm2-pcrs-7-11").run(CLI + " plan --check");
        assertEquals(4, check.rc(), check.stdout());
        var json = JsonSchemas.plan(encrypted("tpm2-pcrs-7-11").run(CLI + " plan --json").stdout());
        assertEquals("firmware", json.get("next_reboot").asString());
        assertEquals(LINE, json.get("reason").asString());
        var status = encrypted("tpm2-pcrs-7-11").run(CLI + " status");
        assertTrue(status.stdout().contains("\nfirmware work pending: yes (tpm2-unlock): " + LINE + "\n"), status.stdout());
    }

    @Test
    void kexecIgnoreRulesLoadsAndThePlanSaysItWasSetAside() {
        var root = encrypted("tpm2-pcrs-7-11").file("/etc/default/kexec.d/50-tpm", "KEXEC_IGNORE_RULES=tpm2-unlock\n");
        var result = root.run(K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(LOAD, result.kexecLog());
        var plan = root.run(CLI + " plan");
        assertTrue(plan.stdout().contains("\n  4. TPM2 disk unlock: " + LINE + "; but KEXEC_IGNORE_RULES names tpm2-unlock:"
                + " set aside\n"), plan.stdout());
        assertTrue(plan.stdout().contains(" KEXEC_SYSCALL=\"\" KEXEC_IGNORE_RULES=\"tpm2-unlock\"\n"), plan.stdout());
    }

    @Test
    void systemdCryptenrollsDefaultPcr7Loads() {
        var result = encrypted("tpm2-pcrs-7").run(K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("", result.stderr());
        assertEquals(LOAD, result.kexecLog());
        assertTrue(result.loaded());
    }

    @Test
    void aVolumeWhoseHeaderIsNotThereButAsksForTheTpmGoesCold() {
        var result = FakeRoot.standard(dir).file("/etc/crypttab", "root UUID=0000-none none luks,tpm2-device=auto\n").run(K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("root (UUID=0000-none): tpm2-device=auto in /etc/crypttab asks for the TPM2, and its LUKS header cannot"
                + " be read (/dev/disk/by-uuid/0000-none is not there): whether a kexec keeps its policy cannot be told, so"
                + " this reboot goes through the firmware\n", result.stdout());
        assertEquals("", result.kexecLog());
    }

    @Test
    void nowRefusesWhileTheRuleApplies() {
        var result = encrypted("tpm2-pcrs-7-11").run(CLI + " now");
        assertEquals("", result.kexecLog(), result.stdout() + result.stderr());
        assertTrue((result.stdout() + result.stderr()).contains(LINE), result.stdout() + result.stderr());
    }
}
