package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.cli.JsonSchemas;

/**
 * KEXEC_COLD_EVERY (issue 24 item 3's option) with the real shims and command line. The fake root's
 * /proc is the machine's but for bootloader_type (this boot came through kexec: 208), so the streak a
 * fixture writes names this boot: its count stands as written.
 */
class ColdEveryIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load stop";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    private static final String LOAD = "kexec [-l] [/vmlinuz] [--initrd=/initrd.img]"
            + " [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n";
    /** This boot counted itself: 3 kexec boots in a row, its reboot meant for kexec. */
    private static final String THREE_IN_A_ROW = "mkdir -p /var/lib/kexec-reboot && printf 'boot_id=%s\\nkexec_boots=3\\n"
            + "next_reboot=kexec\\n' \"$(cat /proc/sys/kernel/random/boot_id)\" >/var/lib/kexec-reboot/streak; ";
    private static final String COLD = "KEXEC_COLD_EVERY=4, kexec boots in a row: 3; so this reboot goes through the"
            + " firmware";

    @TempDir
    Path dir;

    private FakeRoot every(String n) {
        return FakeRoot.standard(dir).with("bootloader-type", "208").file("/etc/default/kexec.d/60-cold",
                "KEXEC_COLD_EVERY=" + n + "\n");
    }

    @Test
    void theFourthRebootGoesThroughTheFirmwareWithOneLine() {
        var result = every("4").run(THREE_IN_A_ROW + K18 + "; echo \"rc $?\"; sed -n 2,3p /var/lib/kexec-reboot/streak");
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(COLD + "\nrc 0\nkexec_boots=3\nnext_reboot=firmware\n", result.stdout());
        assertEquals("", result.stderr());
        assertEquals("", result.kexecLog());
    }

    @Test
    void beforeItsTurnTheRebootKexecsAndCountsThisBoot() {
        var result = every("10").run(THREE_IN_A_ROW + K18 + " && sed -n 2,3p /var/lib/kexec-reboot/streak");
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("Loading new kernel image into memory...done.\nkexec_boots=3\nnext_reboot=kexec\n", result.stdout());
        assertEquals(LOAD, result.kexecLog());
    }

    @Test
    void planCheckJsonAndStatusSayIt() {
        var plan = every("4").run(THREE_IN_A_ROW + CLI + " plan");
        assertEquals(0, plan.rc(), plan.stderr());
        assertTrue(plan.stdout().contains(". KEXEC_COLD_EVERY: " + COLD + "\n"), plan.stdout());
        assertTrue(plan.stdout().contains(" KEXEC_SYSCALL=\"\" KEXEC_COLD_EVERY=\"4\"\n"), plan.stdout());
        assertEquals(4, every("4").run(THREE_IN_A_ROW + CLI + " plan --check").rc());
        var json = JsonSchemas.plan(every("4").run(THREE_IN_A_ROW + CLI + " plan --json").stdout());
        assertEquals("firmware", json.get("next_reboot").asString());
        assertEquals(COLD, json.get("reason").asString());
        var status = every("4").run(THREE_IN_A_ROW + CLI + " status");
        assertTrue(status.stdout().contains("\nfirmware work pending: yes (cold-every): " + COLD + "\n"), status.stdout());
        var later = every("10").run(THREE_IN_A_ROW + CLI + " plan");
        assertTrue(later.stdout().contains(". KEXEC_COLD_EVERY: KEXEC_COLD_EVERY=10, kexec boots in a row: 3; 6 more kexec"
                + " reboots, then one through the firmware\n"), later.stdout());
    }

    @Test
    void aBootThroughTheFirmwareStartsTheCountAfresh() {
        var result = every("4").with("bootloader-type", "114")
                .file("/var/lib/kexec-reboot/streak", "boot_id=00000000-0000-4000-8000-00000000e001\nkexec_boots=3\n"
                        + "next_reboot=kexec\n")
                .run(K18 + " && sed -n 2,3p /var/lib/kexec-reboot/streak");
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("Loading new kernel image into memory...done.\nkexec_boots=0\nnext_reboot=kexec\n", result.stdout());
    }

    @Test
    void aValueThatIsNotACountIsOneWarningAndKexecs() {
        var result = every("weekly").run(K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("Loading new kernel image into memory...done.\n", result.stdout());
        assertEquals("kexec-load: \"weekly\" is not a whole number of reboots from 1 to 1000000; ignored\n",
                result.stderr());
        assertEquals(LOAD, result.kexecLog());
    }

    @Test
    void withoutItThePlanIsAsItWasAndNothingIsCounted() {
        var plan = FakeRoot.standard(dir).run(CLI + " plan; ls /var/lib/kexec-reboot 2>&1");
        assertFalse(plan.stdout().contains("KEXEC_COLD_EVERY"), plan.stdout());
        var result = FakeRoot.standard(dir).run(K18 + " && ls /var/lib/kexec-reboot");
        assertEquals("Loading new kernel image into memory...done.\npending\nrequest\n", result.stdout());
    }
}
