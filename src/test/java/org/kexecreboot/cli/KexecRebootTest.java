package org.kexecreboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.initd.Context;

/** The command line's answers and exit statuses (kexec-reboot(8), EXIT STATUS). */
class KexecRebootTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    private int run(String... args) {
        return KexecReboot.run(List.of(args), new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    /** A system under dir: LOAD_KEXEC=true, a kernel and an initrd, a recording-free kexec. */
    private SystemPaths standardRoot() throws IOException {
        write("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=/initrd.img\n");
        write("/sbin/kexec", "#!/bin/sh\nexit 0\n").toFile().setExecutable(true);
        write("/sys/kernel/kexec_loaded", "0\n");
        write("/proc/cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet\n");
        write("/vmlinuz", "kernel");
        write("/initrd.img", "initrd");
        Files.createDirectories(dir.resolve("tmp"));
        return new SystemPaths(dir);
    }

    private Path write(String absolute, String content) throws IOException {
        Path file = dir.resolve(absolute.substring(1));
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private KexecReboot cli(SystemPaths paths) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Context context = new Context(paths, "kexec-reboot", new ByteArrayOutputStream(), quiet,
                Map.of("PATH", "/usr/bin:/bin"), false);
        return new KexecReboot(context, new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    // --root that names no directory: cannot tell (3), one line on stderr, nothing on stdout

    @Test
    void planOfARootThatDoesNotExistCannotTell() {
        Path missing = dir.resolve("nonexistent");
        assertEquals(3, run("plan", "--root", missing.toString()));
        assertEquals("", out());
        assertEquals("kexec-reboot: --root " + missing + " does not exist: cannot tell what its reboot would do\n", err());
    }

    @Test
    void statusOfARootThatDoesNotExistCannotTell() {
        Path missing = dir.resolve("nonexistent");
        assertEquals(3, run("status", "--root", missing.toString()));
        assertEquals("", out());
        assertEquals("kexec-reboot: --root " + missing + " does not exist: cannot tell what its reboot would do\n", err());
    }

    @Test
    void anEmptyRootCannotTell() {
        assertEquals(3, run("plan", "--root", ""));
        assertEquals("", out());
        assertEquals("kexec-reboot: --root \"\" names no directory: cannot tell what its reboot would do\n", err());
    }

    @Test
    void aRootThatIsAFileCannotTell() throws IOException {
        Path file = write("/image", "not a tree");
        assertEquals(3, run("status", "--root", file.toString()));
        assertEquals("", out());
        assertEquals("kexec-reboot: --root " + file + " is a regular file, not a directory: cannot tell what its reboot"
                + " would do\n", err());
    }

    @Test
    void aDanglingLinkAsRootDoesNotExist() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("image"), dir.resolve("gone"));
        assertEquals(3, run("plan", "--root", link.toString()));
        assertEquals("kexec-reboot: --root " + link + " does not exist: cannot tell what its reboot would do\n", err());
    }

    // Usage errors: 2, one line on stderr, nothing on stdout

    @Test
    void anUnknownCommandIsOneLine() {
        assertEquals(2, run("reboot-now"));
        assertEquals("", out());
        assertEquals("kexec-reboot: unknown command 'reboot-now' (see kexec-reboot --help)\n", err());
    }

    @Test
    void anUnknownOptionIsOneLine() {
        assertEquals(2, run("plan", "--frobnicate"));
        assertEquals("", out());
        assertEquals("kexec-reboot: plan has no option '--frobnicate' (see kexec-reboot plan --help)\n", err());
    }

    @Test
    void rootOnlyForTheCommandsThatRead() {
        assertEquals(2, run("skip-once", "--root", "/"));
        assertEquals("kexec-reboot: skip-once has no option '--root' (see kexec-reboot skip-once --help)\n", err());
    }

    @Test
    void rootWithoutADirectoryIsAUsageError() {
        assertEquals(2, run("status", "--root"));
        assertEquals("kexec-reboot: --root needs a directory (kexec-reboot status --root DIR)\n", err());
    }

    @Test
    void aStrayArgumentIsAUsageError() {
        assertEquals(2, run("status", "now"));
        assertEquals("kexec-reboot: unexpected argument 'now' after status (see kexec-reboot status --help)\n", err());
    }

    @Test
    void noCommandPrintsTheUsageAndExits2() {
        assertEquals(2, run());
        assertEquals(KexecReboot.USAGE, out());
    }

    // Valid answers: 0

    @Test
    void aPlanOfAReadableSystemIs0() throws IOException {
        assertEquals(0, cli(standardRoot()).plan());
        assertEquals(true, out().contains("So kexec-load will run:\n  /sbin/kexec -l /vmlinuz --initrd=/initrd.img"), out());
    }

    @Test
    void aPlanThatGoesThroughTheFirmwareIsStillAValidAnswer() throws IOException {
        SystemPaths paths = standardRoot();
        write("/etc/default/kexec", "LOAD_KEXEC=false\n");
        assertEquals(0, cli(paths).plan());
        assertEquals(true, out().contains("So kexec-load loads nothing: LOAD_KEXEC is \"false\""), out());
    }

    @Test
    void statusOfAReadableSystemIs0() throws IOException {
        assertEquals(0, cli(standardRoot()).status());
        assertEquals(true, out().startsWith("kernel loaded for kexec: no\n"), out());
    }

    // plan --check: 0 kexec, 4 firmware (3 cannot tell: HardeningIT, as a user)

    @Test
    void checkIs0WhenTheNextRebootGoesThroughKexec() throws IOException {
        assertEquals(0, cli(standardRoot()).plan(true, false));
        assertEquals("next reboot: kexec: kexec-load will load /vmlinuz\n", out());
    }

    @Test
    void checkIs0WhenAKernelIsLoadedAlready() throws IOException {
        SystemPaths paths = standardRoot();
        write("/sys/kernel/kexec_loaded", "1\n");
        assertEquals(0, cli(paths).plan(true, false));
        assertEquals(true, out().startsWith("next reboot: kexec: a kernel is already loaded"), out());
    }

    @Test
    void checkIs4WhenKexecIsNotEnabled() throws IOException {
        SystemPaths paths = standardRoot();
        write("/etc/default/kexec", "LOAD_KEXEC=false\n");
        assertEquals(4, cli(paths).plan(true, false));
        assertEquals("next reboot: firmware: LOAD_KEXEC is \"false\", not \"true\": kexec is not enabled\n", out());
    }

    @Test
    void checkIs4WithTheSkipFlag() throws IOException {
        SystemPaths paths = standardRoot();
        write("/tmp/no-kexec-reboot", "");
        assertEquals(4, cli(paths).plan(true, false));
        assertEquals("next reboot: firmware: the skip flag /tmp/no-kexec-reboot is set\n", out());
        assertEquals(true, Files.exists(paths.skipFlag()), "plan --check changes nothing");
    }

    @Test
    void checkIs4WhenTheKernelCannotBeFound() throws IOException {
        SystemPaths paths = standardRoot();
        Files.delete(dir.resolve("vmlinuz"));
        assertEquals(4, cli(paths).plan(true, false));
        assertEquals(true, out().startsWith("next reboot: firmware: kexec-load will not call kexec: "), out());
    }

    @Test
    void checkIs4OnSystemdWithoutTheUnits() throws IOException {
        SystemPaths paths = standardRoot();
        Files.createDirectories(paths.systemdRuntime());
        assertEquals(4, cli(paths).plan(true, false));
        assertEquals("next reboot: firmware: kexec-load.service and kexec.service are not both enabled\n", out());
    }

    @Test
    void checkIs4WhenALockedDownKernelWillRefuseAnUnsignedOne() throws IOException {
        SystemPaths paths = standardRoot();
        write("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
        assertEquals(4, cli(paths).plan(true, false));
        assertEquals("next reboot: firmware: /vmlinuz carries no signature and this kernel is locked down (Secure Boot):"
                + " it refuses to load it\n", out());
    }

    @Test
    void checkIsOnlyForPlan() {
        assertEquals(2, run("status", "--check"));
        assertEquals("kexec-reboot: status has no option '--check' (see kexec-reboot status --help)\n", err());
    }

    // --json: one object, valid against its schema (JsonSchemas), with --root too

    @Test
    void planJsonOfALoad() throws IOException {
        assertEquals(0, cli(standardRoot()).plan(false, true));
        var plan = JsonSchemas.plan(out());
        assertEquals(1, plan.get("version").asInt());
        assertEquals("sysvinit", plan.get("init_system").asString());
        assertEquals("kexec", plan.get("next_reboot").asString());
        assertEquals("kexec-load will load /vmlinuz", plan.get("reason").asString());
        assertEquals("/vmlinuz", plan.get("kernel").asString());
        assertEquals("[\"/initrd.img\"]", plan.get("initrd").toString());
        assertEquals("BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet", plan.get("cmdline").asString());
        assertEquals("[\"/sbin/kexec\",\"-l\",\"/vmlinuz\",\"--initrd=/initrd.img\","
                + "\"--append=BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet\"]", plan.get("command").toString());
        var first = plan.get("checks").get(0);
        assertEquals("/etc/default/kexec", first.get("name").asString());
        assertEquals(true, first.get("ok").asBoolean());
        assertEquals(true, first.get("detail").asString().startsWith("evaluated by /bin/sh: LOAD_KEXEC=\"true\""));
    }

    @Test
    void planJsonHasTheChecksOfTheTextPlanInItsOrder() throws IOException {
        SystemPaths paths = standardRoot();
        Files.createDirectories(paths.systemdRuntime());
        assertEquals(0, cli(paths).plan(false, false));
        List<String> numbered = out().lines().filter(l -> l.matches("  [0-9]+\\. .*")).toList();
        stdout.reset();
        assertEquals(0, cli(paths).plan(false, true));
        var checks = JsonSchemas.plan(out()).get("checks");
        assertEquals(numbered.size(), checks.size(), numbered.toString());
        for (int i = 0; i < numbered.size(); i++) {
            assertEquals(numbered.get(i), "  " + (i + 1) + ". " + checks.get(i).get("name").asString() + ": "
                    + checks.get(i).get("detail").asString());
        }
        assertEquals("the pending shutdown", checks.get(0).get("name").asString());
    }

    @Test
    void planJsonOfAFirmwareRebootHasNoKernel() throws IOException {
        SystemPaths paths = standardRoot();
        write("/etc/default/kexec", "LOAD_KEXEC=\"no \\\"quoted\\\" \\\\ \\t\"\n");
        assertEquals(0, cli(paths).plan(false, true), "a valid answer");
        var plan = JsonSchemas.plan(out());
        assertEquals("firmware", plan.get("next_reboot").asString());
        assertEquals("LOAD_KEXEC is \"no \"quoted\" \\ \\t\", not \"true\": kexec is not enabled",
                plan.get("reason").asString(), "quotes and backslashes survive the escaping");
        assertEquals(true, plan.get("kernel").isNull());
        assertEquals(true, plan.get("initrd").isNull());
        assertEquals(true, plan.get("cmdline").isNull());
        assertEquals(true, plan.get("command").isNull());
    }

    @Test
    void planJsonWithCheckAnswersWithTheExitStatus() throws IOException {
        SystemPaths paths = standardRoot();
        write("/tmp/no-kexec-reboot", "");
        assertEquals(4, cli(paths).plan(true, true));
        assertEquals("firmware", JsonSchemas.plan(out()).get("next_reboot").asString());
    }

    @Test
    void aWarningIsACheckThatIsNotOk() throws IOException {
        SystemPaths paths = standardRoot();
        write("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=/initrd.img\nKEXEC_SYSCALL=bogus\n");
        write("/sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
        assertEquals(0, cli(paths).plan(false, true));
        boolean warned = false;
        for (var check : JsonSchemas.plan(out()).get("checks")) {
            if (check.get("name").asString().equals("KEXEC_SYSCALL")) {
                assertEquals(false, check.get("ok").asBoolean());
                warned = true;
            }
        }
        assertEquals(true, warned, out());
    }

    @Test
    void statusJson() throws IOException {
        SystemPaths paths = standardRoot();
        write("/sys/kernel/kexec_loaded", "1\n");
        write("/proc/sys/kernel/bootloader_type", "208\n");
        write("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
        assertEquals(0, cli(paths).status(true));
        var status = JsonSchemas.status(out());
        assertEquals(1, status.get("version").asInt());
        assertEquals("sysvinit", status.get("init_system").asString());
        assertEquals(true, status.get("enabled").asBoolean());
        assertEquals(true, status.get("kexec_loaded").asBoolean());
        assertEquals(false, status.get("skip_once").asBoolean());
        assertEquals("integrity", status.get("lockdown").asString());
        assertEquals("kexec_file_load", status.get("syscall").asString());
        assertEquals(true, status.get("booted_via_kexec").asBoolean());
        assertEquals(208, status.get("bootloader_type").asInt());
    }

    @Test
    void statusJsonOfAFirmwareBootOnSystemd() throws IOException {
        SystemPaths paths = standardRoot();
        Files.createDirectories(paths.systemdRuntime());
        write("/etc/default/kexec", "LOAD_KEXEC=false\n");
        write("/proc/sys/kernel/bootloader_type", "114\n"); // 0x72: GRUB 2
        write("/no-kexec-reboot", "");
        assertEquals(0, cli(paths).status(true));
        var status = JsonSchemas.status(out());
        assertEquals("systemd", status.get("init_system").asString());
        assertEquals(false, status.get("enabled").asBoolean());
        assertEquals(false, status.get("kexec_loaded").asBoolean());
        assertEquals(true, status.get("skip_once").asBoolean());
        assertEquals("absent", status.get("lockdown").asString());
        assertEquals("default", status.get("syscall").asString());
        assertEquals(false, status.get("booted_via_kexec").asBoolean());
    }

    @Test
    void statusJsonOffX86CannotTellHowItBooted() throws IOException {
        SystemPaths paths = standardRoot();
        Files.delete(dir.resolve("sys/kernel/kexec_loaded"));
        assertEquals(0, cli(paths).status(true));
        var status = JsonSchemas.status(out());
        assertEquals(true, status.get("booted_via_kexec").isNull());
        assertEquals(true, status.get("bootloader_type").isNull());
        assertEquals(false, status.get("kexec_loaded").asBoolean(), "absent: no kexec support, nothing loaded");
    }

    @Test
    void theTextStatusIsUnchangedByTheJsonForm() throws IOException {
        assertEquals(0, cli(standardRoot()).status(false));
        assertEquals("kernel loaded for kexec: no\nskip flag /tmp/no-kexec-reboot: not set\n"
                + "skip flag /no-kexec-reboot (coldreboot): not set\nkexec enabled: yes (LOAD_KEXEC=\"true\")\n"
                + "lockdown (/sys/kernel/security/lockdown): absent: not locked down\n"
                + "syscall: kexec-tools' default (kexec_load in 2.0.25, kexec_file_load with fallback from 2.0.27), no option:"
                + " the kernel is not locked down: kexec-tools' own default, as the original\n"
                + "init system: sysvinit\n", out());
    }

    @Test
    void jsonOnlyWhereThereIsAJsonForm() {
        for (String command : new String[] {"skip-once", "cold", "now"}) {
            stderr.reset();
            assertEquals(2, run(command, "--json"), command);
            assertEquals("kexec-reboot: " + command + " has no JSON form (--json: plan, status and last only)\n", err());
        }
        assertEquals("", out());
    }

    @Test
    void jsonWithABadRootCannotTellAndPrintsNothing() {
        assertEquals(3, run("status", "--json", "--root", dir.resolve("nonexistent").toString()));
        assertEquals("", out());
    }

    // ---- boot-complete: the circuit breaker's end of a kexec boot

    private void pending(SystemPaths paths, String bootId) throws IOException {
        write("/proc/sys/kernel/random/boot_id", "22222222-0000-4000-8000-000000000002\n");
        write("/var/lib/kexec-reboot/pending", "boot_id=" + bootId + "\nkernel=/vmlinuz\ntime=1765000000\n");
    }

    @Test
    void bootCompleteAfterAKexecTakesTheMarkAway() throws IOException {
        SystemPaths paths = standardRoot();
        pending(paths, "11111111-0000-4000-8000-000000000001");
        write("/proc/sys/kernel/bootloader_type", "208\n");
        assertEquals(0, cli(paths).bootComplete());
        assertEquals("kexec-reboot: this boot came through kexec (/vmlinuz, loaded in boot 11111111) and reached its"
                + " target\n", out());
        assertFalse(Files.exists(dir.resolve("var/lib/kexec-reboot/pending")));
        assertFalse(Files.exists(dir.resolve("var/lib/kexec-reboot/tripped")));
    }

    @Test
    void bootCompleteAfterTheFirmwareTripsTheBreaker() throws IOException {
        SystemPaths paths = standardRoot();
        pending(paths, "11111111-0000-4000-8000-000000000001");
        write("/proc/sys/kernel/bootloader_type", "114\n"); // GRUB 2
        assertEquals(0, cli(paths).bootComplete());
        assertEquals("kexec-reboot: the kexec boot into /vmlinuz (loaded in boot 11111111) did not reach its target: this"
                + " boot came through the firmware instead, so the next reboot goes through the firmware once (circuit"
                + " breaker)\n", out());
        assertFalse(Files.exists(dir.resolve("var/lib/kexec-reboot/pending")));
        assertEquals("boot_id=11111111-0000-4000-8000-000000000001\nkernel=/vmlinuz\ntime=1765000000\n"
                + "found_in=22222222-0000-4000-8000-000000000002\n",
                Files.readString(dir.resolve("var/lib/kexec-reboot/tripped")));
    }

    @Test
    void bootCompleteWithoutBootloaderTypeTakesTheMarkAway() throws IOException {
        SystemPaths paths = standardRoot();
        pending(paths, "11111111-0000-4000-8000-000000000001");
        assertEquals(0, cli(paths).bootComplete());
        assertEquals("kexec-reboot: this boot reached its target after the load of /vmlinuz, loaded in boot 11111111"
                + " (whether it came through kexec cannot be told without /proc/sys/kernel/bootloader_type)\n", out());
        assertFalse(Files.exists(dir.resolve("var/lib/kexec-reboot/pending")));
    }

    @Test
    void bootCompleteLeavesALoadOfThisBootAndSaysNothingWithoutAMark() throws IOException {
        SystemPaths paths = standardRoot();
        pending(paths, "22222222-0000-4000-8000-000000000002");
        assertEquals(0, cli(paths).bootComplete());
        assertTrue(Files.exists(dir.resolve("var/lib/kexec-reboot/pending")), "its reboot has not come yet");
        Files.delete(dir.resolve("var/lib/kexec-reboot/pending"));
        assertEquals(0, cli(paths).bootComplete());
        assertEquals("", out());
    }

    /** systemd-boot's default entry in `plan --json`: the answer keeps plan-v1, the loader shows as checks. */
    @Test
    void planJsonOnSystemdBootKeepsItsSchemaAndNamesTheLoader() throws IOException {
        SystemPaths paths = standardRoot();
        write("/etc/default/kexec", "LOAD_KEXEC=true\nUSE_GRUB_CONFIG=true\n");
        write("/proc/self/mountinfo", "21 1 8:2 / / rw - ext4 /dev/sda2 rw\n30 21 8:1 / /efi rw - vfat /dev/sda1 rw\n");
        write("/efi/loader/entries/debian-6.12.9.conf", "title Debian\nversion 6.12.9\nsort-key debian\n"
                + "options root=UUID=abc ro\nlinux /debian/6.12.9/linux\ninitrd /debian/6.12.9/initrd.img\n");
        write("/efi/debian/6.12.9/linux", "kernel");
        write("/efi/debian/6.12.9/initrd.img", "initrd");
        assertEquals(0, cli(paths).plan(false, true), out() + err());
        var plan = JsonSchemas.plan(out());
        assertEquals("kexec", plan.get("next_reboot").asText());
        List<String> command = new java.util.ArrayList<>();
        plan.get("command").forEach(word -> command.add(word.asText()));
        assertEquals(List.of("/sbin/kexec", "-l", "/efi/debian/6.12.9/linux", "--initrd=/efi/debian/6.12.9/initrd.img",
                "--append=root=UUID=abc ro"), command);
        StringBuilder names = new StringBuilder();
        for (var check : plan.get("checks")) {
            names.append(check.get("name").asText()).append(';');
        }
        assertTrue(names.toString().contains("boot loader;loader.conf;systemd-boot entries;systemd-boot default;"),
                names.toString());
    }
}
