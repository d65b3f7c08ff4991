package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown rule, fault by fault (docs/failure-modes.md): each fault injected into the real
 * shims ends in one clear line on stderr, exit 0, nothing changed that the original would not
 * change, and the normal reboot going on.
 */
class FaultTableIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load";
    private static final String S85 = "/etc/rc6.d/S85kexec";
    private static final String LOAD_FAILED = "Loading new kernel image into memory...failed.\n";

    /** Far longer than any bound we set: a run that waits for the fake to finish has hung. */
    private static final String HANG_SECONDS = "120";
    /** What a hung run would take; a bounded one ends long before. Not a performance figure. */
    private static final long HUNG_MILLISECONDS = 60_000;

    @TempDir
    Path dir;

    @Test
    void hungKexecLoadIsKilledAfterKexecTimeout() {
        var result = FakeRoot.standard(dir).defaults("KEXEC_TIMEOUT=2").with("kexec.sleep", HANG_SECONDS)
                .run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("kexec -l did not finish within 2 seconds");
        assertEquals(LOAD_FAILED, result.stdout());
        assertTrue(result.milliseconds() < HUNG_MILLISECONDS, "bounded: " + result.milliseconds() + " ms");
    }

    @Test
    void hungKexecExecIsKilledAndTheRebootGoesOn() {
        var result = FakeRoot.standard(dir).defaults("KEXEC_TIMEOUT=2").file("/sys/kernel/kexec_loaded", "1\n")
                .with("kexec-e.sleep", HANG_SECONDS).run(S85 + " stop; echo \"S85 exit $?\"");
        result.assertOneLineOnStderrAndExit0("kexec -e did not finish within 2 seconds");
        assertEquals("Will now restart with kexec.\nkexec failed ... failed!\nS85 exit 0\n", result.stdout());
        assertTrue(result.milliseconds() < HUNG_MILLISECONDS, "bounded: " + result.milliseconds() + " ms");
    }

    @Test
    void noJavaOnTheMachine() {
        for (String script : new String[] {K18, S85}) {
            var result = FakeRoot.standard(dir.resolve(script.substring(12))).with("no-java").run(script + " stop");
            result.assertOneLineOnStderrAndExit0("no java found; rebooting without kexec");
            assertEquals("", result.stdout() + result.kexecLog());
        }
    }

    @Test
    void brokenJavaEndsWithTheShimsLine() {
        var result = FakeRoot.standard(dir).with("broken-java").run(K18 + " stop");
        assertEquals(0, result.rc());
        assertTrue(result.stderr().endsWith("kexec-load: java failed (exit status 1); rebooting without kexec\n"),
                result.stderr());
        assertEquals("", result.kexecLog());
    }

    @Test
    void missingJar() {
        var result = FakeRoot.standard(dir).with("no-jar").run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("kexec-reboot.jar is missing; rebooting without kexec");
        assertEquals("", result.kexecLog());
    }

    @Test
    void readOnlyRootAfterUmountrootPrintsNoJvmWarnings() {
        var result = FakeRoot.standard(dir).file("/sys/kernel/kexec_loaded", "1\n").with("ro-root")
                .run(S85 + " stop");
        assertEquals("", result.stderr());
        assertEquals("Will now restart with kexec.\n", result.stdout());
        assertEquals(137, result.rc(), "jumped");
    }

    @Test
    void readOnlyRootStillLoads() {
        var result = FakeRoot.standard(dir).with("ro-root").run(K18 + " stop");
        assertEquals("", result.stderr());
        assertEquals("Loading new kernel image into memory...done.\n", result.stdout());
    }

    @Test
    void missingKernelIsNotLoaded() {
        var result = FakeRoot.standard(dir).defaults("KERNEL_IMAGE=/vmlinuz.old").run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("kernel /vmlinuz.old does not exist");
        assertEquals(LOAD_FAILED, result.stdout());
        assertEquals("", result.kexecLog());
    }

    @Test
    void kernelThatIsADirectoryIsNotLoaded() {
        var result = FakeRoot.standard(dir).defaults("KERNEL_IMAGE=/boot").directory("/boot").run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("kernel /boot is not a regular file");
        assertEquals("", result.kexecLog());
    }

    @Test
    void emptyKernelImageIsNotLoaded() {
        var result = FakeRoot.standard(dir).defaults("KERNEL_IMAGE=").run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("no kernel is configured");
        assertEquals("", result.kexecLog());
    }

    @Test
    void missingInitrdIsNotLoaded() {
        var result = FakeRoot.standard(dir).defaults("INITRD=/initrd.img.old").run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("initrd /initrd.img.old does not exist");
        assertEquals(LOAD_FAILED, result.stdout());
        assertEquals("", result.kexecLog());
    }

    @Test
    void unreadableProcCmdlineWithEmptyAppendIsNotLoaded() {
        var result = FakeRoot.standard(dir).with("no-proc-cmdline").run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("cannot read /proc/cmdline");
        assertEquals(LOAD_FAILED, result.stdout());
        assertEquals("", result.kexecLog());
    }

    @Test
    void emptyProcCmdlineWithEmptyAppendIsNotLoaded() {
        var result = FakeRoot.standard(dir).file("/proc/cmdline", "\n").run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("/proc/cmdline is empty");
        assertEquals("", result.kexecLog());
    }

    @Test
    void unreadableProcCmdlineDoesNotMatterWithAppendSet() {
        var result = FakeRoot.standard(dir).defaults("APPEND=\"root=/dev/sda1 ro\"").with("no-proc-cmdline")
                .run(K18 + " stop");
        assertEquals("", result.stderr());
        assertEquals("kexec [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=root=/dev/sda1 ro]\n", result.kexecLog());
    }

    @Test
    void skipFlagOnAReadOnlyTmpStillSkipsAndSaysSo() {
        var result = FakeRoot.standard(dir).file("/tmp/no-kexec-reboot", "").with("ro-root").run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("cannot remove '/tmp/no-kexec-reboot': Read-only file system");
        assertEquals("", result.stdout() + result.kexecLog());
        assertTrue(result.flagPresent());
        assertFalse(result.loaded());
    }

    @Test
    void binaryGarbageConfigurationIsWhatShMakesOfIt() {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        var result = FakeRoot.standard(dir).file("/etc/default/kexec", garbage).run(K18 + " stop");
        assertEquals(0, result.rc());
        assertNoStackTrace(result);
        assertEquals("", result.kexecLog());
    }

    @Test
    void shellSyntaxErrorInTheConfigurationLoadsNothing() {
        var result = FakeRoot.standard(dir).defaults("if then fi (").run(K18 + " stop");
        assertEquals(0, result.rc());
        assertNoStackTrace(result);
        assertTrue(result.stderr().contains("Syntax error"), result.stderr());
        assertTrue(result.stderr().endsWith("; not loading a kernel\n"), result.stderr());
        assertEquals("", result.kexecLog());
    }

    @Test
    void configurationThatExitsLoadsNothing() {
        var result = FakeRoot.standard(dir).defaults("exit 7").run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("stopped the shell (exit status 7)");
        assertEquals("", result.kexecLog());
    }

    @Test
    void configurationThatHangsIsBounded() {
        var result = FakeRoot.standard(dir).defaults("sleep " + HANG_SECONDS).run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("did not finish evaluating");
        assertEquals("", result.kexecLog());
        assertTrue(result.milliseconds() < HUNG_MILLISECONDS, "bounded: " + result.milliseconds() + " ms");
    }

    @Test
    void garbageKexecTimeoutFallsBackToTheDefault() {
        var result = FakeRoot.standard(dir).defaults("KEXEC_TIMEOUT=soon").run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("KEXEC_TIMEOUT=\"soon\" is not a number of seconds");
        assertTrue(result.loaded());
    }

    @Test
    void lowMemoryTheJvmStartsWithinATightAddressSpaceLimit() {
        // A JVM left to size itself reserves a 1 GiB class space and a quarter of RAM for the heap:
        // under this limit it cannot start at all. Ours is bounded explicitly.
        var result = FakeRoot.standard(dir).with("memory-limit-kb", "400000").run(K18 + " stop");
        assertEquals("", result.stderr());
        assertEquals("Loading new kernel image into memory...done.\n", result.stdout());
    }

    private static void assertNoStackTrace(FakeRoot.Result result) {
        assertFalse(result.stderr().contains("\tat ") || result.stderr().contains("Exception"), result.stderr());
    }
}
