package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing at shutdown can hang, race, or be steered by a local user (issue 12): each class of fault
 * injected into the real shims and the command line in the fake root.
 */
class HardeningIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load stop";
    private static final String S85 = "/etc/rc6.d/S85kexec stop";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    private static final String CONFIGURED_LOAD =
            "kexec [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n";
    private static final String LOAD_FAILED = "Loading new kernel image into memory...failed.\n";
    private static final String FAKE_REBOOT = "#!/bin/sh\necho \"reboot called\"\n";
    /** What a hung run would take; a bounded one ends long before. Not a performance figure. */
    private static final long HUNG_MILLISECONDS = 60_000;

    @TempDir
    Path dir;

    private FakeRoot archWithTwoInitrds(Path where) {
        return archWithoutMicrocode(where).file("/boot/intel-ucode.img", "MICROCODE|");
    }

    private FakeRoot archWithoutMicrocode(Path where) {
        return FakeRoot.standard(where).defaults("USE_GRUB_CONFIG=true").with("boot-is-mountpoint")
                .with("grub-fs-uuid", FakeRoot.ARCH_BOOT).file("/boot/grub/grub.cfg", FakeRoot.archGrubCfg())
                .file("/boot/vmlinuz-linux", "kernel").file("/boot/initramfs-linux.img", "INITRAMFS");
    }

    // 1. Unbounded reads

    @Test
    void grubCfgThatIsAFifoNobodyWritesFallsBackWithOneLine() {
        var result = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true").with("fifos", "/boot/grub/grub.cfg")
                .run(K18);
        result.assertOneLineOnStderrAndExit0("cannot read GRUB's configuration (/boot/grub/grub.cfg is a FIFO, not a"
                + " regular file); using KERNEL_IMAGE and INITRD from /etc/default/kexec");
        assertEquals(CONFIGURED_LOAD, result.kexecLog());
        assertTrue(result.milliseconds() < HUNG_MILLISECONDS, "bounded: " + result.milliseconds() + " ms");
    }

    @Test
    void procCmdlineThatBlocksIsBoundedAndLoadsNothing() {
        var result = FakeRoot.standard(dir).with("fifos", "/proc/cmdline").run(K18);
        result.assertOneLineOnStderrAndExit0("kexec-load: cannot read /proc/cmdline (did not answer within 5 seconds)"
                + " and APPEND is empty");
        assertEquals(LOAD_FAILED, result.stdout());
        assertEquals("", result.kexecLog());
        assertTrue(result.milliseconds() < HUNG_MILLISECONDS, "bounded: " + result.milliseconds() + " ms");
    }

    @Test
    void kexecLoadedThatBlocksIsBoundedInS85AndPlan() {
        var result = FakeRoot.standard(dir).with("fifos", "/sys/kernel/kexec_loaded").run(S85 + "; " + CLI + " plan");
        assertEquals("cat: /sys/kernel/kexec_loaded: did not answer within 5 seconds\n", result.stderr());
        assertTrue(result.stdout().contains("/sys/kernel/kexec_loaded: unreadable (did not answer within 5 seconds)"),
                result.stdout());
        assertEquals("", result.kexecLog());
        assertTrue(result.milliseconds() < HUNG_MILLISECONDS, "bounded: " + result.milliseconds() + " ms");
    }

    @Test
    void anInitrdThatNeverEndsIsRefusedWithOneLine() {
        String[][] cases = {{"zero", "a character device"}, {"fifo", "a FIFO"}};
        for (String[] c : cases) {
            FakeRoot root = archWithoutMicrocode(dir.resolve(c[0]));
            root = c[0].equals("zero") ? root.symlink("/boot/intel-ucode.img", "/dev/zero")
                    : root.with("fifos", "/boot/intel-ucode.img");
            var result = root.run(K18);
            result.assertOneLineOnStderrAndExit0("initrd /boot/intel-ucode.img is not a regular file (" + c[1] + ")");
            assertEquals(LOAD_FAILED, result.stdout());
            assertEquals("", result.kexecLog());
            assertFalse(result.after().contains("run/kexec-reboot: initrd"), result.after());
        }
    }

    @Test
    void aProcFileAsAnInitrdIsNotJoined() {
        var result = archWithoutMicrocode(dir).symlink("/boot/intel-ucode.img", "/proc/self/status").run(K18);
        result.assertOneLineOnStderrAndExit0("/boot/intel-ucode.img has no size known before reading it");
        assertEquals("", result.kexecLog());
    }

    // 2. Orphans

    @Test
    void sigtermWhileKexecLoadRunsTakesKexecWithIt() {
        // Init's timeout: SIGTERM to the JVM while `kexec -l` (ignoring SIGTERM) still runs. The fake
        // kexec marks the kernel loaded when it finishes: an orphan would do that 4 s later.
        String script = K18 + " & shim=$!\n"
                + "i=0; until grep -q -- '\\[-l\\]' /.state/kexec.log 2>/dev/null || [ $i -ge 300 ]; do sleep 0.1; i=$((i+1)); done\n"
                // The JVM is the shim's child or grandchild (the shim runs it at the end of a pipeline).
                + "jvm=; for c in $(pgrep -P $shim); do for p in $c $(pgrep -P $c); do\n"
                + "  [ \"$(cat /proc/$p/comm 2>/dev/null)\" = java ] && jvm=$p; done; done\n"
                + "kill -TERM $jvm\n"
                + "wait $shim; echo \"K18 exit $?\"\n"
                + "sleep 6\n";
        var result = FakeRoot.standard(dir).with("kexec.sleep", "4").run(script);
        assertTrue(result.stdout().endsWith("K18 exit 0\n"), result.stdout());
        assertEquals("kexec-load: stopped by a signal (its programs were killed); the reboot goes on without kexec\n",
                result.stderr());
        assertFalse(result.loaded(), "no orphaned kexec loaded a kernel afterwards: " + result.after());
    }

    // 3. Concurrency

    @Test
    void twoRunsAtOnceEachJoinTheirOwnInitrd() {
        String script = K18 + " > /tmp/a 2>&1 & a=$!\n" + CLI + " now > /tmp/b 2>&1 & b=$!\n"
                + "wait $a; wait $b; cat /tmp/a /tmp/b\n";
        var result = archWithTwoInitrds(dir).defaults("USE_GRUB_CONFIG=true", "LOAD_KEXEC=true")
                .file("/usr/sbin/reboot", FAKE_REBOOT).mode("/usr/sbin/reboot", "rwxr-xr-x")
                .with("kexec.sleep", "2").run(script);
        String[] loads = result.kexecLog().split("\n");
        assertEquals(2, loads.length, "both loaded, neither saw its initrd change or vanish: " + result.kexecLog());
        assertFalse(loads[0].equals(loads[1]), "a file each: " + result.kexecLog());
        assertEquals("Loading new kernel image into memory...done.\nLoading new kernel image into memory...done.\n"
                + "reboot called\n", result.stdout().replace("reboot called\nLoading new kernel image into memory...done.\n",
                "Loading new kernel image into memory...done.\nreboot called\n"));
        assertEquals("MICROCODE|INITRAMFS", result.loadedInitrd());
        assertFalse(result.after().matches("(?s).*run/kexec-reboot: [^\n]*initrd-.*"), "both removed: " + result.after());
    }

    @Test
    void aFullRunLeavesNoPartialFile() {
        byte[] big = new byte[2 << 20];
        var result = archWithTwoInitrds(dir).file("/boot/initramfs-linux.img", big).with("run-size-kb", "512").run(K18);
        result.assertOneLineOnStderrAndExit0("No space left on device (the partial file is removed)");
        assertEquals(LOAD_FAILED, result.stdout());
        assertEquals("", result.kexecLog());
        assertFalse(result.after().matches("(?s).*run/kexec-reboot: [^\n]*initrd-.*"), "nothing left: " + result.after());
    }

    // 4. A skip flag made by someone else

    @Test
    void aFlagThatIsNotARegularFileIsNeverReportedSetAndColdRefusesBeforeUnloading() {
        for (String kind : new String[] {"directory", "fifo", "dangling"}) {
            FakeRoot root = FakeRoot.standard(dir.resolve(kind)).file("/sys/kernel/kexec_loaded", "1\n")
                    .file("/usr/sbin/reboot", FAKE_REBOOT).mode("/usr/sbin/reboot", "rwxr-xr-x");
            root = switch (kind) {
                case "directory" -> root.directory("/tmp/no-kexec-reboot");
                case "fifo" -> root.with("fifos", "/tmp/no-kexec-reboot");
                default -> root.symlink("/tmp/no-kexec-reboot", "/nowhere");
            };
            String what = switch (kind) {
                case "directory" -> "a directory";
                case "fifo" -> "a FIFO";
                default -> "a dangling symbolic link to /nowhere";
            };
            var result = root.run(CLI + " status; " + CLI + " cold; echo \"cold $?\"; " + CLI + " skip-once; echo \"skip-once $?\"");
            assertTrue(result.stdout().contains("skip flag /tmp/no-kexec-reboot: not set: " + what
                    + " is there, which kexec-load ignores"), result.stdout());
            assertTrue(result.stdout().contains("cold 1\n") && result.stdout().contains("skip-once 1\n"), result.stdout());
            assertFalse(result.stdout().contains("reboot called"), result.stdout());
            assertEquals("", result.kexecLog(), "no kexec -u before finding out the flag cannot be set");
            assertTrue(result.loaded(), "the loaded kernel is left as it was");
            assertEquals(2, result.stderr().lines().count(), result.stderr());
            assertTrue(result.stderr().startsWith("kexec-reboot: /tmp/no-kexec-reboot is " + what
                    + ", not a regular file: kexec-load would not honour it as the skip flag; nothing changed."),
                    result.stderr());
        }
    }

    @Test
    void planSaysWhatK18WillDoWithADirectoryAtTheFlagAndK18DoesIt() {
        var result = FakeRoot.standard(dir).directory("/tmp/no-kexec-reboot").run(CLI + " plan; " + K18);
        assertTrue(result.stdout().contains("5. /tmp/no-kexec-reboot: not set: a directory is there, which kexec-load"
                + " ignores (it honours only a regular file) and leaves in place: kexec is not skipped"), result.stdout());
        assertTrue(result.stdout().contains("So kexec-load will run:"), result.stdout());
        assertEquals(CONFIGURED_LOAD, result.kexecLog(), "K18 as the original: [ -f ] is false, it loads");
    }

    // 5. A hostile image under --root

    @Test
    void anImagesDefaultsRunAsNobodyAndChangeNothing() {
        String hostile = "id -u > /tmp/evaluated-by\ntouch /image/etc/changed 2>/dev/null\ncat /etc/shadow >/dev/null 2>&1"
                + " && echo read-shadow >> /tmp/evaluated-by\nLOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n";
        var result = new FakeRoot(dir).file("/image/etc/default/kexec", hostile).file("/image/vmlinuz", "k")
                .run(CLI + " plan --root /image; cat /tmp/evaluated-by; ls /image/etc; " + CLI + " status --root /image");
        assertTrue(result.stdout().contains("LOAD_KEXEC=\"true\" KERNEL_IMAGE=\"/vmlinuz\""), result.stdout());
        assertTrue(result.stdout().contains("\n65534\ndefault\n"), "as nobody, nothing written: " + result.stdout());
        assertTrue(result.stdout().contains("kexec enabled: yes"), result.stdout());
    }

    @Test
    void anImagesDefaultsThatNobodyMayReadAreRefusedNotGuessed() {
        var result = new FakeRoot(dir).file("/image/etc/default/kexec", "LOAD_KEXEC=true\n")
                .mode("/image/etc/default/kexec", "rw-------").run(CLI + " plan --root /image");
        assertEquals(3, result.rc(), "cannot tell (kexec-reboot(8), EXIT STATUS)");
        assertEquals("", result.stdout());
        assertTrue(result.stderr().startsWith("kexec-reboot: /image/etc/default/kexec is not readable by nobody"),
                result.stderr());
        assertEquals(1, result.stderr().lines().count(), result.stderr());
    }

    // 8. Bytes

    @Test
    void appendWithBytesThatAreNotUtf8IsRefusedNamingIt() {
        var result = FakeRoot.standard(dir).file("/etc/default/kexec",
                (FakeRoot.DEFAULTS + "APPEND=\"root=/dev/sda1 x=\377\"\n").getBytes(StandardCharsets.ISO_8859_1)).run(K18);
        result.assertOneLineOnStderrAndExit0("kexec-load: APPEND holds bytes that are not UTF-8 text");
        assertEquals("", result.kexecLog(), "never a changed command line");
    }

    @Test
    void anExistingKernelWithSuchANameIsNotReportedMissing() {
        String script = "k=$(printf '/vmlinuz-\\377'); cp /vmlinuz \"$k\"; printf 'LOAD_KEXEC=true\\nKERNEL_IMAGE=%s\\n' \"$k\""
                + " > /etc/default/kexec; " + K18;
        var result = FakeRoot.standard(dir).run(script);
        result.assertOneLineOnStderrAndExit0("kexec-load: KERNEL_IMAGE holds bytes that are not UTF-8 text");
        assertFalse(result.stderr().contains("does not exist"), result.stderr());
        assertEquals("", result.kexecLog());
    }

    // 9. Messages

    @Test
    void kexecKilledByASignalNamesIt() {
        var result = FakeRoot.standard(dir).with("kexec.signal", "SEGV").run(K18);
        result.assertOneLineOnStderrAndExit0("kexec-load: kexec -l was killed by signal 11 (SIGSEGV: Segmentation fault)");
        assertEquals(LOAD_FAILED, result.stdout());
    }

    @Test
    void aGrubWarningIsOneLineWithoutRawControlCharacters() {
        var result = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true")
                .file("/boot/grub/grub.cfg", "set default=0\n\nsubmenu 'Evil\n\u001b[2Jtitle' {\n true\n}\n").run(K18);
        result.assertOneLineOnStderrAndExit0("kexec-load: grub.cfg line 3: submenu 'Evil\\n\\x1b[2Jtitle', chosen by"
                + " default, has no menu entries; using KERNEL_IMAGE and INITRD from /etc/default/kexec");
        assertEquals(CONFIGURED_LOAD, result.kexecLog());
    }

    // 10. Non-root plan and status

    @Test
    void aUserWhoCannotReadTheDefaultsOrTheKernelCannotTell() {
        String asNobody = "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
        var result = FakeRoot.standard(dir).mode("/etc/default/kexec", "rw-------")
                .run(asNobody + CLI + " plan; echo \"plan $?\"; " + asNobody + CLI + " status; echo \"status $?\"");
        assertTrue(result.stdout().contains("\nplan 3\n") && result.stdout().endsWith("\nstatus 3\n"),
                "cannot tell (kexec-reboot(8), EXIT STATUS): " + result.stdout());
        assertTrue(result.stdout().contains("1. /etc/default/kexec: not readable by this user: cannot tell"), result.stdout());
        assertTrue(result.stdout().contains("So: cannot tell as this user; run as root"), result.stdout());
        assertTrue(result.stdout().contains("kexec enabled: cannot tell as this user; run as root"), result.stdout());
        assertFalse(result.stdout().contains("/etc/default/kexec: absent"), result.stdout());

        var kernel = FakeRoot.standard(dir.resolve("kernel")).mode("/vmlinuz", "rw-------").run(asNobody + CLI + " plan");
        assertEquals(3, kernel.rc());
        var check = FakeRoot.standard(dir.resolve("check")).mode("/vmlinuz", "rw-------").run(asNobody + CLI + " plan --check");
        assertEquals(3, check.rc(), "plan --check: cannot tell");
        assertEquals("next reboot: cannot tell: kernel /vmlinuz is not readable by this user: cannot tell as this user;"
                + " run as root\n", check.stdout());
        assertTrue(kernel.stdout().contains("So: cannot tell as this user; run as root (kernel /vmlinuz is not readable"
                + " by this user"), kernel.stdout());
        assertFalse(kernel.stdout().contains("NOT call kexec"), kernel.stdout());

        var grub = FakeRoot.standard(dir.resolve("grub")).defaults("USE_GRUB_CONFIG=true")
                .resource("/boot/grub/grub.cfg", "grub-corpus/debian12-default-0/grub.cfg")
                .mode("/boot/grub/grub.cfg", "rw-------").run(asNobody + CLI + " plan");
        assertTrue(grub.stdout().contains("So: cannot tell as this user; run as root (/boot/grub/grub.cfg is not"
                + " readable by this user"), grub.stdout());
        assertEquals("", grub.stderr(), "no fallback warning: root would read it");
    }
}
