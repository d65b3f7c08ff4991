package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real shims, the built jar and a recording kexec in a fake root: the original scripts'
 * behaviour, case by case (the expected transcripts are the original's).
 */
class InitScriptsIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load";
    private static final String S85 = "/etc/rc6.d/S85kexec";
    private static final String LOADING_DONE = "Loading new kernel image into memory...done.\n";
    private static final String DEFAULT_LOAD =
            "kexec [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n";

    @TempDir
    Path dir;

    @Test
    void k18LoadsTheConfiguredKernelWithTheRunningCommandLine() {
        var result = FakeRoot.standard(dir).run(K18 + " stop");
        assertEquals(0, result.rc());
        assertEquals(LOADING_DONE, result.stdout());
        assertEquals("", result.stderr());
        assertEquals(DEFAULT_LOAD, result.kexecLog());
        assertTrue(result.loaded());
    }

    @Test
    void initDScriptByHandDoesTheSame() {
        var result = FakeRoot.standard(dir).run("/etc/init.d/kexec-load stop extra arguments");
        assertEquals(LOADING_DONE, result.stdout());
        assertEquals(DEFAULT_LOAD, result.kexecLog());
    }

    @Test
    void appendWithSpacesIsOneArgumentWithoutAddedQuotes() {
        var result = FakeRoot.standard(dir).defaults("APPEND=\"root=/dev/vda1 ro console=ttyS0,115200n8 quiet\"")
                .run(K18 + " stop");
        assertEquals("kexec [-l] [/vmlinuz] [--initrd=/initrd.img] "
                + "[--append=root=/dev/vda1 ro console=ttyS0,115200n8 quiet]\n", result.kexecLog());
    }

    @Test
    void runningCommandLineKeepsItsTrailingSpace() {
        var result = FakeRoot.standard(dir).file("/proc/cmdline", "root=/dev/sda2 ro quiet \n").run(K18 + " stop");
        assertEquals("kexec [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=root=/dev/sda2 ro quiet ]\n",
                result.kexecLog());
    }

    @Test
    void emptyInitrdMeansNoInitrdArgument() {
        var result = FakeRoot.standard(dir).defaults("INITRD=\"\"").run(K18 + " stop");
        assertEquals("kexec [-l] [/vmlinuz] [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n",
                result.kexecLog());
    }

    @Test
    void onlyTheExactWordTrueEnablesLoading() {
        for (String value : new String[] {"false", "yes", "TRUE", "\"true \"", ""}) {
            var result = FakeRoot.standard(dir.resolve(value.isEmpty() ? "empty" : value.replace("\"", "q")))
                    .defaults("LOAD_KEXEC=" + value).run(K18 + " stop");
            assertEquals("", result.stdout() + result.stderr() + result.kexecLog(), value);
            assertEquals(0, result.rc());
        }
    }

    @Test
    void noConfigurationFileLoadsNothing() {
        var result = new FakeRoot(dir).run(K18 + " stop");
        assertEquals(0, result.rc());
        assertEquals("", result.stdout() + result.stderr() + result.kexecLog());
    }

    @Test
    void theConfigurationIsAShellFragment() {
        var result = new FakeRoot(dir).file("/etc/default/kexec", String.join("\n",
                "# comments, quoting, export, command substitution, later assignments winning",
                "LOAD_KEXEC=false",
                "export LOAD_KEXEC=$(echo tr)ue",
                "name='vmlinuz'",
                "KERNEL_IMAGE=/$name",
                "INITRD=\"/initrd.img\" # trailing comment",
                "APPEND='root=/dev/sda1  two  spaces'",
                "")).run(K18 + " stop");
        assertEquals("kexec [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=root=/dev/sda1  two  spaces]\n",
                result.kexecLog());
    }

    @Test
    void whatTheConfigurationPrintsStillReachesTheConsole() {
        var result = FakeRoot.standard(dir).defaults("echo configured by hand").run(K18 + " stop");
        assertEquals("configured by hand\n" + LOADING_DONE, result.stdout());
    }

    @Test
    void aKernelAlreadyLoadedIsKept() {
        var result = FakeRoot.standard(dir).file("/sys/kernel/kexec_loaded", "1\n").run(K18 + " stop");
        assertEquals("", result.stdout() + result.stderr() + result.kexecLog());
    }

    @Test
    void missingKexecLoadedCountsAsNotLoadedAfterCatsComplaint() {
        var result = FakeRoot.standard(dir).with("no-kexec_loaded").run(K18 + " stop");
        assertEquals("cat: /sys/kernel/kexec_loaded: No such file or directory\n", result.stderr());
        assertEquals(DEFAULT_LOAD, result.kexecLog());
    }

    @Test
    void noKexecBinaryDoesNothing() {
        var result = FakeRoot.standard(dir).with("no-kexec-binary").run(K18 + " stop");
        assertEquals(0, result.rc());
        assertEquals("", result.stdout() + result.stderr());
    }

    @Test
    void skipFlagSkipsOnceAndIsRemoved() {
        var result = FakeRoot.standard(dir).file("/tmp/no-kexec-reboot", "").run(K18 + " stop");
        assertEquals("", result.stdout() + result.stderr() + result.kexecLog());
        assertFalse(result.flagPresent());
        assertFalse(result.loaded());
    }

    @Test
    void skipFlagAsASymlinkIsFollowedAndTheLinkRemoved() {
        var result = FakeRoot.standard(dir).file("/root/flag", "").symlink("/tmp/no-kexec-reboot", "/root/flag")
                .run(K18 + " stop; test -f /root/flag && echo target kept");
        assertEquals("target kept\n", result.stdout());
        assertFalse(result.flagPresent());
        assertEquals("", result.kexecLog());
    }

    @Test
    void aDirectoryAtTheFlagPathIsNoSkip() {
        var result = FakeRoot.standard(dir).directory("/tmp/no-kexec-reboot").run(K18 + " stop");
        assertEquals(DEFAULT_LOAD, result.kexecLog());
    }

    @Test
    void failedLoadSaysFailedAndExits0() {
        var result = FakeRoot.standard(dir).with("kexec.rc", "1").run(K18 + " stop");
        assertEquals(0, result.rc());
        assertEquals("Loading new kernel image into memory...failed.\n", result.stdout());
        assertFalse(result.loaded());
    }

    @Test
    void startIsANoOp() {
        var result = FakeRoot.standard(dir).run(K18 + " start; " + S85 + " start");
        assertEquals(0, result.rc());
        assertEquals("", result.stdout() + result.stderr() + result.kexecLog());
    }

    @Test
    void restartReloadAndForceReloadAreNotSupported() {
        for (String argument : new String[] {"restart", "reload", "force-reload"}) {
            for (String script : new String[] {K18, S85}) {
                var result = FakeRoot.standard(dir.resolve(argument + script.length())).run(script + " " + argument);
                assertEquals(3, result.rc());
                assertEquals("Error: argument '" + argument + "' not supported\n", result.stderr());
            }
        }
    }

    @Test
    void anythingElsePrintsUsageWithTheNameAsInvoked() {
        assertUsage(K18, "", K18);
        assertUsage("/etc/init.d/kexec-load", "status", "/etc/init.d/kexec-load");
        assertUsage(S85, "''", S85);
        assertUsage("/etc/init.d/kexec", "STOP", "/etc/init.d/kexec");
    }

    private void assertUsage(String script, String argument, String shownAs) {
        var result = FakeRoot.standard(dir.resolve("usage" + Math.abs((script + argument).hashCode())))
                .run(script + " " + argument);
        assertEquals(3, result.rc());
        assertEquals("Usage: " + shownAs + " start|stop\n", result.stderr());
        assertEquals("", result.stdout());
    }

    @Test
    void s85JumpsIntoTheLoadedKernel() {
        var result = FakeRoot.standard(dir).file("/sys/kernel/kexec_loaded", "1\n").run(S85 + " stop");
        assertEquals(137, result.rc(), "kexec -e ended the whole process group, as a real jump does");
        assertEquals("Will now restart with kexec.\n", result.stdout());
        assertEquals("kexec [-e]\nkexec -e: jumped into the new kernel\n", result.kexecLog());
    }

    @Test
    void s85SaysSoWhenKexecReturns() {
        var result = FakeRoot.standard(dir).file("/sys/kernel/kexec_loaded", "1\n").with("kexec-e.rc", "255")
                .run(S85 + " stop");
        assertEquals(0, result.rc());
        assertEquals("Will now restart with kexec.\nkexec failed ... failed!\n", result.stdout());
        assertEquals("", result.stderr());
    }

    @Test
    void s85DoesNothingWithoutALoadedKernelOrKexec() {
        var notLoaded = FakeRoot.standard(dir.resolve("a")).run(S85 + " stop");
        assertEquals("", notLoaded.stdout() + notLoaded.stderr() + notLoaded.kexecLog());
        var noBinary = FakeRoot.standard(dir.resolve("b")).file("/sys/kernel/kexec_loaded", "1\n")
                .with("no-kexec-binary").run(S85 + " stop");
        assertEquals(0, noBinary.rc());
        assertEquals("", noBinary.stdout() + noBinary.stderr());
    }

    @Test
    void s85NeverLooksAtLoadKexec() {
        var result = FakeRoot.standard(dir).defaults("LOAD_KEXEC=false").file("/sys/kernel/kexec_loaded", "1\n")
                .run(S85 + " stop");
        assertEquals("Will now restart with kexec.\n", result.stdout());
    }

    @Test
    void runlevel6LoadsThenJumps() {
        var result = FakeRoot.standard(dir).run(K18 + " stop; echo \"K18 exit $?\"; " + S85 + " stop");
        assertEquals(137, result.rc());
        assertEquals(LOADING_DONE + "K18 exit 0\nWill now restart with kexec.\n", result.stdout());
        assertEquals(DEFAULT_LOAD + "kexec [-e]\nkexec -e: jumped into the new kernel\n", result.kexecLog());
    }

    @Test
    void runlevel6WithTheSkipFlagRebootsCold() {
        var result = FakeRoot.standard(dir).file("/tmp/no-kexec-reboot", "")
                .run(K18 + " stop; echo \"K18 exit $?\"; " + S85 + " stop; echo \"S85 exit $?\"");
        assertEquals(0, result.rc());
        assertEquals("K18 exit 0\nS85 exit 0\n", result.stdout());
        assertEquals("", result.kexecLog());
        assertFalse(result.flagPresent());
    }
}
