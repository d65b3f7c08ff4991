package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 with the real shims: on the reboot path the init script's shell starts kexec, never
 * the JVM (the fake kexec records its parent's command name), with the argv exactly as the JVM
 * decided it, whatever its arguments hold; the console is the same either way.
 */
class ShimRunnerIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load stop";
    private static final String S85 = "/etc/rc6.d/S85kexec stop";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";

    @TempDir
    Path dir;

    @Test
    void k18sShellStartsTheLoadWithTheArgvAsItIs() {
        // What a shell would make something of, and what a line-based channel could lose: newlines
        // inside and at the end, backslashes, quotes, a command substitution, spaces at the end of a line.
        String append = "root=/dev/sda1 ro\\n x=\"a b\" y=$(id) z=\\\\ \n second line  \n\n";
        var result = FakeRoot.standard(dir).defaults("APPEND='" + append + "'").run(K18);
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("Loading new kernel image into memory...done.\n", result.stdout());
        assertEquals("", result.stderr());
        assertEquals("kexec [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=" + append + "]\n", result.kexecLog());
        assertEquals("K18kexec-load\n", result.kexecParents(), "the rc6.d link, as init runs it");
        assertTrue(result.loaded());
    }

    @Test
    void s85sShellStartsTheJumpAndAFailedOneIsSaidAsBefore() {
        var jumped = FakeRoot.standard(dir).file("/sys/kernel/kexec_loaded", "1\n").run(S85 + "; echo \"S85 exit $?\"");
        assertEquals("Will now restart with kexec.\n", jumped.stdout(), "nothing after a jump");
        assertEquals("S85kexec\n", jumped.kexecParents());
        var failed = FakeRoot.standard(dir.resolve("failed")).file("/sys/kernel/kexec_loaded", "1\n").with("kexec-e.rc", "1")
                .run(S85 + "; echo \"S85 exit $?\"");
        assertEquals("Will now restart with kexec.\nkexec failed ... failed!\nS85 exit 0\n", failed.stdout());
        assertEquals("", failed.stderr());
        assertEquals("S85kexec\n", failed.kexecParents());
    }

    @Test
    void onSystemdSystemctlsQuestionTooAndTheShimsExitStatusIsTheJvms() {
        var result = FakeRoot.standard(dir).with("systemd", "1180 reboot.target start waiting\n")
                .run(K18 + "; echo \"rc $?\"; /etc/init.d/kexec-load restart; echo \"rc $?\"");
        assertEquals("Loading new kernel image into memory...done.\nrc 0\nrc 3\n", result.stdout());
        assertEquals("systemctl list-jobs: K18kexec-load\nK18kexec-load\n", result.kexecParents(),
                "systemctl's question too: on systemd it would otherwise be the JVM's first process");
    }

    @Test
    void atAPoweroffTheValuesAreReadFirstAndNothingIsLoaded() {
        var result = FakeRoot.standard(dir).with("systemd", "1180 poweroff.target start waiting\n").run(K18);
        assertEquals(0, result.rc());
        assertEquals("", result.stdout());
        assertEquals("kexec-load: systemd is powering off, not rebooting; not loading a kernel\n", result.stderr());
        assertEquals("systemctl list-jobs: K18kexec-load\n", result.kexecParents());
        assertEquals("", result.kexecLog());
    }

    @Test
    void kexecsStderrReachesTheConsoleAndItsTailStillTellsARefusedSignature() {
        var result = FakeRoot.standard(dir).with("lockdown", "none [integrity] confidentiality")
                .with("kexec.refuse-signature").run(K18);
        assertEquals(0, result.rc());
        assertEquals("Loading new kernel image into memory...failed.\n", result.stdout());
        assertTrue(result.stderr().startsWith("kexec_file_load failed: Key was rejected by service\n"
                + "kexec-load: the running kernel refused to load /vmlinuz ("), result.stderr());
        assertEquals("K18kexec-load\n", result.kexecParents(), "the rc6.d link, as init runs it");
    }

    @Test
    void theCommandLineStillRunsKexecItself() {
        // Not on the reboot path: `now` has started programs of its own before (the defaults' shell).
        var result = FakeRoot.standard(dir).file("/usr/sbin/reboot", "#!/bin/sh\necho \"reboot called\"\n")
                .mode("/usr/sbin/reboot", "rwxr-xr-x").run(CLI + " now");
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("Loading new kernel image into memory...done.\nreboot called\n", result.stdout());
        assertEquals("java\n", result.kexecParents());
    }
}
