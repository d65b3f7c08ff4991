package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;

/** {@code cold-every}: KEXEC_COLD_EVERY=N against this boot's kexec boots in a row. */
class ColdEveryRuleTest {

    private static final String THIS_BOOT = "22222222-0000-4000-8000-000000000002";
    private static final String EARLIER = "11111111-0000-4000-8000-000000000001";
    /** /proc/sys/kernel/bootloader_type of a kernel kexec started (0xD0), and of one GRUB did (0x72). */
    private static final String VIA_KEXEC = "208\n";
    private static final String VIA_GRUB = "114\n";

    @TempDir
    Path dir;

    private FakeSystem system;
    private Trace trace;

    @BeforeEach
    void system() throws IOException {
        system = new FakeSystem(dir);
        system.write("/proc/sys/kernel/random/boot_id", THIS_BOOT + "\n");
        system.write("/proc/sys/kernel/bootloader_type", VIA_KEXEC);
        trace = new Trace();
    }

    private FirmwareRule.Finding check(String every) {
        return new ColdEveryRule().check(system.context("/etc/init.d/kexec-load"),
                new KexecDefaults("true", "", "", "", "", "", "", "", every), trace);
    }

    private void streak(int kexecBoots, String next) throws IOException {
        system.write("/var/lib/kexec-reboot/streak", "boot_id=" + EARLIER + "\nkexec_boots=" + kexecBoots
                + "\nnext_reboot=" + next + "\n");
    }

    @Test
    void unsetHasNothingToSay() {
        assertEquals(FirmwareRule.Finding.notHere(), check(""));
        assertEquals(List.of(), trace.steps());
    }

    @Test
    void whatIsNotACountIsAWarningAndIgnored() {
        for (String bad : List.of("ten", "0", "-3", "1000001", "99999999999")) {
            trace = new Trace();
            assertEquals(FirmwareRule.Finding.notHere(), check(bad), bad);
            assertEquals(List.of(new Trace.Step("KEXEC_COLD_EVERY", "\"" + bad + "\" is not a whole number of reboots"
                    + " from 1 to 1000000; ignored", true)), trace.steps());
        }
    }

    @Test
    void oneIsEveryReboot() {
        assertEquals(FirmwareRule.Finding.yes("KEXEC_COLD_EVERY=1: every reboot goes through the firmware"), check("1"));
    }

    @Test
    void theRebootThatWouldMakeNGoesThroughTheFirmware() throws IOException {
        streak(2, "kexec");
        assertEquals(FirmwareRule.Finding.yes("KEXEC_COLD_EVERY=4, kexec boots in a row: 3; so this reboot goes through"
                + " the firmware"), check("4"));
        assertEquals(FirmwareRule.Finding.no("KEXEC_COLD_EVERY=5, kexec boots in a row: 3; 1 more kexec reboot, then"
                + " one through the firmware"), check("5"));
        assertEquals(FirmwareRule.Finding.no("KEXEC_COLD_EVERY=10, kexec boots in a row: 3; 6 more kexec reboots, then"
                + " one through the firmware"), check(" 10 "));
    }

    @Test
    void aBootThroughTheFirmwareStartsAfresh() throws IOException {
        streak(8, "kexec");
        system.write("/proc/sys/kernel/bootloader_type", VIA_GRUB);
        assertEquals(FirmwareRule.Finding.no("KEXEC_COLD_EVERY=2, kexec boots in a row: 0; 1 more kexec reboot, then one"
                + " through the firmware"), check("2"));
    }

    @Test
    void withoutBootloaderTypeTheLastRebootsIntentCounts() throws IOException {
        Files.delete(system.path("/proc/sys/kernel/bootloader_type"));
        streak(1, "kexec");
        assertEquals(FirmwareRule.Finding.yes("KEXEC_COLD_EVERY=3, kexec boots in a row: 2 (without bootloader_type,"
                + " counted as the last reboot meant to go); so this reboot goes through the firmware"), check("3"));
    }

    @Test
    void theColdRebootRecordsItselfSoTheBootAfterStartsAfresh() throws IOException {
        streak(2, "kexec");
        new ColdEveryRule().honoured(system.context("/etc/init.d/kexec-load"));
        assertEquals("boot_id=" + THIS_BOOT + "\nkexec_boots=3\nnext_reboot=firmware\n",
                system.read("/var/lib/kexec-reboot/streak"));
        assertTrue(check("4").applies(), "the same boot, asked again (a reboot called off): still cold");
        assertEquals("", system.stderr());
    }
}
