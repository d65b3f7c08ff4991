package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kexec-reboot enable` / `disable` as an operator runs them, then the real kexec-load shim at the reboot. */
class EnableIT {

    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    private static final String K18 = "/etc/rc6.d/K18kexec-load stop";
    private static final String OURS = "/etc/default/kexec.d/90-kexec-reboot";

    @TempDir
    Path dir;

    @Test
    void enableThenTheRebootLoadsTheKernel() {
        var result = FakeRoot.standard(dir).defaults("LOAD_KEXEC=false").run(CLI + " enable && cat " + OURS + " && " + K18);
        assertEquals(0, result.rc(), result.stderr());
        assertTrue(result.stdout().startsWith("Enabled: " + OURS + " to set LOAD_KEXEC=true.\n"), result.stdout());
        assertTrue(result.stdout().contains("\nLOAD_KEXEC=true\n"), result.stdout());
        assertTrue(result.stdout().endsWith("Loading new kernel image into memory...done.\n"), result.stdout());
        assertTrue(result.kexecLog().contains("kexec [-l] [/vmlinuz]"), result.kexecLog());
    }

    @Test
    void enableGrubThenDisableAndTheRebootLoadsNothing() {
        var result = FakeRoot.standard(dir).defaults("LOAD_KEXEC=false").run(CLI + " enable --grub && " + CLI + " disable && " + CLI + " disable && "
                + "! ls " + OURS + " 2>/dev/null && " + K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("Enabled: " + OURS + " to set LOAD_KEXEC=true USE_GRUB_CONFIG=true.\n"
                + "Disabled: removed " + OURS + ".\n"
                + "Already disabled: " + OURS + " is not there.\n", result.stdout());
        assertEquals("", result.kexecLog());
    }

    @Test
    void aReadOnlyEtcIsOneLineAndExit1() {
        // /etc/default is a file system of its own in the fake root: made read-only as a whole /etc would be.
        var result = FakeRoot.standard(dir).run("mount -o remount,ro /etc/default && " + CLI + " enable");
        assertEquals(1, result.rc(), result.stdout());
        assertEquals("", result.stdout());
        assertEquals("kexec-reboot: cannot write " + OURS + ": Read-only file system; nothing changed\n",
                result.stderr());
    }

    @Test
    void notRootIsRefusedWithOneLine() {
        var result = FakeRoot.standard(dir).run("/usr/bin/setpriv --reuid=nobody --regid=nogroup --clear-groups "
                + CLI + " enable; echo rc=$?; ls " + OURS + " 2>/dev/null; true");
        assertEquals("rc=1\n", result.stdout());
        assertEquals("kexec-reboot: enable needs root (it writes " + OURS + "); nothing changed\n", result.stderr());
    }

    @Test
    void unknownOptionIsAUsageError() {
        var result = FakeRoot.standard(dir).run(CLI + " enable --yes");
        assertEquals(2, result.rc());
        // one line, as every usage error (issue 20 item 2)
        assertEquals("kexec-reboot: enable has no option '--yes' (see kexec-reboot enable --help)\n", result.stderr());
        assertFalse(result.stderr().contains("Exception"), result.stderr());
    }
}
