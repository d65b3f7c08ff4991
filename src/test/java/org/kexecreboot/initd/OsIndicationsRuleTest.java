package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.efi.EfiVariables;

/** {@code os-indications}: OsIndications in efivarfs (a UINT64, little-endian, after the 4 attribute bytes). */
class OsIndicationsRuleTest {

    @TempDir
    Path dir;

    private FakeSystem system;

    @BeforeEach
    void system() throws IOException {
        system = new FakeSystem(dir);
    }

    private FirmwareRule.Finding check() {
        return new OsIndicationsRule().check(system.context("/etc/init.d/kexec-load"),
                new KexecDefaults("true", "", "", "", "", ""), new Trace());
    }

    private void osIndications(long value) throws IOException {
        system.efiVariable("OsIndications", EfiVariables.GLOBAL,
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    @Test
    void aBiosMachineHasNothingToSay() {
        assertEquals(new FirmwareRule.Finding(false, null), check());
    }

    @Test
    void notSetDoesNotApply() throws IOException {
        system.efivarfs();
        assertEquals(FirmwareRule.Finding.no("not set: the firmware has nothing asked of it"), check());
    }

    @Test
    void firmwareSetupAsSystemctlRebootFirmwareSetupSetsIt() throws IOException {
        osIndications(0x1);
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertEquals("OsIndications=0x1 asks the firmware for its setup screen (BOOT_TO_FW_UI: systemctl reboot"
                + " --firmware-setup) at its next boot, so this reboot goes through the firmware", finding.why());
    }

    @Test
    void capsuleDeliveryFromTheEsp() throws IOException {
        osIndications(0x4);
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertTrue(finding.why().contains("the capsules on the ESP, a firmware update (FILE_CAPSULE_DELIVERY_SUPPORTED)"),
                finding.why());
    }

    @Test
    void everyRequestIsNamed() throws IOException {
        osIndications(0x5);
        assertTrue(check().why().startsWith("OsIndications=0x5 asks the firmware for its setup screen (BOOT_TO_FW_UI:"
                + " systemctl reboot --firmware-setup) and the capsules on the ESP"), check().why());
    }

    @Test
    void zeroAndTheBitsThatOnlyMeanSomethingInOsIndicationsSupportedDoNotApply() throws IOException {
        osIndications(0);
        assertEquals(FirmwareRule.Finding.no("OsIndications=0x0: asks the firmware for nothing at the next boot"), check());
        osIndications(0x8 | 0x10); // FMP_CAPSULE_SUPPORTED, CAPSULE_RESULT_VAR_SUPPORTED: no function here (UEFI 8.5.4)
        assertFalse(check().applies(), check().why());
    }

    @Test
    void aMalformedValueStillGoesThroughTheFirmware() throws IOException {
        system.efiVariable("OsIndications", EfiVariables.GLOBAL, new byte[] {1, 0, 0, 0});
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertEquals("OsIndications is set (4 bytes, not 8): the firmware will act on it, so this reboot goes through"
                + " the firmware", finding.why());
    }

    @Test
    void shorterThanItsAttributesIsUnreadableAndStillGoesThroughTheFirmware() throws IOException {
        system.efivarfs().write("/sys/firmware/efi/efivars/OsIndications-" + EfiVariables.GLOBAL, "ab");
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertTrue(finding.why().startsWith("OsIndications is set but OsIndications-" + EfiVariables.GLOBAL
                + " is 2 bytes long"), finding.why());
    }
}
