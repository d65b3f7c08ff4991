package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.cli.ArchiveStatus;

/**
 * How the shims start: the class-data sharing archive in use, the defaults' values on a channel of
 * their own (issue 12 item 7), /etc/default/kexec.d, nothing from the environment steering the JVM
 * (issue 12 item 6), installed scripts using only the installed jar.
 */
class StartupIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load";
    private static final String S85 = "/etc/rc6.d/S85kexec";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    private static final String LOADED = "Loading new kernel image into memory...done.\n";
    private static final String KEXEC_L = "kexec [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n";

    @TempDir
    Path dir;

    // ---- the archive: the shims' exact java command line (launch.sh's kr_java), with -Xlog:cds

    @Test
    void theShimsJvmUsesTheArchiveWithItsHeapAndFullModuleGraph() throws IOException, InterruptedException {
        Path project = FakeRoot.project();
        Process java = new ProcessBuilder(List.of("/bin/sh", "-c",
                ". \"$1\"; kr_jar=$2; kr_java -Xlog:cds -Xlog:cds+dynamic org.kexecreboot.initd.KexecExec /etc/init.d/kexec start",
                "archive-test", project.resolve("src/main/sh/launch.sh").toString(),
                project.resolve("target/kexec-reboot.jar").toString())).redirectErrorStream(true).start();
        String log = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, java.waitFor());
        assertFalse(log.contains("CDS heap data is being ignored"), log);
        assertTrue(log.contains("Mapped dynamic region"), "the archive is mapped: " + log);
        assertTrue(log.contains("full module graph: enabled"), "heap objects and module graph in use: " + log);
        assertTrue(ArchiveStatus.fullyInUse(log));
    }

    @Test
    void statusSaysTheArchiveIsInUse() {
        var result = FakeRoot.standard(dir).run(CLI + " status");
        assertTrue(result.stdout().contains("class-data sharing archive: /project/target/kexec-reboot.jsa: in use "
                + "(with its heap objects and the full module graph)"), result.stdout() + result.stderr());
    }

    @Test
    void statusSaysWhenTheArchiveIsNotUsed() {
        // An archive dumped with other flags (as good as one dumped by another JVM build): ignored.
        var result = FakeRoot.standard(dir).run(". /project/src/main/sh/launch.sh && java $KR_JVM_FLAGS "
                + "-XX:-UseCompressedOops -XX:ArchiveClassesAtExit=/tmp/other.jsa -cp /project/target/kexec-reboot.jar "
                + "org.kexecreboot.initd.CdsTraining /tmp >/dev/null 2>&1 && "
                + "mount --bind /tmp/other.jsa /project/target/kexec-reboot.jsa && " + CLI + " status");
        assertTrue(result.stdout().contains("class-data sharing archive: /project/target/kexec-reboot.jsa: not in use ("),
                result.stdout() + result.stderr());
    }

    @Test
    void statusSaysWhenTheArchiveIsDamaged() {
        var result = FakeRoot.standard(dir).file("/tmp/damaged.jsa", "not an archive\n")
                .run("mount --bind /tmp/damaged.jsa /project/target/kexec-reboot.jsa && " + CLI + " status");
        assertTrue(result.stdout().contains("class-data sharing archive: /project/target/kexec-reboot.jsa: damaged: "
                + "a JVM started with it died (exit status 1"), result.stdout() + result.stderr());
    }

    // ---- the value channel: a file cannot reach it by accident

    @Test
    void defaultsThatSendTheirStdoutToDevNullStillLoad() {
        var result = FakeRoot.standard(dir).file("/etc/default/kexec",
                "exec >/dev/null\necho hidden\nLOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=/initrd.img\n").run(K18 + " stop");
        assertEquals(0, result.rc());
        assertEquals("", result.stderr());
        assertEquals(LOADED, result.stdout());
        assertEquals(KEXEC_L, result.kexecLog());
    }

    @Test
    void defaultsThatSendTheirStdoutToStderrStillLoadAndTheRecordNeverShows() {
        var result = FakeRoot.standard(dir).file("/etc/default/kexec",
                "exec 1>&2\necho chatter\nLOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=/initrd.img\n").run(K18 + " stop");
        assertEquals(0, result.rc());
        assertEquals("chatter\n", result.stderr());
        assertEquals(LOADED, result.stdout());
        assertEquals(KEXEC_L, result.kexecLog());
    }

    @Test
    void defaultsThatDefineAPrintfFunctionStillLoad() {
        var result = FakeRoot.standard(dir).file("/etc/default/kexec",
                "printf() { echo fake; }\nLOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=/initrd.img\n").run(K18 + " stop");
        assertEquals("", result.stderr());
        assertEquals(LOADED, result.stdout());
        assertEquals(KEXEC_L, result.kexecLog());
    }

    @Test
    void aHugeAppendNeverReachesTheConsole() {
        var result = FakeRoot.standard(dir).defaults("APPEND=\"$(head -c 3000000 /dev/zero | tr '\\0' x)\"")
                .run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0("larger than 1024 KiB");
        assertTrue(result.stdout().length() + result.stderr().length() < 4096, "nothing of it on the console");
        assertEquals("", result.kexecLog());
    }

    @Test
    void s85ReadsKexecTimeoutThroughTheSameChannel() {
        var result = FakeRoot.standard(dir).file("/sys/kernel/kexec_loaded", "1\n")
                .file("/etc/default/kexec", "exec 1>&2\nprintf() { :; }\nKEXEC_TIMEOUT=soon\n").with("kexec-e.rc", "1")
                .run(S85 + " stop");
        assertEquals(0, result.rc());
        assertTrue(result.stderr().contains("KEXEC_TIMEOUT=\"soon\" is not a number"), result.stderr());
        assertEquals("kexec [-e]\n", result.kexecLog());
    }

    @Test
    void aDefaultsFileLeavingAChildHoldingThePipeDoesNotHoldTheReboot() {
        var result = FakeRoot.standard(dir).defaults("sleep 100 &").run(K18 + " stop");
        assertEquals(0, result.rc());
        assertEquals(LOADED, result.stdout());
        assertTrue(result.milliseconds() < 60_000, "bounded: " + result.milliseconds() + " ms");
    }

    @Test
    void theFileSeesTheOriginalScriptsPath() {
        var s85 = FakeRoot.standard(dir).defaults("echo \"path=$PATH\" >&2").run(S85 + " stop");
        assertEquals("path=/sbin:/bin\n", s85.stderr());
        var k18 = FakeRoot.standard(dir).defaults("echo \"path=$PATH\" >&2").run(K18 + " stop");
        assertEquals("path=/sbin:/bin:/usr/sbin:/usr/bin\n", k18.stderr());
    }

    @Test
    void aJvmThatNeedsNoValuesLeavesNoComplaintEvenWithSigpipeIgnored() {
        // S85 with nothing loaded exits before a slow file has given its values; systemd runs
        // services with SIGPIPE ignored, where a write to the closed pipe is an error, not a signal.
        var result = FakeRoot.standard(dir).defaults("sleep 1").run("trap '' PIPE; " + S85 + " stop");
        assertEquals(0, result.rc());
        assertEquals("", result.stderr());
        assertEquals("", result.stdout());
    }

    // ---- /etc/default/kexec.d, in run-parts --list order, on both paths

    @Test
    void kexecDSnippetsAreReadAfterTheFileInRunPartsOrder() {
        var fixture = FakeRoot.standard(dir).defaults("LOAD_KEXEC=false")
                .file("/etc/default/kexec.d/50-enable", "LOAD_KEXEC=true\nAPPEND=from-50\n")
                .file("/etc/default/kexec.d/60-later", "APPEND=from-60\n")
                .file("/etc/default/kexec.d/70-ignored.conf", "LOAD_KEXEC=false\n");
        var result = fixture.run(K18 + " stop");
        assertEquals(LOADED, result.stdout());
        assertEquals("kexec [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=from-60]\n", result.kexecLog());
        var plan = fixture.run(CLI + " plan");
        assertTrue(plan.stdout().contains("APPEND=\"from-60\""), plan.stdout());
    }

    // ---- the environment steers nothing

    private static final String HOSTILE_ENV = "JAVA_TOOL_OPTIONS=-javaagent:/nonexistent.jar "
            + "_JAVA_OPTIONS=-XX:+UseSerialGC JDK_JAVA_OPTIONS=-Xlog:all CLASSPATH=/nonexistent "
            + "JAVA_HOME=/nonexistent ";

    @Test
    void javaOptionsInTheEnvironmentAreIgnoredByAllThree() {
        var k18 = FakeRoot.standard(dir).run("env " + HOSTILE_ENV + K18 + " stop");
        assertEquals("", k18.stderr());
        assertEquals(LOADED, k18.stdout());
        var s85 = FakeRoot.standard(dir).file("/sys/kernel/kexec_loaded", "1\n").run("env " + HOSTILE_ENV + S85 + " stop");
        assertEquals("", s85.stderr());
        assertEquals("kexec [-e]\nkexec -e: jumped into the new kernel\n", s85.kexecLog());
        var cli = FakeRoot.standard(dir).run("env " + HOSTILE_ENV + CLI + " status");
        assertEquals(0, cli.rc(), cli.stderr());
        assertEquals("", cli.stderr());
    }

    @Test
    void aJavaEarlierInTheCallersPathDoesNotRun() {
        String fake = "#!/bin/sh\ntouch /tmp/fake-java-ran\nexit 9\n";
        var result = FakeRoot.standard(dir).file("/tmp/evil/java", fake).mode("/tmp/evil/java", "rwxr-xr-x")
                .run("PATH=/tmp/evil:$PATH; export PATH; " + CLI + " status; echo rc=$?; "
                        + "PATH=/tmp/evil:$PATH " + K18 + " stop; ls /tmp/fake-java-ran 2>&1");
        assertTrue(result.stdout().contains("rc=0"), result.stdout() + result.stderr());
        assertTrue(result.stdout().contains(LOADED), result.stdout());
        assertTrue(result.stdout().contains("No such file"), "the fake java never ran: " + result.stdout());
    }

    // ---- installed scripts use only the installed jar

    @Test
    void aShimInstalledUnderEtcUsesOnlyTheInstalledJar() {
        // A copy of the shim at /etc/init.d (not a link into the checkout): /etc/init.d/../target is
        // never looked at; without the package's files it says what is missing.
        var result = FakeRoot.standard(dir).run("cp /project/init.d/kexec-load /etc/init.d/kexec-load-copy && "
                + "/etc/init.d/kexec-load-copy stop");
        result.assertOneLineOnStderrAndExit0("kexec-load: /usr/share/kexec-reboot/launch.sh is missing; rebooting without kexec");
        assertEquals("", result.kexecLog());
    }

    @Test
    void theCommandLineInstalledUnderUsrUsesOnlyTheInstalledJar() {
        var result = FakeRoot.standard(dir).run("cp /project/src/main/sh/kexec-reboot /usr/sbin/kexec-reboot && "
                + "/usr/sbin/kexec-reboot status");
        assertEquals(1, result.rc());
        assertEquals("kexec-reboot: /usr/share/kexec-reboot/launch.sh is missing\n", result.stderr());
    }
}
