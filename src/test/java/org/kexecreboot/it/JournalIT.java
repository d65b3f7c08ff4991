package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.cli.JsonSchemas;

/**
 * Issue 19 item 4 with the real shims: each reboot decision leaves one journal line, sent by the
 * shim's logger (a recording fake here) after the JVM has exited, and a request that the boot after
 * it joins into the history `kexec-reboot last` shows. The console stays byte for byte as before.
 */
class JournalIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load stop";
    private static final String S85 = "/etc/rc6.d/S85kexec stop";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    private static final String REBOOT_JOB = "1180 reboot.target start waiting\n1203 kexec-load.service stop running\n";
    private static final String OTHER_BOOT = "00000000-0000-4000-8000-00000000e001";

    @TempDir
    Path dir;

    /** The syslog line sysvinit's logger gets (no journald socket there). */
    private static String syslog(String priority, String message) {
        return "logger [-t] [kexec-reboot] [-p] [daemon." + priority + "] [--] [" + message + "]\n";
    }

    @Test
    void aLoadOnSysvinitGoesToSyslogAndLeavesItsRequest() {
        var result = FakeRoot.standard(dir).run(K18 + " && cat /var/lib/kexec-reboot/request");
        assertEquals(0, result.rc(), result.stderr());
        assertTrue(result.stdout().startsWith("Loading new kernel image into memory...done.\nboot_id="), result.stdout());
        assertTrue(result.stdout().contains("\nplanned=kexec\nwhy=loaded /vmlinuz with initrd /initrd.img (kexec -l): the"
                + " reboot goes through kexec\nkernel=/vmlinuz\n"), result.stdout());
        assertEquals("", result.stderr());
        assertEquals(syslog("5", "kexec-load: loaded /vmlinuz with initrd /initrd.img (kexec -l): the reboot goes"
                + " through kexec"), result.journalLog());
        assertTrue(result.after().matches("(?s).*run/kexec-reboot: events-[0-9]+\\.0 \n.*"),
                "at the reboot the shim leaves what it sent to the reboot's end of /run: " + result.after());
    }

    @Test
    void onSystemdTheEntryCarriesItsMessageIdAndFields() {
        var result = FakeRoot.standard(dir).with("systemd", REBOOT_JOB).run(K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("Loading new kernel image into memory...done.\n", result.stdout());
        Matcher call = Pattern.compile("logger \\[--journald=/run/kexec-reboot/events-[0-9]+\\.0\\]\n").matcher(result.journalLog());
        assertTrue(call.lookingAt(), result.journalLog());
        assertEquals("""
                  MESSAGE_ID=1df62b93e2184a1e8a545b3f7c55c064
                  MESSAGE=kexec-load: loaded /vmlinuz with initrd /initrd.img (kexec -l): the reboot goes through kexec
                  PRIORITY=5
                  SYSLOG_FACILITY=3
                  SYSLOG_IDENTIFIER=kexec-reboot
                  KEXEC_REBOOT_EVENT=loaded
                  KEXEC_REBOOT_SCRIPT=kexec-load
                  KEXEC_REBOOT_PLANNED=kexec
                  KEXEC_REBOOT_KERNEL=/vmlinuz
                """, result.journalLog().substring(call.end()));
        assertTrue(result.after().contains("run/kexec-reboot: events-"), result.after());
    }

    @Test
    void aSkipAndADisabledMachineEachSayWhyTheFirmware() {
        var skip = FakeRoot.standard(dir).file("/tmp/no-kexec-reboot", "").run(K18);
        assertEquals("", skip.stdout());
        assertEquals(syslog("5", "kexec-load: the skip flag /tmp/no-kexec-reboot is set: this reboot goes through the"
                + " firmware, once"), skip.journalLog());
        var off = FakeRoot.standard(dir).defaults("LOAD_KEXEC=false").run(K18 + " && sed -n 3p /var/lib/kexec-reboot/request");
        assertEquals("planned=firmware\n", off.stdout());
        assertEquals(syslog("5", "kexec-load: LOAD_KEXEC is \"false\", not \"true\": kexec is not enabled"), off.journalLog());
    }

    @Test
    void aFailedLoadIsAWarning() {
        var result = FakeRoot.standard(dir).with("kexec.rc", "1").run(K18);
        assertEquals("Loading new kernel image into memory...failed.\n", result.stdout());
        assertEquals(syslog("4", "kexec-load: kexec -l of /vmlinuz failed; nothing is loaded, the reboot goes through the"
                + " firmware"), result.journalLog());
    }

    @Test
    void s85SaysWhenKexecECameBack() {
        var result = FakeRoot.standard(dir).file("/sys/kernel/kexec_loaded", "1\n").with("kexec-e.rc", "1").run(S85);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals(syslog("3", "kexec: kexec -e came back (exit status 1) instead of jumping into the loaded kernel;"
                + " the reboot goes on through the firmware"), result.journalLog());
    }

    @Test
    void theBootAfterJoinsTheRequestIntoTheHistoryThatLastShows() {
        long asked = System.currentTimeMillis() / 1000 - 42;
        FakeRoot root = FakeRoot.standard(dir).with("bootloader-type", "208").file("/var/lib/kexec-reboot/request",
                "boot_id=" + OTHER_BOOT + "\ntime=" + asked + "\nplanned=kexec\nwhy=loaded /vmlinuz with initrd"
                        + " /initrd.img (kexec -l): the reboot goes through kexec\nkernel=/vmlinuz\n");
        var result = root.run(CLI + " boot-complete && ls /var/lib/kexec-reboot && " + CLI + " last && " + CLI
                + " last --json && " + CLI + " boot-complete && " + CLI + " last | wc -l");
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("", result.stderr());
        String[] lines = result.stdout().split("\n");
        assertEquals("history", lines[0], result.stdout()); // the request is used up
        assertEquals("booted at                  via       seconds  kernel            why", lines[1].stripTrailing());
        assertTrue(lines[2].matches("[0-9-]{10} [0-9:]{8} [-+][0-9]{4}  kexec     +4[2-4]  \\S+ +loaded /vmlinuz with"
                + " initrd /initrd.img \\(kexec -l\\): the reboot goes through kexec"), lines[2]);
        assertTrue(lines[3].matches("kexec: 1 timed reboot, median 4[2-4] s; firmware: 0 timed reboots"), lines[3]);
        var json = JsonSchemas.last(lines[4] + "\n");
        assertEquals("kexec", json.get("reboots").get(0).get("via").asString());
        assertEquals("/vmlinuz", json.get("reboots").get(0).get("reboot").get("kernel").asString());
        assertEquals(OTHER_BOOT, json.get("reboots").get(0).get("reboot").get("boot_id").asString());
        assertEquals("3", lines[5].trim(), "a second boot-complete in the same boot records nothing more");
        assertFalse(result.after().contains("events-"), "the command line removes what it sent: " + result.after());
        assertTrue(result.journalLog().matches("(?s)logger .*\\[kexec-reboot boot-complete: this boot \\(\\S+\\) came through"
                + " kexec and reached multi-user.target 4[2-4] s after its reboot began \\(boot 00000000: loaded /vmlinuz"
                + " with initrd /initrd.img \\(kexec -l\\): the reboot goes through kexec\\)\\]\n"), result.journalLog());
    }

    @Test
    void aRebootMeantForKexecThatCameThroughTheFirmwareSaysSo() {
        FakeRoot root = FakeRoot.standard(dir).with("bootloader-type", "114").file("/var/lib/kexec-reboot/request",
                "boot_id=" + OTHER_BOOT + "\ntime=" + (System.currentTimeMillis() / 1000 - 100) + "\nplanned=kexec\n"
                        + "why=loaded /vmlinuz\nkernel=/vmlinuz\n");
        var result = root.run(CLI + " boot-complete >/dev/null; " + CLI + " last | sed -n 2p");
        assertTrue(result.stdout().contains("  firmware  ") && result.stdout().contains(
                "meant for kexec, but came through firmware: loaded /vmlinuz\n"), result.stdout());
    }

    @Test
    void withoutAHistoryLastSaysSo() {
        var result = FakeRoot.standard(dir).run(CLI + " last; echo \"rc $?\"; " + CLI + " last --json");
        assertTrue(result.stdout().startsWith("No reboot is recorded yet (/var/lib/kexec-reboot/history): kexec-load"
                + " records each reboot, and the boot after it completes the record.\nrc 0\n"), result.stdout());
        var json = JsonSchemas.last(result.stdout().substring(result.stdout().indexOf("rc 0\n") + 5));
        assertEquals(0, json.get("reboots").size());
        assertTrue(json.get("summary").get("saved_seconds").isNull());
    }
}
