package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.cli.JsonSchemas;

/** `kexec-reboot` (src/main/sh/kexec-reboot, as /usr/sbin/kexec-reboot would run it) in the fake root. */
class CommandLineIT {

    private static final String CLI = "/project/src/main/sh/kexec-reboot";
    /** A `reboot` that only says it was called. */
    private static final String FAKE_REBOOT = "#!/bin/sh\necho \"reboot called\"\n";

    @TempDir
    Path dir;

    @Test
    void planShowsEveryCheckAndTheExactCommand() {
        var result = FakeRoot.standard(dir).defaults("APPEND=\"root=/dev/sda1 ro it's quoted\"").run(CLI + " plan");
        assertEquals(0, result.rc(), result.stderr());
        assertTrue(result.stdout().contains("1. /etc/default/kexec: evaluated by /bin/sh: LOAD_KEXEC=\"true\""),
                result.stdout());
        assertTrue(result.stdout().contains("4. /sys/kernel/kexec_loaded: no kernel loaded yet"), result.stdout());
        assertTrue(result.stdout().contains("5. /tmp/no-kexec-reboot: absent"), result.stdout());
        assertTrue(result.stdout().contains("\n  /sbin/kexec -l /vmlinuz --initrd=/initrd.img "
                + "'--append=root=/dev/sda1 ro it'\\''s quoted'\n"), result.stdout());
        assertEquals("", result.kexecLog(), "plan changes nothing");
        assertFalse(result.loaded());
    }

    @Test
    void planOnAFreshMachineExplainsWhyNothingHappens() {
        var result = new FakeRoot(dir).with("no-kexec-binary").run(CLI + " plan");
        assertEquals(0, result.rc());
        assertTrue(result.stdout().contains("/etc/default/kexec: absent (every variable unset)"), result.stdout());
        assertTrue(result.stdout().contains("So kexec-load loads nothing: LOAD_KEXEC is \"\", not \"true\""),
                result.stdout());
        assertTrue(result.stdout().endsWith("To reboot through kexec: run `kexec-reboot enable` (LOAD_KEXEC=true in"
                + " /etc/default/kexec.d), or `kexec-reboot now` once.\n"), result.stdout());
    }

    @Test
    void planWithTheSkipFlagSaysSoAndLeavesItAlone() {
        var result = FakeRoot.standard(dir).file("/tmp/no-kexec-reboot", "").run(CLI + " plan");
        assertTrue(result.stdout().contains("skips kexec once"), result.stdout());
        assertTrue(result.flagPresent());
    }

    @Test
    void planFollowsGrub() {
        var result = FakeRoot.standard(dir).defaults("USE_GRUB_CONFIG=true")
                .with("grub-fs-uuid", "0c1a6a2e-8a4f-4c6b-9a51-4f0e1f1e7d11") // what its entries search for
                .resource("/boot/grub/grub.cfg", "grub-corpus/debian12-default-0/grub.cfg")
                .file("/boot/vmlinuz-6.1.0-13-amd64", "k").file("/boot/initrd.img-6.1.0-13-amd64", "i")
                .run(CLI + " plan");
        assertTrue(result.stdout().contains("USE_GRUB_CONFIG: \"true\": GRUB's default entry \"Debian GNU/Linux\""),
                result.stdout());
        assertTrue(result.stdout().contains("/sbin/kexec -l /boot/vmlinuz-6.1.0-13-amd64"), result.stdout());
    }

    @Test
    void planReadsAnotherRoot() {
        var result = new FakeRoot(dir).file("/image/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n")
                .file("/image/vmlinuz", "k").run(CLI + " plan --root /image");
        assertTrue(result.stdout().contains("LOAD_KEXEC=\"true\" KERNEL_IMAGE=\"/vmlinuz\""), result.stdout());
    }

