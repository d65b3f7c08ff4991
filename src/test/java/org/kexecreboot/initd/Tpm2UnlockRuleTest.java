package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;

/**
 * {@code tpm2-unlock}: /etc/crypttab and the LUKS2 headers the real tools made
 * (src/test/resources/luks, src/test/luks/make-headers.sh) at the devices crypttab names.
 */
class Tpm2UnlockRuleTest {

    @TempDir
    Path dir;

    private FakeSystem system;

    @BeforeEach
    void system() throws IOException {
        system = new FakeSystem(dir);
    }

    private FirmwareRule.Finding check() {
        return new Tpm2UnlockRule().check(system.context("/etc/init.d/kexec-load"),
                new KexecDefaults("true", "", "", "", "", ""), new Trace());
    }

    /** The header of a volume the tools made, at a path of the fake root. */
    private void header(String absolute, String fixture) throws IOException {
        Path device = system.path(absolute);
        Files.createDirectories(device.getParent());
        try (InputStream in = Tpm2UnlockRuleTest.class.getResourceAsStream("/luks/" + fixture + ".hdr")) {
            Files.write(device, in.readAllBytes());
        }
    }

    private FirmwareRule.Finding root(String fixture, String options) throws IOException {
        system.write("/etc/crypttab", "# <target name> <source device> <key file> <options>\n"
                + "sda3_crypt UUID=3e8b91ae-7393 none " + options + "\n");
        header("/dev/disk/by-uuid/3e8b91ae-7393", fixture);
        return check();
    }

    @Test
    void noCrypttabHasNothingToSay() {
        assertEquals(FirmwareRule.Finding.notHere(), check());
    }

    @Test
    void onlyVolumesThatTheBootUnlocksCount() throws IOException {
        system.write("/etc/crypttab", "# nothing here\nbackup UUID=3e8b91ae-7393 none luks,noauto\n");
        header("/dev/disk/by-uuid/3e8b91ae-7393", "tpm2-pcrs-7-11");
        assertEquals(FirmwareRule.Finding.notHere(), check());
    }

    @Test
    void pcr11SendsTheRebootThroughTheFirmware() throws IOException {
        FirmwareRule.Finding finding = root("tpm2-pcrs-7-11", "luks,discard,tpm2-device=auto");
        assertTrue(finding.applies());
        assertEquals("sda3_crypt (UUID=3e8b91ae-7393) is unlocked by the TPM2 (systemd-tpm2 token 0, PCRs 7+11: it binds"
                + " PCR 11 (systemd-pcrphase's boot phases, extended up to this shutdown, and the old UKI)): after a kexec"
                + " the unlock would wait for a passphrase, so this reboot goes through the firmware", finding.why());
    }

    @Test
    void pcr7AloneKexecs() throws IOException {
        assertEquals(FirmwareRule.Finding.no("sda3_crypt (UUID=3e8b91ae-7393): systemd-tpm2 token 0, PCRs 7, which works"
                + " after a kexec as after a cold boot"), root("tpm2-pcrs-7", "luks,tpm2-device=auto"));
    }

    @Test
    void aSignedPolicyAndClevisPcr9GoThroughTheFirmware() throws IOException {
        assertTrue(root("tpm2-signed-11", "luks,tpm2-device=auto").applies());
        assertTrue(root("clevis-tpm2-7-9", "luks").applies());
    }

    @Test
    void clevisSssWithAPcr7PinKexecs() throws IOException {
        assertFalse(root("clevis-sss", "luks").applies());
    }

    @Test
    void aPassphraseIsAsAfterAColdBoot() throws IOException {
        assertEquals(FirmwareRule.Finding.no("sda3_crypt (UUID=3e8b91ae-7393): no TPM2 binding (a passphrase, FIDO2 or"
                + " PKCS#11 at the console, as after a cold boot)"), root("passphrase-only", "luks"));
    }

    @Test
    void aKeyFileNeedsNoTpm() throws IOException {
        system.write("/etc/crypttab", "data UUID=3e8b91ae-7393 /etc/keys/data.key luks\n");
        header("/dev/disk/by-uuid/3e8b91ae-7393", "tpm2-pcrs-7-11");
        assertEquals(FirmwareRule.Finding.no("data (UUID=3e8b91ae-7393): unlocked with its key file"), check());
    }

    @Test
    void aDetachedHeaderIsRead() throws IOException {
        system.write("/etc/crypttab", "r /dev/sdb none header=/boot/r.hdr\n");
        header("/boot/r.hdr", "tpm2-pcrs-7-11");
        assertTrue(check().applies());
    }

    @Test
    void anUnreadableHeaderGoesColdOnlyWhenCrypttabAsksForTheTpm() throws IOException {
        system.write("/etc/crypttab", "r UUID=gone none luks,tpm2-device=auto\n");
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertEquals("r (UUID=gone): tpm2-device=auto in /etc/crypttab asks for the TPM2, and its LUKS header cannot be"
                + " read (/dev/disk/by-uuid/gone is not there): whether a kexec keeps its policy cannot be told, so this"
                + " reboot goes through the firmware", finding.why());
        system.write("/etc/crypttab", "r UUID=gone none luks\n");
        assertEquals(FirmwareRule.Finding.no("r (UUID=gone): /dev/disk/by-uuid/gone is not there"), check());
    }

    @Test
    void aPlainDmCryptOrOtherDeviceIsNotLuks2() throws IOException {
        system.write("/etc/crypttab", "swap /dev/sdc1 /dev/urandom swap,cipher=aes-xts-plain64\nr /dev/sdd none luks\n");
        system.write("/dev/sdd", "\0".repeat(8192));
        assertEquals(FirmwareRule.Finding.no("swap (/dev/sdc1): unlocked with its key file; r (/dev/sdd): no LUKS header"),
                check());
    }

    @Test
    void theFirstVolumeThatNeedsTheTpmDecides() throws IOException {
        system.write("/etc/crypttab", "a UUID=a none luks\nb UUID=b none luks\n");
        header("/dev/disk/by-uuid/a", "tpm2-pcrs-7");
        header("/dev/disk/by-uuid/b", "clevis-tpm2-7-9");
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertTrue(finding.why().startsWith("b (UUID=b) is unlocked by the TPM2 (clevis token 0, tpm2 pin, PCRs 7+9"),
                finding.why());
    }

    @Test
    void aLongCrypttabIsReadUpToItsBound() throws IOException {
        StringBuilder crypttab = new StringBuilder();
        for (int i = 0; i < Tpm2UnlockRule.MAX_VOLUMES + 2; i++) {
            crypttab.append("v").append(i).append(" /dev/v").append(i).append(" /k luks\n");
        }
        system.write("/etc/crypttab", crypttab.toString());
        assertTrue(check().why().endsWith("; 2 more not read (at most 16)"), check().why());
    }
}
