package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The circuit breaker (issue 24 item 3) with the real shims: kexec-load's mark of a load, a boot
 * that follows a load and reboots before its target, the once, and the boot-complete init script.
 * (The fake root's /proc is the machine's: its boot_id is this machine's boot, the "earlier" boot a
 * fixture names never is.)
 */
class CircuitBreakerIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load stop";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    private static final String EARLIER = "00000000-0000-4000-8000-00000000e001";
    private static final String LINE = "this boot followed kexec-load's load of /vmlinuz (in boot 00000000) and did not"
            + " reach its target (no mark from kexec-boot-complete), so this reboot goes through the firmware once";
    private static final String LOAD = "kexec [-l] [/vmlinuz] [--initrd=/initrd.img]"
            + " [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n";

    @TempDir
    Path dir;

    private FakeRoot afterALoad() {
        return afterALoad(dir);
    }

    private FakeRoot afterALoad(Path where) {
        return FakeRoot.standard(where).file("/var/lib/kexec-reboot/pending", "boot_id=" + EARLIER
                + "\nkernel=/vmlinuz\ntime=1765000000\n");
    }

    @Test
    void aLoadLeavesThePendingMarkOfThisBoot() {
        var result = FakeRoot.standard(dir).run(K18 + " && cat /var/lib/kexec-reboot/pending && echo \"this: $(cat"
                + " /proc/sys/kernel/random/boot_id)\"");
        assertEquals(0, result.rc(), result.stderr());
        String[] lines = result.stdout().split("\n");
        assertEquals("Loading new kernel image into memory...done.", lines[0]);
        assertEquals(lines[1], "boot_id=" + lines[4].substring("this: ".length()), result.stdout());
        assertEquals("kernel=/vmlinuz", lines[2]);
        assertEquals("", result.stderr());
    }

    @Test
    void aBootThatRebootsBeforeItsTargetGoesThroughTheFirmwareOnce() {
        var result = afterALoad().run(K18 + "; echo \"rc $?\"; ls /var/lib/kexec-reboot; echo ---; " + K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(LINE + "\nrc 0\nrequest\n---\nLoading new kernel image into memory...done.\n", result.stdout());
        assertEquals("", result.stderr());
        assertEquals(LOAD, result.kexecLog(), "one load: the second reboot's");
    }

    @Test
    void planCheckAndStatusSayItWithTheReason() {
        var plan = afterALoad().run(CLI + " plan");
        assertTrue(plan.stdout().contains("\n  4. circuit breaker: " + LINE + "\n"), plan.stdout());
        assertEquals(4, afterALoad().run(CLI + " plan --check").rc());
        var status = afterALoad().run(CLI + " status");
        assertTrue(status.stdout().contains("\nfirmware work pending: yes (circuit-breaker): " + LINE + "\n"),
                status.stdout());
        assertEquals("pending\n", afterALoad().run(CLI + " plan >/dev/null; ls /var/lib/kexec-reboot").stdout(),
                "plan changes nothing");
    }

    @Test
    void kexecIgnoreRulesKeepsKexecing() {
        var result = afterALoad().file("/etc/default/kexec.d/50-breaker", "KEXEC_IGNORE_RULES=circuit-breaker\n").run(K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(LOAD, result.kexecLog());
    }

    @Test
    void aReadOnlyVarLoadsWithoutAWord() {
        var result = FakeRoot.standard(dir).with("ro-root").run(K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("Loading new kernel image into memory...done.\n", result.stdout());
        assertEquals("", result.stderr(), "nothing recorded, by the admin's read-only choice");
    }

    @Test
    void theBootCompleteInitScriptIsQuietWithNothingPending() {
        var result = FakeRoot.standard(dir).run("/etc/init.d/kexec-boot-complete start; echo \"rc $?\";"
                + " /etc/init.d/kexec-boot-complete stop; echo \"rc $?\"; /etc/init.d/kexec-boot-complete bogus");
        assertEquals(3, result.rc());
        assertEquals("rc 0\nrc 0\n", result.stdout());
        assertEquals("Usage: /etc/init.d/kexec-boot-complete {start|stop|restart|force-reload|status}\n", result.stderr());
    }

    private static final String REBOOT_JOB = "1180 reboot.target start waiting\n1203 kexec-load.service stop running\n";
    private static final String UNIT_STOP = "/etc/init.d/kexec-load stop";

    @Test
    void onSystemdABootThatReachedMultiUserKexecsThoughTheUnitHadNoTimeToSaySo() {
        var result = afterALoad().with("systemd", REBOOT_JOB).with("systemd.show", "12345678").run(UNIT_STOP);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(LOAD, result.kexecLog());
        assertTrue(result.systemctlLog().contains("systemctl [show] [--property=ActiveEnterTimestampMonotonic] [--value]"
                + " [multi-user.target]\n"), result.systemctlLog());
    }

    @Test
    void onSystemdABootThatNeverReachedMultiUserGoesThroughTheFirmwareOnce() {
        var result = afterALoad().with("systemd", REBOOT_JOB).with("systemd.show", "0").run(UNIT_STOP);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("this boot followed kexec-load's load of /vmlinuz (in boot 00000000) and did not reach"
                + " multi-user.target, so this reboot goes through the firmware once\n", result.stdout());
        assertEquals("", result.kexecLog());
        var silent = afterALoad(dir.resolve("silent")).with("systemd", REBOOT_JOB).run(UNIT_STOP);
        assertTrue(silent.stdout().contains("did not reach multi-user.target (systemd cannot say), so this reboot goes"
                + " through the firmware once\n"), silent.stdout());
    }

    @Test
    void onSystemdASkipAfterACompletedKexecBootTakesItsMarkAway() {
        // The kexec'd boot reached multi-user.target, but a reboot stopped kexec-boot-complete.service
        // before it took the mark: the cold boot after this skip must not trip the breaker.
        var result = afterALoad().with("systemd", REBOOT_JOB).with("systemd.show", "12345678")
                .file("/tmp/no-kexec-reboot", "").run(UNIT_STOP + "; ls /var/lib/kexec-reboot; echo end");
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("request\nend\n", result.stdout(), "only this reboot's request for the history");
        assertEquals("", result.kexecLog());
    }
}
