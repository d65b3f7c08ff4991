package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** K18kexec-load stop, against /work/shared/reference/K18kexec-load. */
class KexecLoadTest {

    private static final String LOADING = "Loading new kernel image into memory...";
    private static final String STANDARD_ARGV =
            "[-l]\n[/vmlinuz]\n[--initrd=/initrd.img]\n[--append=" + FakeSystem.CMDLINE + "]\n\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final SystemErr systemErr = new SystemErr();

    private FakeSystem system;

    @BeforeEach
    void system() throws IOException {
        system = new FakeSystem(dir).defaults(FakeSystem.STANDARD_DEFAULTS);
    }

    private int stop() {
        return new KexecLoad(system.context("/etc/init.d/kexec-load")).run(new String[] {"stop"});
    }

    private void assertNothingLoaded() throws IOException {
        assertEquals("", system.stdout());
        assertEquals("", system.kexecLog());
        assertEquals("0\n", system.kexecLoaded());
    }

    @Test
    void successfulLoadPrintsDoneAndPassesKernelInitrdAndCmdline() throws IOException {
        assertEquals(0, stop());
        assertEquals(LOADING + "done.\n", system.stdout());
        assertEquals(STANDARD_ARGV, system.kexecLog());
        assertEquals("1", system.kexecLoaded());
        assertEquals("", system.stderr());
        assertEquals("", systemErr.text());
    }

    @Test
    void emptyInitrdLoadsWithoutInitrdArgument() throws IOException {
        system.defaults("LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=\n");
        stop();
        assertEquals("[-l]\n[/vmlinuz]\n[--append=" + FakeSystem.CMDLINE + "]\n\n", system.kexecLog());
    }

