package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** S85kexec stop, against /work/shared/reference/S85kexec. The fake kexec -e returns (status 0). */
class KexecExecTest {

    private static final String EXEC_AND_RETURN = "Will now restart with kexec.\nkexec failed ... failed!\n";

    @TempDir
    Path dir;

    @RegisterExtension
    final SystemErr systemErr = new SystemErr();

    private FakeSystem system;

    @BeforeEach
    void system() throws IOException {
        system = new FakeSystem(dir).defaults(FakeSystem.STANDARD_DEFAULTS);
        system.write("/sys/kernel/kexec_loaded", "1\n");
    }

    private int stop() {
        return new KexecExec(system.context("/etc/init.d/kexec")).run(new String[] {"stop"});
    }

    @Test
    void loadedKernelIsExecutedWithDashE() throws IOException {
        assertEquals(0, stop());
        assertEquals(EXEC_AND_RETURN, system.stdout());
        assertEquals("[-e]\n\n", system.kexecLog());
        assertEquals("", system.stderr());
    }

    @Test
    void kexecFailingWithStatusOneSaysTheSame() throws IOException {
        system.write("/kexec.rc", "1");
        assertEquals(0, stop());
        assertEquals(EXEC_AND_RETURN, system.stdout());
    }

    @Test
    void failureWordIsRedOnAFancyTerminal() {
        system.stdoutIsTerminal = true;
        system.environment.put("TERM", "linux");
        stop();
        assertEquals("Will now restart with kexec.\nkexec failed ... \u001b[31mfailed!\u001b[0m\n", system.stdout());
    }

    @Test
    void notLoadedDoesNothing() throws IOException {
        system.write("/sys/kernel/kexec_loaded", "0\n");
        assertEquals(0, stop());
        assertEquals("", system.stdout());
        assertEquals("", system.kexecLog());
        assertEquals("", system.stderr());
    }

    @Test
    void loadedWithTrailingSpaceIsNotLoaded() throws IOException {
        system.write("/sys/kernel/kexec_loaded", "1 \n");
        stop();
        assertEquals("", system.kexecLog());
    }

    @Test
    void missingKexecLoadedSaysSoLikeCatAndDoesNothing() throws IOException {
        Files.delete(system.path("/sys/kernel/kexec_loaded"));
        assertEquals(0, stop());
        assertEquals("cat: /sys/kernel/kexec_loaded: No such file or directory\n", system.stderr());
        assertEquals("", system.stdout());
        assertEquals("", system.kexecLog());
    }

    @Test
    void missingKexecBinaryDoesNothing() throws IOException {
        Files.delete(system.path("/sbin/kexec"));
        assertEquals(0, stop());
        assertEquals("", system.stdout());
        assertEquals("", system.stderr());
    }

    @Test
    void nonExecutableKexecBinaryDoesNothing() throws IOException {
        Files.setPosixFilePermissions(system.path("/sbin/kexec"), PosixFilePermissions.fromString("rw-r--r--"));
        stop();
        assertEquals("", system.stdout());
        assertEquals("", system.kexecLog());
    }

    @Test
    void loadKexecFalseStillExecutes() throws IOException {
        system.defaults(FakeSystem.STANDARD_DEFAULTS.replace("LOAD_KEXEC=true", "LOAD_KEXEC=false"));
        stop();
        assertEquals(EXEC_AND_RETURN, system.stdout());
        assertEquals("[-e]\n\n", system.kexecLog());
    }

    @Test
    void missingDefaultsFileStillExecutes() throws IOException {
        Files.delete(system.path("/etc/default/kexec"));
        stop();
        assertEquals(EXEC_AND_RETURN, system.stdout());
        assertEquals("[-e]\n\n", system.kexecLog());
    }

    @Test
    void unreadableDefaultsStillExecutes() throws IOException {
        system.defaults("exit 3\n");
        assertEquals(0, stop());
        assertEquals(EXEC_AND_RETURN, system.stdout());
        assertEquals("[-e]\n\n", system.kexecLog());
    }

    @Test
    void kexecRunsWithTheScriptsPath() throws IOException {
        system.write("/sbin/kexec", "#!/bin/sh\nprintf '%s\\n' \"$PATH\" > '" + dir.resolve("kexec.log") + "'\n");
        stop();
        assertEquals("/sbin:/bin\n", system.kexecLog());
    }

    @Test
    void kexecOutputGoesToTheConsoleBetweenTheLines() throws IOException {
        system.write("/sbin/kexec", "#!/bin/sh\necho from-kexec\necho oops >&2\nexit 1\n");
        stop();
        assertEquals("Will now restart with kexec.\nfrom-kexec\nkexec failed ... failed!\n", system.stdout());
        assertEquals("oops\n", system.stderr());
    }

    @Test
    void garbageKexecTimeoutWarnsOnceAndStillExecutes() throws IOException {
        system.defaults("KEXEC_TIMEOUT=-1\n");
        stop();
        assertEquals(EXEC_AND_RETURN, system.stdout());
        String warnings = system.stderr() + systemErr.text();
        assertEquals(1, warnings.lines().count(), warnings);
        assertEquals(true, warnings.contains("KEXEC_TIMEOUT"), warnings);
    }
}
