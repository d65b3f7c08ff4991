package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd edge in the fake root: the units' own command lines (read from systemd/*.service), run
 * with systemd "running" (/run/systemd/system) and a recording systemctl that answers list-jobs.
 */
class SystemdIT {

    private static final String REBOOT_JOB = "1180 reboot.target start waiting\n1203 kexec-load.service stop running\n";
    private static final String POWEROFF_JOB = "1180 poweroff.target start waiting\n";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";

    @TempDir
    Path dir;

    /** The value of KEY= in one of our unit files (exactly one such line). */
    private static String unitLine(String unit, String key) throws IOException {
        List<String> values = Files.readAllLines(FakeRoot.project().resolve("systemd").resolve(unit)).stream()
                .filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
        assertEquals(1, values.size(), unit + ": " + key);
        return values.get(0);
    }

    private FakeRoot systemd(String jobs) {
        return FakeRoot.standard(dir).with("systemd", jobs);
    }

    @Test
    void kexecLoadServiceStopLoadsForAQueuedReboot() throws IOException {
        var result = systemd(REBOOT_JOB).run(unitLine("kexec-load.service", "ExecStop"));
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("", result.stderr());
        assertTrue(result.kexecLog().startsWith("kexec [-l] [/vmlinuz] [--initrd=/initrd.img]"), result.kexecLog());
        assertTrue(result.loaded());
        assertEquals("systemctl [list-jobs] [--no-legend] [--no-pager] [--full]\n", result.systemctlLog());
    }

    @Test
    void kexecLoadServiceStopAtPoweroffLoadsNothingWithOneLine() throws IOException {
        var result = systemd(POWEROFF_JOB).file("/tmp/no-kexec-reboot", "").run(unitLine("kexec-load.service", "ExecStop"));
        result.assertOneLineOnStderrAndExit0("kexec-load: systemd is powering off, not rebooting; not loading a kernel");
        assertEquals("", result.kexecLog());
        assertTrue(result.flagPresent(), "the skip flag is kept for the next reboot");
    }

    @Test
    void kexecLoadServiceStartIsANoOpWithoutSystemctl() throws IOException {
        var result = systemd(REBOOT_JOB).run(unitLine("kexec-load.service", "ExecStart"));
        assertEquals(0, result.rc());
        assertEquals("", result.stdout() + result.stderr() + result.kexecLog() + result.systemctlLog());
    }

    @Test
    void coldRebootFlagSkipsOnceOnSystemdAndIsRemoved() throws IOException {
        var result = systemd(REBOOT_JOB).file("/no-kexec-reboot", "").run(unitLine("kexec-load.service", "ExecStop"));
        assertEquals("", result.kexecLog());
        assertFalse(result.after().contains("no-kexec-reboot present"), result.after());
    }

    @Test
    void coldRebootFlagSkipsOnceOnSysvinitToo() {
        var result = FakeRoot.standard(dir).file("/no-kexec-reboot", "").run("/etc/rc6.d/K18kexec-load stop");
        assertEquals("", result.kexecLog());
        assertEquals("", result.stdout() + result.stderr());
        assertFalse(result.after().contains("no-kexec-reboot present"), result.after());
    }

    @Test
    void noJavaOnSystemdIsOneLineAndNothingLoaded() throws IOException {
        var result = systemd(REBOOT_JOB).with("no-java").run(unitLine("kexec-load.service", "ExecStop"));
        result.assertOneLineOnStderrAndExit0("kexec-load: no java found; rebooting without kexec");
        assertFalse(result.loaded());
    }

    /** kexec.service as systemd runs it: ExecCondition, and ExecStart only when that exits 0. */
    private String kexecService() throws IOException {
        return unitLine("kexec.service", "ExecCondition") + " && " + unitLine("kexec.service", "ExecStart");
    }

    @Test
    void kexecServiceAsksSystemdForKexecWhenAKernelIsLoaded() throws IOException {
        var result = systemd(REBOOT_JOB).file("/sys/kernel/kexec_loaded", "1\n").run(kexecService());
        assertEquals(0, result.rc());
        assertEquals("systemctl [--force] [kexec]\n", result.systemctlLog());
        assertEquals("", result.kexecLog(), "kexec -e is systemd-shutdown's, after the file systems are unmounted");
    }

    @Test
    void kexecServiceIsSkippedWhenNothingIsLoaded() throws IOException {
        var result = systemd(REBOOT_JOB).run(kexecService());
        assertEquals(1, result.rc(), "ExecCondition exits 1: the unit is skipped, systemd-reboot.service reboots");
        assertEquals("", result.systemctlLog());
    }

    @Test
    void planSaysSystemdAndTheUnits() {
        var result = systemd("").run(CLI + " plan");
        assertEquals(0, result.rc(), result.stderr());
        assertTrue(result.stdout().startsWith("Init system: systemd.\n"), result.stdout());
        assertTrue(result.stdout().contains("kexec-load.service: "), result.stdout());
        assertTrue(result.stdout().contains("systemd 252: a loaded kernel is run by kexec.service at reboot"), result.stdout());
        assertTrue(result.stdout().contains("1. the pending shutdown: only a reboot"), result.stdout());
        assertTrue(result.stdout().contains("kexec.service will then run systemctl --force kexec"), result.stdout());
        assertEquals("", result.kexecLog());
    }

    @Test
    void statusOnSystemd257SaysSystemctlRebootJumpsIntoALoadedKernel() {
        var result = systemd("").with("systemd.version", "systemd 257 (257.9-1~deb13u1)")
                .file("/no-kexec-reboot", "").run(CLI + " status");
        assertEquals(0, result.rc(), result.stderr());
        assertTrue(result.stdout().contains("skip flag /no-kexec-reboot (coldreboot): set"), result.stdout());
        assertTrue(result.stdout().contains("init system: systemd\n"), result.stdout());
        assertTrue(result.stdout().contains("systemd 257: `systemctl reboot` itself jumps"), result.stdout());
    }

    @Test
    void nowOnSystemdLoadsThenAsksSystemdToReboot() {
        var result = systemd("").run(CLI + " now");
        assertEquals(0, result.rc(), result.stderr());
        assertTrue(result.loaded());
        assertTrue(result.systemctlLog().endsWith("systemctl [reboot]\n"), result.systemctlLog());
    }

    @Test
    void coldOnSystemdUnloadsSetsTheFlagAndReboots() {
        var result = systemd("").file("/sys/kernel/kexec_loaded", "1\n").run(CLI + " cold");
        assertEquals(0, result.rc(), result.stderr());
        assertTrue(result.kexecLog().contains("kexec [-u]"), result.kexecLog());
        assertTrue(result.flagPresent());
        assertEquals("systemctl [reboot]\n", result.systemctlLog());
    }
}
