package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.efi.EfiVariables;

/** {@code loader-one-shot}: systemd-boot's one-shot variables (UTF-16LE strings, vendor GUID 4a67b082-…). */
class LoaderOneShotRuleTest {

    @TempDir
    Path dir;

    private FakeSystem system;

    @BeforeEach
    void system() throws IOException {
        system = new FakeSystem(dir);
    }

    private FirmwareRule.Finding check() {
        return new LoaderOneShotRule().check(system.context("/etc/init.d/kexec-load"),
                new KexecDefaults("true", "", "", "", "", ""), new Trace());
    }

    @Test
    void aBiosMachineHasNothingToSay() {
        assertEquals(new FirmwareRule.Finding(false, null), check());
    }

    @Test
    void neitherSetDoesNotApply() throws IOException {
        system.efivarfs();
        assertEquals(FirmwareRule.Finding.no("neither LoaderConfigTimeoutOneShot nor LoaderEntryOneShot is set"), check());
    }

    @Test
    void theMenuOnceAsSystemctlRebootBootLoaderMenuSetsIt() throws IOException {
        system.efiVariable("LoaderConfigTimeoutOneShot", EfiVariables.LOADER, FakeSystem.utf16z("30"));
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertEquals("systemd-boot's LoaderConfigTimeoutOneShot=30 (systemctl reboot --boot-loader-menu) asks the boot"
                + " loader for its menu once, so this reboot goes through the firmware", finding.why());
    }

    @Test
    void oneEntryOnceAsSystemctlRebootBootLoaderEntrySetsIt() throws IOException {
        system.efiVariable("LoaderEntryOneShot", EfiVariables.LOADER, FakeSystem.utf16z("debian-6.1.0-13-amd64.conf"));
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertEquals("systemd-boot's LoaderEntryOneShot=debian-6.1.0-13-amd64.conf (systemctl reboot --boot-loader-entry)"
                + " asks the boot loader for that entry once, so this reboot goes through the firmware", finding.why());
    }

    @Test
    void aValueThatIsNotTextStillApplies() throws IOException {
        system.efiVariable("LoaderEntryOneShot", EfiVariables.LOADER, new byte[] {0x41});
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertTrue(finding.why().startsWith("systemd-boot's LoaderEntryOneShot (not UTF-16 text)"), finding.why());
    }

    @Test
    void theVariablesOfAnotherVendorDoNotCount() throws IOException {
        system.efiVariable("LoaderEntryOneShot", EfiVariables.GLOBAL, FakeSystem.utf16z("x"));
        assertEquals(false, check().applies());
    }
}