    @Test
    void aRootThatNamesNoDirectoryCannotTell() {
        var result = new FakeRoot(dir).file("/image", "not a tree").run(CLI + " plan --root /nonexistent; echo \"plan $?\"; "
                + CLI + " status --root /nonexistent; echo \"status $?\"; " + CLI + " plan --root ''; echo \"empty $?\"; "
                + CLI + " status --root /image; echo \"file $?\"");
        assertEquals("plan 3\nstatus 3\nempty 3\nfile 3\n", result.stdout(), "nothing on stdout but the echoes");
        assertEquals("kexec-reboot: --root /nonexistent does not exist: cannot tell what its reboot would do\n"
                + "kexec-reboot: --root /nonexistent does not exist: cannot tell what its reboot would do\n"
                + "kexec-reboot: --root \"\" names no directory: cannot tell what its reboot would do\n"
                + "kexec-reboot: --root /image is a regular file, not a directory: cannot tell what its reboot would do\n",
                result.stderr());
    }

    @Test
    void usageErrorsAreOneLineAndExit2() {
        var result = new FakeRoot(dir).run(CLI + " plan --frobnicate; echo \"option $?\"; " + CLI + " frobnicate; echo \"command $?\"; "
                + CLI + " cold --root /; echo \"root $?\"");
        assertEquals("option 2\ncommand 2\nroot 2\n", result.stdout());
        assertEquals("kexec-reboot: plan has no option '--frobnicate' (see kexec-reboot plan --help)\n"
                + "kexec-reboot: unknown command 'frobnicate' (see kexec-reboot --help)\n"
                + "kexec-reboot: cold has no option '--root' (see kexec-reboot cold --help)\n", result.stderr());
    }

    @Test
    void planCheckAnswersWithItsExitStatus() {
        var result = FakeRoot.standard(dir).run(CLI + " plan --check; echo \"kexec $?\"; touch /tmp/no-kexec-reboot; "
                + CLI + " plan --check; echo \"skip $?\"; " + CLI + " plan --check --root /nonexistent; echo \"none $?\"");
        assertEquals("next reboot: kexec: kexec-load will load /vmlinuz\nkexec 0\n"
                + "next reboot: firmware: the skip flag /tmp/no-kexec-reboot is set\nskip 4\nnone 3\n", result.stdout());
        assertEquals("kexec-reboot: --root /nonexistent does not exist: cannot tell what its reboot would do\n",
                result.stderr());
        assertEquals("", result.kexecLog(), "plan --check changes nothing");
    }

    @Test
    void planJsonIsOneObjectOfItsSchema() {
        var result = FakeRoot.standard(dir).defaults("APPEND=\"root=/dev/sda1 ro it's \\\"quoted\\\"\"").run(CLI + " plan --json");
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("", result.stderr());
        var plan = JsonSchemas.plan(result.stdout());
        assertEquals("kexec", plan.get("next_reboot").asString());
        assertEquals("root=/dev/sda1 ro it's \"quoted\"", plan.get("cmdline").asString());
        assertEquals("", result.kexecLog(), "plan changes nothing");
    }

    @Test
    void jsonWithRoot() {
        var root = new FakeRoot(dir).file("/image/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n")
                .file("/image/vmlinuz", "k").file("/image/proc/cmdline", "root=/dev/vda1\n")
                .file("/image/sbin/kexec", "#!/bin/sh\n").mode("/image/sbin/kexec", "rwxr-xr-x");
        var plan = root.run(CLI + " plan --json --root /image");
        assertEquals(0, plan.rc(), plan.stderr());
        var answer = JsonSchemas.plan(plan.stdout());
        assertEquals("kexec", answer.get("next_reboot").asString(), plan.stdout());
        assertEquals("/vmlinuz", answer.get("kernel").asString());
        assertEquals("root=/dev/vda1", answer.get("cmdline").asString(), "the image's /proc/cmdline");
        var status = new FakeRoot(dir.resolve("status")).file("/image/etc/default/kexec", "LOAD_KEXEC=true\n")
                .run(CLI + " status --root /image --json");
        assertEquals(0, status.rc(), status.stderr());
        assertTrue(JsonSchemas.status(status.stdout()).get("enabled").asBoolean(), status.stdout());
    }

    @Test
    void jsonAsAUserWhoCannotReadTheDefaultsCannotTell() {
        String asNobody = "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
        var plan = FakeRoot.standard(dir).mode("/etc/default/kexec", "rw-------").run(asNobody + CLI + " plan --json");
        assertEquals(3, plan.rc());
        assertTrue(JsonSchemas.plan(plan.stdout()).get("next_reboot").isNull(), plan.stdout());
        var status = FakeRoot.standard(dir.resolve("status")).mode("/etc/default/kexec", "rw-------")
                .run(asNobody + CLI + " status --json");
        assertEquals(3, status.rc());
        var answer = JsonSchemas.status(status.stdout());
        assertTrue(answer.get("enabled").isNull() && answer.get("syscall").isNull(), status.stdout());
    }

