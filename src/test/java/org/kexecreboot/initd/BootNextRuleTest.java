package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.efi.EfiVariables;

/** {@code boot-next}: BootNext in efivarfs, as the kernel presents it. */
class BootNextRuleTest {

    @TempDir
    Path dir;

    private FakeSystem system;

    @BeforeEach
    void system() throws IOException {
        system = new FakeSystem(dir);
    }

    private FirmwareRule.Finding check() {
        return new BootNextRule().check(system.context("/etc/init.d/kexec-load"), new KexecDefaults("true", "", "", "", "", ""), new Trace());
    }

    @Test
    void aBiosMachineHasNothingToSay() {
        FirmwareRule.Finding finding = check();
        assertFalse(finding.applies());
        assertEquals(null, finding.why(), "no line in the plan");
    }

    @Test
    void notSetDoesNotApply() throws IOException {
        system.efivarfs();
        FirmwareRule.Finding finding = check();
        assertFalse(finding.applies());
        assertEquals("not set: the firmware's next boot is by BootOrder, nothing to do there", finding.why());
    }

    @Test
    void setNamesTheEntryAndItsDescription() throws IOException {
        system.efiVariable("BootNext", EfiVariables.GLOBAL, new byte[] {0x03, 0x00})
                .efiVariable("Boot0003", EfiVariables.GLOBAL, FakeSystem.loadOption("Linux-Firmware-Updater"));
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertEquals("BootNext=Boot0003 (Linux-Firmware-Updater): the firmware boots that entry once, so this reboot"
                + " goes through the firmware", finding.why());
    }

    @Test
    void theEntryNumberIsUpperCaseHexAsTheVariablesName() throws IOException {
        system.efiVariable("BootNext", EfiVariables.GLOBAL, new byte[] {0x0a, 0x01})
                .efiVariable("Boot010A", EfiVariables.GLOBAL, FakeSystem.loadOption("Windows Boot Manager"));
        assertTrue(check().why().startsWith("BootNext=Boot010A (Windows Boot Manager): "), check().why());
    }

    @Test
    void anEntryThatCannotBeReadIsNamedWithoutADescription() throws IOException {
        system.efiVariable("BootNext", EfiVariables.GLOBAL, new byte[] {0x04, 0x00})
                .efiVariable("Boot0004", EfiVariables.GLOBAL, new byte[] {1, 0});
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertTrue(finding.why().startsWith("BootNext=Boot0004: the firmware boots"), finding.why());
    }

    @Test
    void aDescriptionCannotSplitTheLine() throws IOException {
        system.efiVariable("BootNext", EfiVariables.GLOBAL, new byte[] {0x03, 0x00})
                .efiVariable("Boot0003", EfiVariables.GLOBAL, FakeSystem.loadOption("evil\nkexec-load: fine\u001b[2J"));
        String why = check().why();
        assertEquals(1, why.lines().count(), why);
        assertTrue(why.contains("(evil\\nkexec-load: fine\\x1b[2J)"), why);
    }

    @Test
    void aMalformedBootNextStillGoesThroughTheFirmware() throws IOException {
        system.efiVariable("BootNext", EfiVariables.GLOBAL, new byte[] {0x03});
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertEquals("BootNext is set (1 bytes, not the 2 of an entry number): the firmware will act on it, so this"
                + " reboot goes through the firmware", finding.why());
    }

    @Test
    void aBootNextThatIsNotAFileIsUnreadableAndStillGoesThroughTheFirmware() throws IOException {
        system.efivarfs();
        Files.createDirectory(system.path("/sys/firmware/efi/efivars/BootNext-" + EfiVariables.GLOBAL));
        FirmwareRule.Finding finding = check();
        assertTrue(finding.applies());
        assertTrue(finding.why().startsWith("BootNext is set but BootNext-" + EfiVariables.GLOBAL), finding.why());
    }
}
