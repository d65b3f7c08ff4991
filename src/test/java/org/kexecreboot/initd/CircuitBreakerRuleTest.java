package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.state.BootMarks;

/** {@code circuit-breaker}: the marks of /var/lib/kexec-reboot against this boot's boot_id. */
class CircuitBreakerRuleTest {

    private static final String THIS_BOOT = "22222222-0000-4000-8000-000000000002";
    private static final String EARLIER = "11111111-0000-4000-8000-000000000001";

    @TempDir
    Path dir;

    private FakeSystem system;

    @BeforeEach
    void system() throws IOException {
        system = new FakeSystem(dir);
        system.write("/proc/sys/kernel/random/boot_id", THIS_BOOT + "\n");
    }

    private FirmwareRule.Finding check() {
        return new CircuitBreakerRule().check(system.context("/etc/init.d/kexec-load"),
                new KexecDefaults("true", "", "", "", "", ""), new Trace());
    }

    private void mark(String name, String bootId, String foundIn) throws IOException {
        system.write("/var/lib/kexec-reboot/" + name, "boot_id=" + bootId + "\nkernel=/vmlinuz\ntime=1765000000\n"
                + (foundIn.isEmpty() ? "" : "found_in=" + foundIn + "\n"));
    }

    @Test
    void noMarkHasNothingToSay() {
        assertEquals(FirmwareRule.Finding.notHere(), check());
    }

    @Test
    void aLoadOfThisBootWaitsForTheNextBoot() throws IOException {
        mark(BootMarks.PENDING, THIS_BOOT, "");
        assertEquals(FirmwareRule.Finding.no("/vmlinuz was loaded in this boot: the boot after it says when it reaches"
                + " its target"), check());
    }

    @Test
    void aBootThatFollowedALoadAndRebootsBeforeItsTargetTrips() throws IOException {
        mark(BootMarks.PENDING, EARLIER, "");
        assertEquals(FirmwareRule.Finding.yes("this boot followed kexec-load's load of /vmlinuz (in boot 11111111) and did"
                + " not reach its target (no mark from kexec-boot-complete), so this reboot goes through the firmware once"),
                check());
    }

    @Test
    void aTrippedMarkTrips() throws IOException {
        mark(BootMarks.TRIPPED, EARLIER, THIS_BOOT);
        assertEquals(FirmwareRule.Finding.yes("the kexec boot into /vmlinuz (loaded in boot 11111111) did not reach its"
                + " target: boot 22222222 came through the firmware before it did, so this reboot goes through the"
                + " firmware once"), check());
    }

    @Test
    void withoutABootIdTheBreakerCannotTellAndDoesNotTrip() throws IOException {
        Files.delete(system.path("/proc/sys/kernel/random/boot_id"));
        mark(BootMarks.PENDING, EARLIER, "");
        FirmwareRule.Finding finding = check();
        assertFalse(finding.applies());
        assertEquals("pending names boot 11111111 and this is an unknown boot: the breaker cannot tell, and does not"
                + " trip", finding.why());
    }

    @Test
    void theRebootThatHonoursItRemovesBothMarks() throws IOException {
        mark(BootMarks.PENDING, EARLIER, "");
        mark(BootMarks.TRIPPED, EARLIER, THIS_BOOT);
        new CircuitBreakerRule().honoured(system.context("/etc/init.d/kexec-load"));
        assertFalse(Files.exists(system.path("/var/lib/kexec-reboot/pending")));
        assertFalse(Files.exists(system.path("/var/lib/kexec-reboot/tripped")));
        assertEquals(FirmwareRule.Finding.notHere(), check(), "once");
    }
}