    @Test
    void jsonWhereThereIsNoJsonFormIsAUsageError() {
        var result = new FakeRoot(dir).run(CLI + " skip-once --json");
        assertEquals(2, result.rc());
        assertEquals("", result.stdout());
        assertEquals("kexec-reboot: skip-once has no JSON form (--json: plan, status and last only)\n", result.stderr());
        assertFalse(result.flagPresent(), "nothing done");
    }

    @Test
    void statusSaysWhatIsSetNow() {
        var result = FakeRoot.standard(dir).file("/sys/kernel/kexec_loaded", "1\n").file("/tmp/no-kexec-reboot", "")
                .run(CLI + " status");
        assertTrue(result.stdout().startsWith("kernel loaded for kexec: yes\nskip flag /tmp/no-kexec-reboot: set (the next "
                + "reboot skips kexec)\nskip flag /no-kexec-reboot (coldreboot): not set\n"
                + "kexec enabled: yes (LOAD_KEXEC=\"true\")\n"
                + "lockdown (/sys/kernel/security/lockdown): absent: not locked down\n"
                + "syscall: kexec-tools' default (kexec_load in 2.0.25, kexec_file_load with fallback from 2.0.27), no option:"
                + " the kernel is not locked down: kexec-tools' own default, as the original\n"
                + "class-data sharing archive: "), result.stdout());
        assertTrue(result.stdout().endsWith("\ninit system: sysvinit\n"), result.stdout());
    }

    @Test
    void skipOnceSetsTheFlag() {
        var result = FakeRoot.standard(dir).run(CLI + " skip-once");
        assertEquals(0, result.rc());
        assertTrue(result.flagPresent());
    }

    @Test
    void coldUnloadsSetsTheFlagAndReboots() {
        var result = FakeRoot.standard(dir).file("/sys/kernel/kexec_loaded", "1\n").file("/usr/sbin/reboot", FAKE_REBOOT)
                .mode("/usr/sbin/reboot", "rwxr-xr-x").run(CLI + " cold");
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("kexec [-u]\n", result.kexecLog());
        assertTrue(result.flagPresent());
        assertTrue(result.stdout().endsWith("reboot called\n"), result.stdout());
    }

    @Test
    void nowLoadsEvenWithLoadKexecFalseThenReboots() {
        var result = FakeRoot.standard(dir).defaults("LOAD_KEXEC=false").file("/usr/sbin/reboot", FAKE_REBOOT)
                .mode("/usr/sbin/reboot", "rwxr-xr-x").run(CLI + " now");
        assertEquals(0, result.rc(), result.stderr());
        assertEquals("kexec [-l] [/vmlinuz] [--initrd=/initrd.img] [--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet]\n",
                result.kexecLog());
        assertEquals("Loading new kernel image into memory...done.\nreboot called\n", result.stdout());
    }

    @Test
    void nowRefusesWhileTheSkipFlagIsSet() {
        var result = FakeRoot.standard(dir).file("/tmp/no-kexec-reboot", "").file("/usr/sbin/reboot", FAKE_REBOOT)
                .mode("/usr/sbin/reboot", "rwxr-xr-x").run(CLI + " now");
        assertEquals(1, result.rc());
        assertTrue(result.stderr().contains("skip flag"), result.stderr());
        assertEquals("", result.kexecLog() + result.stdout());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"plan", "status", "skip-once", "cold", "now"}) {
            var result = new FakeRoot(dir.resolve(command)).run(CLI + " " + command + " --help");
            assertEquals(0, result.rc());
            assertTrue(result.stdout().startsWith("Usage: kexec-reboot " + command), result.stdout());
        }
        var usage = new FakeRoot(dir.resolve("none")).run(CLI);
        assertEquals(2, usage.rc());
        assertTrue(usage.stdout().startsWith("Usage: kexec-reboot COMMAND"), usage.stdout());
    }
}
