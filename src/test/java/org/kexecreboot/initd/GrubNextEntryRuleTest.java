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

/** {@code grub-next-entry}: grub-reboot's one-time entry, when kexec-load does not read GRUB. */
class GrubNextEntryRuleTest {

    @TempDir
    Path dir;

    private FakeSystem system;

    @BeforeEach
    void system() throws IOException {
        system = new FakeSystem(dir);
    }

    /** A grubenv block as grub-editenv writes it: the header, the variables, '#' up to 1024 bytes. */
    static String grubenv(String variables) {
        String text = "# GRUB Environment Block\n" + variables;
        return text + "#".repeat(1024 - text.length());
    }

    private FirmwareRule.Finding check(String useGrubConfig) {
        return new GrubNextEntryRule().check(system.context("/etc/init.d/kexec-load"),
                new KexecDefaults("true", "/vmlinuz", "", "", useGrubConfig, ""), new Trace());
    }

    @Test
    void grubRebootsOneTimeEntryGoesThroughTheFirmware() throws IOException {
        system.write("/boot/grub/grubenv", grubenv("saved_entry=0\nnext_entry=Advanced options for Debian GNU/Linux>1\n"));
        assertEquals(FirmwareRule.Finding.yes("GRUB's next_entry=\"Advanced options for Debian GNU/Linux>1\" (grub-reboot)"
                + " boots that entry once, and USE_GRUB_CONFIG is not \"true\", so this reboot goes through the firmware"),
                check(""));
    }

    @Test
    void fwupdsUpdaterIsNamed() throws IOException {
        system.write("/boot/grub/grubenv", grubenv("next_entry=fwupd\n"));
        assertEquals(FirmwareRule.Finding.yes("GRUB's next_entry=\"fwupd\" (grub-reboot; fwupd's Linux Firmware Updater: a"
                + " firmware update staged on the ESP) boots that entry once, and USE_GRUB_CONFIG is not \"true\", so this"
                + " reboot goes through the firmware"), check("false"));
    }

    @Test
    void withUseGrubConfigGrubsOwnReadingDecides() throws IOException {
        system.write("/boot/grub/grubenv", grubenv("next_entry=fwupd\n"));
        assertEquals(FirmwareRule.Finding.notHere(), check("true"));
    }

    @Test
    void noOneTimeEntryNoGrubenvNoLine() throws IOException {
        assertEquals(FirmwareRule.Finding.notHere(), check(""), "no grubenv");
        system.write("/boot/grub/grubenv", grubenv("saved_entry=gnulinux-simple-1234\nnext_entry=\n"));
        assertEquals(FirmwareRule.Finding.notHere(), check(""), "grub-mkconfig's header cleared it");
    }

    @Test
    void aGrubenvThatCannotBeReadDoesNotDecide() throws IOException {
        system.write("/boot/grub/grubenv", "next_entry=fwupd\n");
        FirmwareRule.Finding finding = check("");
        assertFalse(finding.applies());
        assertEquals("grubenv line 1: missing '# GRUB Environment Block' header: whether GRUB has a one-time entry cannot"
                + " be told", finding.why());
        Files.delete(system.path("/boot/grub/grubenv"));
        Files.createDirectories(system.path("/boot/grub/grubenv"));
        finding = check("");
        assertFalse(finding.applies());
        assertTrue(finding.why().startsWith("/boot/grub/grubenv cannot be read ("), finding.why());
    }
}