    @Test
    void configuredAppendIsPassedInsteadOfProcCmdline() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS + "APPEND=\"root=/dev/sdb2 ro \"\n");
        stop();
        assertEquals("[-l]\n[/vmlinuz]\n[--initrd=/initrd.img]\n[--append=root=/dev/sdb2 ro ]\n\n", system.kexecLog());
    }

    @Test
    void procCmdlineTrailingSpaceIsPassedOn() throws IOException {
        system.write("/proc/cmdline", FakeSystem.CMDLINE + " \n");
        stop();
        assertEquals("[-l]\n[/vmlinuz]\n[--initrd=/initrd.img]\n[--append=" + FakeSystem.CMDLINE + " ]\n\n",
                system.kexecLog());
    }

    @Test
    void kexecLoadFailurePrintsFailed() throws IOException {
        system.write("/kexec.rc", "1");
        assertEquals(0, stop());
        assertEquals(LOADING + "failed.\n", system.stdout());
        assertEquals(STANDARD_ARGV, system.kexecLog());
    }

    @Test
    void kexecLoadFailureIsRedOnAFancyTerminal() throws IOException {
        system.write("/kexec.rc", "1");
        system.stdoutIsTerminal = true;
        system.environment.put("TERM", "xterm");
        stop();
        assertEquals(LOADING + "\u001b[31mfailed.\u001b[0m\n", system.stdout());
    }

    @Test
    void loadKexecFalseDoesNothing() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS.replace("LOAD_KEXEC=true", "LOAD_KEXEC=false"));
        assertEquals(0, stop());
        assertNothingLoaded();
    }

    @Test
    void loadKexecYesDoesNothing() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS.replace("LOAD_KEXEC=true", "LOAD_KEXEC=yes"));
        stop();
        assertNothingLoaded();
    }

    @Test
    void loadKexecUpperCaseTrueDoesNothing() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS.replace("LOAD_KEXEC=true", "LOAD_KEXEC=TRUE"));
        stop();
        assertNothingLoaded();
    }

    @Test
    void loadKexecUnsetDoesNothing() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS.replace("LOAD_KEXEC=true\n", ""));
        stop();
        assertNothingLoaded();
    }

    @Test
    void missingDefaultsFileDoesNothing() throws IOException {
        Files.delete(system.path("/etc/default/kexec"));
        assertEquals(0, stop());
        assertNothingLoaded();
    }

    @Test
    void crlfDefaultsFileDoesNothing() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS.replace("\n", "\r\n"));
        stop();
        assertNothingLoaded();
    }

    @Test
    void loadKexecFalseDoesNotEvenReadKexecLoaded() throws IOException {
        system.defaults("LOAD_KEXEC=false\n");
        Files.delete(system.path("/sys/kernel/kexec_loaded"));
        stop();
        assertEquals("", system.stderr());
    }

    @Test
    void missingKexecBinaryDoesNothing() throws IOException {
        Files.delete(system.path("/sbin/kexec"));
        assertEquals(0, stop());
        assertEquals("", system.stdout());
        assertEquals("0\n", system.kexecLoaded());
    }

    @Test
    void nonExecutableKexecBinaryDoesNothing() throws IOException {
        Files.setPosixFilePermissions(system.path("/sbin/kexec"), PosixFilePermissions.fromString("rw-r--r--"));
        stop();
        assertNothingLoaded();
    }

    @Test
    void missingKexecBinaryLeavesTheSkipFlag() throws IOException {
        Files.delete(system.path("/sbin/kexec"));
        system.write("/tmp/no-kexec-reboot", "");
        stop();
        assertTrue(Files.exists(system.path("/tmp/no-kexec-reboot")));
    }

    @Test
    void alreadyLoadedDoesNothing() throws IOException {
        system.write("/sys/kernel/kexec_loaded", "1\n");
        assertEquals(0, stop());
        assertEquals("", system.stdout());
        assertEquals("", system.kexecLog());
    }

    @Test
    void alreadyLoadedLeavesTheSkipFlag() throws IOException {
        system.write("/sys/kernel/kexec_loaded", "1\n");
        system.write("/tmp/no-kexec-reboot", "");
        stop();
        assertTrue(Files.exists(system.path("/tmp/no-kexec-reboot")));
    }

    @Test
    void missingKexecLoadedSaysSoLikeCatAndStillLoads() throws IOException {
        Files.delete(system.path("/sys/kernel/kexec_loaded"));
        Files.createDirectories(system.path("/sys/kernel"));
        stop();
        assertEquals("cat: /sys/kernel/kexec_loaded: No such file or directory\n", system.stderr());
        assertEquals(LOADING + "done.\n", system.stdout());
        assertEquals(STANDARD_ARGV, system.kexecLog());
    }

    @Test
    void skipFlagIsRemovedAndNothingLoaded() throws IOException {
        system.write("/tmp/no-kexec-reboot", "");
        assertEquals(0, stop());
        assertFalse(Files.exists(system.path("/tmp/no-kexec-reboot"), LinkOption.NOFOLLOW_LINKS));
        assertNothingLoaded();
        assertEquals("", system.stderr());
    }

    @Test
    void skipFlagSymlinkToRegularFileRemovesTheLinkKeepsTheTarget() throws IOException {
        Path target = system.write("/root/keep-me", "x");
        Files.createSymbolicLink(system.path("/tmp/no-kexec-reboot"), target);
        stop();
        assertFalse(Files.exists(system.path("/tmp/no-kexec-reboot"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(target));
        assertNothingLoaded();
    }

    @Test
    void danglingSkipFlagSymlinkIsNotASkip() throws IOException {
        Files.createSymbolicLink(system.path("/tmp/no-kexec-reboot"), system.path("/nowhere"));
        stop();
        assertEquals(LOADING + "done.\n", system.stdout());
        assertTrue(Files.exists(system.path("/tmp/no-kexec-reboot"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void skipFlagDirectoryIsNotASkip() throws IOException {
        Files.createDirectories(system.path("/tmp/no-kexec-reboot"));
        stop();
        assertEquals(LOADING + "done.\n", system.stdout());
        assertEquals(STANDARD_ARGV, system.kexecLog());
        assertTrue(Files.isDirectory(system.path("/tmp/no-kexec-reboot")));
    }

    @Test
    void skipFlagWorksOnlyOnce() throws IOException {
        system.write("/tmp/no-kexec-reboot", "");
        stop();
        assertEquals("", system.kexecLog());
        stop();
        assertEquals(STANDARD_ARGV, system.kexecLog());
    }

    @Test
    void debiansColdRebootFlagSkipsOnceAndIsRemoved() throws IOException {
        system.write("/no-kexec-reboot", "");
        assertEquals(0, stop());
        assertFalse(Files.exists(system.path("/no-kexec-reboot"), LinkOption.NOFOLLOW_LINKS));
        assertNothingLoaded();
        assertEquals("", system.stderr());
        stop();
        assertEquals(STANDARD_ARGV, system.kexecLog(), "once: the next reboot loads again");
    }

    @Test
    void bothFlagsSkipOnceAndBothAreRemoved() throws IOException {
        system.write("/no-kexec-reboot", "");
        system.write("/tmp/no-kexec-reboot", "");
        stop();
        assertNothingLoaded();
        assertFalse(Files.exists(system.path("/no-kexec-reboot"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(system.path("/tmp/no-kexec-reboot"), LinkOption.NOFOLLOW_LINKS));
        stop();
        assertEquals(STANDARD_ARGV, system.kexecLog());
    }

    @Test
    void coldRebootFlagThatIsADirectoryIsNotASkip() throws IOException {
        Files.createDirectories(system.path("/no-kexec-reboot"));
        stop();
        assertEquals(STANDARD_ARGV, system.kexecLog());
        assertTrue(Files.isDirectory(system.path("/no-kexec-reboot")));
    }

    /** systemd runs (/run/systemd/system), and its systemctl answers list-jobs with these lines. */
    private void systemdWithJobs(String listJobs) throws IOException {
        Files.createDirectories(system.path("/run/systemd/system"));
        system.write("/bin/systemctl", "#!/bin/sh\necho \"$@\" >> '" + system.root + "/systemctl.log'\n"
                + "[ \"$1\" = list-jobs ] && printf '" + listJobs + "'\nexit 0\n");
        Files.setPosixFilePermissions(system.path("/bin/systemctl"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void onSystemdAQueuedRebootLoads() throws IOException {
        systemdWithJobs("  1 reboot.target start waiting\\n 80 kexec-load.service stop running\\n");
        stop();
        assertEquals(STANDARD_ARGV, system.kexecLog());
        assertEquals("list-jobs --no-legend --no-pager --full\n",
                Files.readString(system.root.resolve("systemctl.log")));
    }

    @Test
    void onSystemdPoweroffNeverLoadsAndKeepsTheFlag() throws IOException {
        systemdWithJobs("  1 poweroff.target start waiting\\n");
        system.write("/tmp/no-kexec-reboot", "");
        assertEquals(0, stop());
        assertEquals("", system.kexecLog());
        assertEquals("kexec-load: systemd is powering off, not rebooting; not loading a kernel\n", system.stderr());
        assertTrue(Files.exists(system.path("/tmp/no-kexec-reboot")), "the skip is for the next reboot");
    }

    @Test
    void onSystemdNoShutdownJobLoadsNothing() throws IOException {
        systemdWithJobs("");
        stop();
        assertEquals("", system.kexecLog());
        assertEquals("kexec-load: systemd has no reboot queued (no reboot.target job); not loading a kernel\n",
                system.stderr());
    }

    @Test
    void onSystemdWithoutAnAnswerLoadsNothing() throws IOException {
        systemdWithJobs("");
        system.write("/bin/systemctl", "#!/bin/sh\nexit 1\n");
        stop();
        assertEquals("", system.kexecLog());
        assertEquals("kexec-load: cannot tell whether systemd is rebooting (systemctl list-jobs failed with exit"
                + " status 1); not loading a kernel\n", system.stderr());
    }

    @Test
    void defaultsFileOutputIsPassedOnBeforeLoading() throws IOException {
        system.defaults("echo reading defaults\n" + FakeSystem.STANDARD_DEFAULTS);
        stop();
        assertEquals("reading defaults\n" + LOADING + "done.\n", system.stdout());
    }

    @Test
    void defaultsFileIsEvaluatedWithTheScriptsPath() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS + "APPEND=\"$PATH\"\n");
        stop();
        assertEquals("[-l]\n[/vmlinuz]\n[--initrd=/initrd.img]\n[--append=/sbin:/bin:/usr/sbin:/usr/bin]\n\n",
                system.kexecLog());
    }

    @Test
    void kexecRunsWithTheScriptsPath() throws IOException {
        system.write("/sbin/kexec", "#!/bin/sh\nprintf '%s\\n' \"$PATH\" > '" + dir.resolve("kexec.log") + "'\n");
        stop();
        assertEquals("/sbin:/bin:/usr/sbin:/usr/bin\n", system.kexecLog());
    }

    @Test
    void kexecGetsTheCallersOtherEnvironment() throws IOException {
        system.environment.put("LANG", "C.UTF-8");
        system.write("/sbin/kexec", "#!/bin/sh\nprintf '%s\\n' \"$LANG\" > '" + dir.resolve("kexec.log") + "'\n");
        stop();
        assertEquals("C.UTF-8\n", system.kexecLog());
    }

    @Test
    void unreadableDefaultsLoadsNothing() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS + "exit 3\n");
        assertEquals(0, stop());
        assertNothingLoaded();
        assertFalse(systemErr.text().isEmpty());
    }

    @Test
    void missingKernelPrintsFailedAndDoesNotRunKexec() throws IOException {
        Files.delete(system.path("/vmlinuz"));
        assertEquals(0, stop());
        assertEquals(LOADING + "failed.\n", system.stdout());
        assertEquals("", system.kexecLog());
        assertTrue(systemErr.text().contains("/vmlinuz"), systemErr.text());
    }

    @Test
    void missingInitrdPrintsFailedAndDoesNotRunKexec() throws IOException {
        Files.delete(system.path("/initrd.img"));
        stop();
        assertEquals(LOADING + "failed.\n", system.stdout());
        assertEquals("", system.kexecLog());
    }

    @Test
    void useGrubConfigWithoutGrubCfgLoadsTheConfiguredKernel() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS.replace("USE_GRUB_CONFIG=false", "USE_GRUB_CONFIG=true"));
        stop();
        assertEquals(LOADING + "done.\n", system.stdout());
        assertEquals(STANDARD_ARGV, system.kexecLog());
    }

    @Test
    void garbageKexecTimeoutWarnsOnceAndStillLoads() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS + "KEXEC_TIMEOUT=soon\n");
        stop();
        assertEquals(LOADING + "done.\n", system.stdout());
        assertEquals(STANDARD_ARGV, system.kexecLog());
        String warnings = system.stderr() + systemErr.text();
        assertEquals(1, warnings.lines().count(), warnings);
        assertTrue(warnings.contains("KEXEC_TIMEOUT"), warnings);
        assertTrue(warnings.contains("soon"), warnings);
        assertTrue(warnings.contains("30"), warnings);
    }

    @Test
    void validKexecTimeoutIsSilent() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS + "KEXEC_TIMEOUT=5\n");
        stop();
        assertEquals(LOADING + "done.\n", system.stdout());
        assertEquals("", system.stderr() + systemErr.text());
    }

    @Test
    void hungKexecIsKilledAfterKexecTimeoutAndReportedFailed() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS + "KEXEC_TIMEOUT=1\n");
        system.write("/sbin/kexec", "#!/bin/sh\nexec sleep 30\n");
        long start = System.nanoTime();
        stop();
        assertTrue(System.nanoTime() - start < 15_000_000_000L);
        assertEquals(LOADING + "failed.\n", system.stdout());
        assertTrue(systemErr.text().contains("kexec -l"), systemErr.text());
    }

    // The firmware has work: nothing loaded, one line; a kernel loaded already is unloaded.

    private static final String BOOT_NEXT_LINE =
            "BootNext=Boot0003 (Linux-Firmware-Updater): the firmware boots that entry once, so this reboot goes through"
                    + " the firmware";

    private void bootNext() throws IOException {
        system.efiVariable("BootNext", org.kexecreboot.efi.EfiVariables.GLOBAL, new byte[] {3, 0})
                .efiVariable("Boot0003", org.kexecreboot.efi.EfiVariables.GLOBAL,
                        FakeSystem.loadOption("Linux-Firmware-Updater"));
    }

    @Test
    void bootNextLoadsNothingAndSaysWhyInOneLine() throws IOException {
        bootNext();
        assertEquals(0, stop());
        assertEquals(BOOT_NEXT_LINE + "\n", system.stdout());
        assertEquals("", system.kexecLog());
        assertEquals("0\n", system.kexecLoaded());
        assertEquals("", system.stderr() + systemErr.text());
    }

    @Test
    void bootNextUnloadsAKernelLoadedAlready() throws IOException {
        bootNext();
        system.write("/sys/kernel/kexec_loaded", "1\n");
        assertEquals(0, stop());
        assertEquals("[-u]\n\n", system.kexecLog());
        assertEquals("0", system.kexecLoaded());
        assertEquals(BOOT_NEXT_LINE + "; the kernel already loaded is unloaded (kexec -u)\n", system.stdout());
        assertEquals("", system.stderr() + systemErr.text());
    }

    @Test
    void aLockedDownKernelIsUnloadedWithKexecFileLoad() throws IOException {
        bootNext();
        system.write("/sys/kernel/kexec_loaded", "1\n");
        system.write("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
        stop();
        assertEquals("[-s]\n[-u]\n\n", system.kexecLog());
    }

    @Test
    void aFailedUnloadIsOneLineAndTheRebootGoesOn() throws IOException {
        bootNext();
        system.write("/sys/kernel/kexec_loaded", "1\n");
        system.write("/kexec.rc", "1");
        assertEquals(0, stop());
        assertEquals("", system.stdout());
        String warnings = system.stderr() + systemErr.text();
        assertEquals(1, warnings.lines().count(), warnings);
        assertTrue(warnings.contains(BOOT_NEXT_LINE + "; but kexec -u failed (exit status 1): the kernel already loaded"
                + " stays, and the reboot jumps into it"), warnings);
    }

    @Test
    void aHungUnloadIsKilledAfterKexecTimeout() throws IOException {
        bootNext();
        system.defaults(FakeSystem.STANDARD_DEFAULTS + "KEXEC_TIMEOUT=1\n");
        system.write("/sys/kernel/kexec_loaded", "1\n");
        system.write("/sbin/kexec", "#!/bin/sh\nexec sleep 30\n");
        long start = System.nanoTime();
        assertEquals(0, stop());
        assertTrue(System.nanoTime() - start < 15_000_000_000L);
        String warnings = system.stderr() + systemErr.text();
        assertEquals(1, warnings.lines().count(), warnings);
        assertTrue(warnings.contains("kexec -u did not finish within 1 seconds (KEXEC_TIMEOUT) and was killed"), warnings);
    }

    @Test
    void theMarkOfNowForceKeepsTheKernelAndIsRemoved() throws IOException {
        bootNext();
        system.write("/sys/kernel/kexec_loaded", "1\n");
        system.write("/run/kexec-reboot.firmware-override", "");
        assertEquals(0, stop());
        assertEquals("", system.kexecLog());
        assertEquals("", system.stdout() + system.stderr() + systemErr.text());
        assertFalse(Files.exists(system.path("/run/kexec-reboot.firmware-override")));
    }

    // ---- the circuit breaker's mark (issue 24 item 3)

    @Test
    void aSuccessfulLoadLeavesThePendingMarkOfThisBoot() throws IOException {
        system.write("/proc/sys/kernel/random/boot_id", "1f0e2d3c-0000-4000-8000-000000000001\n");
        assertEquals(0, stop());
        String mark = java.nio.file.Files.readString(system.path("/var/lib/kexec-reboot/pending"));
        assertTrue(mark.startsWith("boot_id=1f0e2d3c-0000-4000-8000-000000000001\nkernel=/vmlinuz\ntime="), mark);
        assertEquals("", system.stderr());
    }

    @Test
    void aFailedLoadOrKexecIgnoreRulesLeavesNoMark() throws IOException {
        system.write("/kexec.rc", "1\n");
        stop();
        assertFalse(java.nio.file.Files.exists(system.path("/var/lib/kexec-reboot/pending")));
        system.write("/kexec.rc", "0\n");
        system.defaults(FakeSystem.STANDARD_DEFAULTS + "KEXEC_IGNORE_RULES=circuit-breaker\n");
        assertEquals(0, stop());
        assertEquals("1", system.kexecLoaded());
        assertFalse(java.nio.file.Files.exists(system.path("/var/lib/kexec-reboot/pending")));
    }

    @Test
    void aBootThatNeverReachedItsTargetMakesTheRebootColdOnce() throws IOException {
        system.write("/proc/sys/kernel/random/boot_id", "22222222-0000-4000-8000-000000000002\n");
        system.write("/var/lib/kexec-reboot/pending", "boot_id=11111111-0000-4000-8000-000000000001\nkernel=/vmlinuz\n"
                + "time=1765000000\n");
        assertEquals(0, stop());
        assertEquals("this boot followed kexec-load's load of /vmlinuz (in boot 11111111) and did not reach its target"
                + " (no mark from kexec-boot-complete), so this reboot goes through the firmware once\n", system.stdout());
        assertEquals("", system.kexecLog());
        assertFalse(java.nio.file.Files.exists(system.path("/var/lib/kexec-reboot/pending")), "once");
        system.stdout.reset();
        assertEquals(0, stop());
        assertEquals(LOADING + "done.\n", system.stdout(), "the reboot after the cold one kexecs again");
    }

    @Test
    void onSystemdTheBreakerAsksWhetherTheTargetWasReachedOnce() throws IOException {
        systemdWithJobs("  1 reboot.target start waiting\\n");
        system.write("/bin/systemctl", system.read("/bin/systemctl").replace("exit 0\n",
                "[ \"$1\" = show ] && echo 4242\nexit 0\n"));
        system.write("/proc/sys/kernel/random/boot_id", "22222222-0000-4000-8000-000000000002\n");
        system.write("/var/lib/kexec-reboot/pending", "boot_id=11111111-0000-4000-8000-000000000001\nkernel=/vmlinuz\n"
                + "time=1765000000\n");
        assertEquals(0, stop());
        assertEquals(LOADING + "done.\n", system.stdout(), "the boot after the load reached multi-user.target");
        assertEquals("list-jobs --no-legend --no-pager --full\n"
                + "show --property=ActiveEnterTimestampMonotonic --value multi-user.target\n",
                Files.readString(system.root.resolve("systemctl.log")), "the check and the settling share one answer");
        assertTrue(system.read("/var/lib/kexec-reboot/pending").startsWith("boot_id=22222222-"), "this boot's own load");
    }

    // ---- KEXEC_COLD_EVERY (issue 24 item 3, the option)

    /**
     * A new boot of the fake machine that reaches its target: its boot_id, who started its kernel,
     * nothing loaded yet, and the breaker's mark taken (as kexec-boot-complete does).
     */
    private void boot(String bootId, int bootloaderType) throws IOException {
        Files.deleteIfExists(system.path("/var/lib/kexec-reboot/pending"));
        system.write("/proc/sys/kernel/random/boot_id", bootId + "\n");
        system.write("/proc/sys/kernel/bootloader_type", bootloaderType + "\n");
        system.write("/sys/kernel/kexec_loaded", "0\n");
        Files.deleteIfExists(system.root.resolve("kexec.log"));
        system.stdout.reset();
    }

    @Test
    void coldEveryThreeSendsTheThirdRebootThroughTheFirmwareAndCountsAfresh() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS + "KEXEC_COLD_EVERY=3\n");
        String firmwareLine = "KEXEC_COLD_EVERY=3, kexec boots in a row: 2; so this reboot goes through the firmware\n";
        StringBuilder rebootsWent = new StringBuilder();
        int boot = 0;
        int type = 0x72; // the first boot: GRUB started it
        for (int reboot = 1; reboot <= 7; reboot++) {
            boot(String.format("%08d-0000-4000-8000-000000000000", ++boot), type);
            assertEquals(0, stop());
            boolean kexec = system.kexecLog().equals(STANDARD_ARGV);
            assertEquals(kexec ? LOADING + "done.\n" : firmwareLine, system.stdout(), "reboot " + reboot);
            rebootsWent.append(kexec ? 'k' : 'F');
            type = kexec ? 0xD0 : 0x72;
        }
        assertEquals("kkFkkFk", rebootsWent.toString());
        assertEquals("", system.stderr());
    }

    @Test
    void withoutColdEveryNoStreakIsWritten() throws IOException {
        assertEquals(0, stop());
        assertFalse(Files.exists(system.path("/var/lib/kexec-reboot/streak")));
    }

    @Test
    void aLoadUndoneForTheFirmwaresWorkTakesItsMarkAlong() throws IOException {
        system.write("/proc/sys/kernel/random/boot_id", "1f0e2d3c-0000-4000-8000-000000000001\n");
        assertEquals(0, stop());
        assertTrue(java.nio.file.Files.exists(system.path("/var/lib/kexec-reboot/pending")));
        system.efiVariable("BootNext", org.kexecreboot.efi.EfiVariables.GLOBAL, new byte[] {3, 0});
        system.stdout.reset();
        assertEquals(0, stop());
        assertTrue(system.stdout().endsWith("; the kernel already loaded is unloaded (kexec -u)\n"), system.stdout());
        assertFalse(java.nio.file.Files.exists(system.path("/var/lib/kexec-reboot/pending")),
                "the boot after this one comes through the firmware on purpose: no trip");
    }
}
