package org.kexecreboot.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PendingShutdownTest {

    @Test
    void aRebootTargetStartJobIsAReboot() {
        PendingShutdown p = PendingShutdown.fromListJobs(
                "1180 reboot.target                start waiting\n1240 kexec-load.service stop  running\n");
        assertTrue(p.reboot());
    }

    @Test
    void poweroffAndHaltAreNotReboots() {
        assertEquals(PendingShutdown.Kind.POWEROFF,
                PendingShutdown.fromListJobs(" 7 poweroff.target start waiting\n").kind());
        assertEquals(PendingShutdown.Kind.HALT, PendingShutdown.fromListJobs("7 halt.target start waiting\n").kind());
        assertFalse(PendingShutdown.fromListJobs(" 7 poweroff.target start waiting\n").reboot());
    }

    @Test
    void noJobsIsNoReboot() {
        assertEquals(PendingShutdown.Kind.NONE, PendingShutdown.fromListJobs("").kind());
        assertEquals(PendingShutdown.Kind.NONE, PendingShutdown.fromListJobs("No jobs running.\n").kind());
    }

    @Test
    void aStopJobOfRebootTargetIsNoReboot() {
        assertFalse(PendingShutdown.fromListJobs("3 reboot.target stop waiting\n").reboot());
    }

    @Test
    void kexecTargetWinsOverReboot() {
        assertEquals(PendingShutdown.Kind.KEXEC, PendingShutdown.fromListJobs(
                "1 reboot.target start waiting\n2 kexec.target start waiting\n").kind());
    }

    @Test
    void unknownIsNoReboot() {
        PendingShutdown p = PendingShutdown.unknown("systemctl list-jobs did not answer within 5 s");
        assertFalse(p.reboot());
        assertEquals("cannot tell whether systemd is rebooting (systemctl list-jobs did not answer within 5 s)", p.why());
    }

    @Test
    void versionIsTheFirstNumber() {
        assertEquals(252, Systemctl.parseVersion("systemd 252 (252.30-1~deb12u2)\n+PAM +AUDIT\n"));
        assertEquals(257, Systemctl.parseVersion("systemd 257 (257.9-1~deb13u1)\n"));
        assertEquals(0, Systemctl.parseVersion("garbage"));
        assertEquals(0, Systemctl.parseVersion(""));
    }
}
