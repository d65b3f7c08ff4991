package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A locked-down kernel (UEFI Secure Boot) in the fake root: /sys/kernel/security/lockdown, and a
 * recording kexec that refuses a kernel's signature as kexec-tools reports it.
 */
class SecureBootIT {

    private static final String K18 = "/etc/rc6.d/K18kexec-load";
    private static final String S85 = "/etc/rc6.d/S85kexec";
    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    private static final String LOCKED = "none [integrity] confidentiality";
    private static final String APPEND = "'--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet'";

    @TempDir
    Path dir;

    @Test
    void aLockedDownKernelLoadsWithKexecFileLoad() {
        var result = FakeRoot.standard(dir).with("lockdown", LOCKED).run(K18 + " stop");
        assertEquals(0, result.rc());
        assertEquals("", result.stderr());
        assertEquals("Loading new kernel image into memory...done.\n", result.stdout());
        assertEquals("kexec [-s] [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n",
                result.kexecLog());
        assertTrue(result.loaded());
    }

    @Test
    void confidentialityIsLockedDownToo() {
        var result = FakeRoot.standard(dir).with("lockdown", "none integrity [confidentiality]").run(K18 + " stop");
        assertTrue(result.kexecLog().startsWith("kexec [-s] [-l] "), result.kexecLog());
    }

    @Test
    void lockdownNoneKeepsTheOriginalsArgv() {
        var result = FakeRoot.standard(dir).with("lockdown", "[none] integrity confidentiality").run(K18 + " stop");
        assertEquals("kexec [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n",
                result.kexecLog());
    }

    @Test
    void aRejectedSignatureIsOneClearLineAndTheRebootGoesOnCold() {
        var result = FakeRoot.standard(dir).with("lockdown", LOCKED).with("kexec.refuse-signature")
                .run(K18 + " stop; echo \"K18 exit $?\"; " + S85 + " stop; echo \"S85 exit $?\"");
        assertEquals("Loading new kernel image into memory...failed.\nK18 exit 0\nS85 exit 0\n", result.stdout());
        assertEquals(0, result.rc());
        assertFalse(result.loaded(), "nothing loaded: S85 has nothing to run");
        assertEquals("kexec [-s] [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n",
                result.kexecLog(), "S85 never ran kexec -e");
        // kexec's own words, then ours: which kernel, why, what Secure Boot needs, what happens.
        assertEquals("kexec_file_load failed: Key was rejected by service\n"
                + "kexec-load: the running kernel refused to load /vmlinuz (it is not a signed EFI image): with Secure"
                + " Boot this kernel is locked down and loads only a kernel signed by a key it trusts (Debian's own"
                + " signed linux-image packages are); nothing is loaded, the reboot goes through the firmware\n",
                result.stderr());
    }

    @Test
    void kexecSyscallForcesKexecLoadEvenWhenLockedDown() {
        var result = FakeRoot.standard(dir).defaults("KEXEC_SYSCALL=kexec_load").with("lockdown", LOCKED)
                .run(K18 + " stop");
        assertTrue(result.kexecLog().startsWith("kexec [-c] [-l] [/vmlinuz] "), result.kexecLog());
    }

    @Test
    void kexecSyscallForcesKexecFileLoadWithoutLockdown() {
        var result = FakeRoot.standard(dir).defaults("KEXEC_SYSCALL=kexec_file_load").run(K18 + " stop");
        assertTrue(result.kexecLog().startsWith("kexec [-s] [-l] [/vmlinuz] "), result.kexecLog());
    }

    @Test
    void aBadKexecSyscallIsOneLineAndAuto() {
        var result = FakeRoot.standard(dir).defaults("KEXEC_SYSCALL=yes").with("lockdown", LOCKED).run(K18 + " stop");
        result.assertOneLineOnStderrAndExit0(
                "kexec-load: KEXEC_SYSCALL=\"yes\" is not auto, kexec_load or kexec_file_load; using auto");
        assertTrue(result.kexecLog().startsWith("kexec [-s] [-l] "), result.kexecLog());
        assertTrue(result.loaded());
    }

    @Test
    void planPredictsTheSyscallAndTheMissingSignature() {
        var result = FakeRoot.standard(dir).with("lockdown", LOCKED).run(CLI + " plan");
        assertEquals(0, result.rc(), result.stderr());
        String out = result.stdout();
        assertTrue(out.contains(". /sys/kernel/security/lockdown: \"none [integrity] confidentiality\": locked down"
                + " (integrity, as with Secure Boot)"), out);
        assertTrue(out.contains(". syscall: kexec_file_load (kexec -s): the kernel is locked down\n"), out);
        assertTrue(out.contains(". signature of /vmlinuz: not a PE/EFI image, so no signature: this locked-down kernel"
                + " will refuse it"), out);
        assertTrue(out.contains("\n  /sbin/kexec -s -l /vmlinuz --initrd=/initrd.img " + APPEND + "\n"), out);
        assertTrue(out.contains("But /vmlinuz carries no signature"), out);
        assertTrue(out.contains("Secure Boot needs a kernel signed by a key this kernel trusts"), out);
        assertEquals("", result.kexecLog(), "plan changes nothing");
    }

    @Test
    void planWithoutLockdownShowsTheOriginalsCommand() {
        var result = FakeRoot.standard(dir).run(CLI + " plan");
        assertTrue(result.stdout().contains(". /sys/kernel/security/lockdown: absent: not locked down\n"), result.stdout());
        assertTrue(result.stdout().contains("\n  /sbin/kexec -l /vmlinuz --initrd=/initrd.img " + APPEND + "\n"),
                result.stdout());
    }

    @Test
    void statusShowsLockdownAndTheSyscall() {
        var result = FakeRoot.standard(dir).with("lockdown", LOCKED).run(CLI + " status");
        assertEquals(0, result.rc(), result.stderr());
        assertTrue(result.stdout().contains("lockdown (/sys/kernel/security/lockdown): \"none [integrity] confidentiality\":"
                + " locked down (integrity"), result.stdout());
        assertTrue(result.stdout().contains("syscall: kexec_file_load (kexec -s): the kernel is locked down\n"),
                result.stdout());
    }

    @Test
    void coldUnloadsWithTheSameSyscall() {
        var result = FakeRoot.standard(dir).with("lockdown", LOCKED).file("/sys/kernel/kexec_loaded", "1\n")
                .file("/usr/sbin/reboot", "#!/bin/sh\necho \"reboot called\"\n").mode("/usr/sbin/reboot", "rwxr-xr-x")
                .run(CLI + " cold");
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("kexec [-s] [-u]\n", result.kexecLog());
    }
}
