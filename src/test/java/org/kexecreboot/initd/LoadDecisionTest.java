package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.boot.BootTarget;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.initd.LoadDecision.Verdict;
import org.kexecreboot.kexec.KexecSyscall;
import org.kexecreboot.kexec.PeSignature;

/** The decision alone: the original's checks in order, and the trace `kexec-reboot plan` prints. */
class LoadDecisionTest {

    @TempDir
    Path root;

    private Context context;

    @BeforeEach
    void system() throws IOException {
        file("/vmlinuz", "k");
        file("/initrd.img", "i");
        file("/proc/cmdline", "root=/dev/sda1 ro\n");
        file("/sys/kernel/kexec_loaded", "0\n");
        file("/sbin/kexec", "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(root.resolve("sbin/kexec"), PosixFilePermissions.fromString("rwxr-xr-x"));
        context = new Context(new SystemPaths(root), "/etc/init.d/kexec-load", OutputStream.nullOutputStream(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Map.of("PATH", "/usr/bin:/bin"), false);
    }

    private void file(String absolute, String content) throws IOException {
        Path p = root.resolve(absolute.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private List<String> subjects(LoadDecision.Decision decision) {
        return decision.trace().steps().stream().map(Trace.Step::subject).toList();
    }

    @Test
    void aLoadGoesThroughEveryCheckInTheOriginalsOrder() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=/initrd.img\n");
        LoadDecision.Decision decision = LoadDecision.decide(context, OutputStream.nullOutputStream(), false);
        Verdict.Load load = assertInstanceOf(Verdict.Load.class, decision.verdict());
        assertEquals(new BootTarget("/vmlinuz", List.of("/initrd.img"), "root=/dev/sda1 ro"), load.target());
        assertEquals(List.of("/etc/default/kexec", "LOAD_KEXEC", "/sbin/kexec", "/sys/kernel/kexec_loaded",
                "/tmp/no-kexec-reboot", "/no-kexec-reboot", "USE_GRUB_CONFIG", "command line", "files", "/sys/kernel/security/lockdown",
                "syscall"), subjects(decision));
        assertEquals(KexecSyscall.DEFAULT, load.syscall(), "no lockdown file: the original's argv");
        assertEquals(null, load.signature(), "the signature only matters to kexec_file_load");
    }

    @Test
    void aLockedDownKernelLoadsWithKexecFileLoadAndTheSignatureIsLookedAt() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=/initrd.img\n");
        file("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
        LoadDecision.Decision decision = LoadDecision.decide(context, OutputStream.nullOutputStream(), false);
        Verdict.Load load = assertInstanceOf(Verdict.Load.class, decision.verdict());
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD, load.syscall());
        assertEquals(PeSignature.Presence.NOT_PE, load.signature(), "/vmlinuz here is one byte");
        Trace.Step signature = decision.trace().steps().get(decision.trace().steps().size() - 1);
        assertEquals("signature of /vmlinuz", signature.subject());
        assertTrue(signature.finding().contains("this locked-down kernel will refuse it"), signature.finding());
    }

    @Test
    void lockdownNoneKeepsTheOriginalsArgv() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=/initrd.img\n");
        file("/sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
        Verdict.Load load = assertInstanceOf(Verdict.Load.class,
                LoadDecision.decide(context, OutputStream.nullOutputStream(), false).verdict());
        assertEquals(KexecSyscall.DEFAULT, load.syscall());
    }

    @Test
    void kexecSyscallForcesEitherCall() throws IOException {
        file("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=\nKEXEC_SYSCALL=kexec_load\n");
        assertEquals(KexecSyscall.KEXEC_LOAD, ((Verdict.Load) LoadDecision.decide(context,
                OutputStream.nullOutputStream(), false).verdict()).syscall());
        file("/sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=\nKEXEC_SYSCALL=kexec_file_load\n");
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD, ((Verdict.Load) LoadDecision.decide(context,
                OutputStream.nullOutputStream(), false).verdict()).syscall());
    }

    @Test
    void aBadKexecSyscallIsOneWarningAndAuto() throws IOException {
        file("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=\nKEXEC_SYSCALL=file\n");
        LoadDecision.Decision decision = LoadDecision.decide(context, OutputStream.nullOutputStream(), false);
        assertEquals(KexecSyscall.KEXEC_FILE_LOAD, ((Verdict.Load) decision.verdict()).syscall());
        List<Trace.Step> warnings = decision.trace().steps().stream().filter(Trace.Step::warning).toList();
        assertEquals(1, warnings.size());
        assertEquals("KEXEC_SYSCALL=\"file\" is not auto, kexec_load or kexec_file_load; using auto",
                warnings.get(0).finding());
    }

    @Test
    void theFirstNoDecides() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=false\n");
        LoadDecision.Decision decision = LoadDecision.decide(context, OutputStream.nullOutputStream(), false);
        assertInstanceOf(Verdict.Nothing.class, decision.verdict());
        assertEquals(List.of("/etc/default/kexec"), subjects(decision));
    }

    @Test
    void loadAnywayTakesLoadKexecAsTrueOnly() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=false\n");
        file("/tmp/no-kexec-reboot", "");
        LoadDecision.Decision decision = LoadDecision.decide(context, OutputStream.nullOutputStream(), true);
        assertInstanceOf(Verdict.SkipOnce.class, decision.verdict(), "the skip flag still counts");
    }

    @Test
    void decidingChangesNothing() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\n");
        file("/tmp/no-kexec-reboot", "");
        LoadDecision.decide(context, OutputStream.nullOutputStream(), false);
        assertEquals(true, Files.exists(root.resolve("tmp/no-kexec-reboot")), "the flag is removed by the script, not the decision");
    }

    @Test
    void anUnreadableKexecLoadedIsNotLoadedAndCatsComplaintIsKeptForTheScript() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n");
        Files.delete(root.resolve("sys/kernel/kexec_loaded"));
        LoadDecision.Decision decision = LoadDecision.decide(context, OutputStream.nullOutputStream(), false);
        assertInstanceOf(Verdict.Load.class, decision.verdict());
        assertEquals("cat: /sys/kernel/kexec_loaded: No such file or directory", decision.catComplaint());
    }

    private void efi(String name, byte[] data) throws IOException {
        Path p = root.resolve("sys/firmware/efi/efivars/" + name + "-" + org.kexecreboot.efi.EfiVariables.GLOBAL);
        Files.createDirectories(p.getParent());
        Files.write(p, org.kexecreboot.efi.EfiVariables.encode(7, data));
    }

    @Test
    void withEfivarfsEveryFirmwareRuleIsACheckBeforeTheLoadedKernel() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=/initrd.img\n");
        Files.createDirectories(root.resolve("sys/firmware/efi/efivars"));
        LoadDecision.Decision decision = LoadDecision.decide(context, OutputStream.nullOutputStream(), false);
        assertInstanceOf(Verdict.Load.class, decision.verdict());
        assertEquals(List.of("/etc/default/kexec", "LOAD_KEXEC", "/sbin/kexec", "EFI BootNext", "EFI OsIndications",
                "systemd-boot one-shot", "/sys/kernel/kexec_loaded", "/tmp/no-kexec-reboot", "/no-kexec-reboot",
                "USE_GRUB_CONFIG", "command line", "files", "/sys/kernel/security/lockdown", "syscall"), subjects(decision));
    }

    @Test
    void bootNextSendsTheRebootThroughTheFirmwareAndTheFirstRuleThatAppliesDecides() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n");
        efi("BootNext", new byte[] {3, 0});
        efi("OsIndications", new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
        LoadDecision.Decision decision = LoadDecision.decide(context, OutputStream.nullOutputStream(), false);
        Verdict.Firmware firmware = assertInstanceOf(Verdict.Firmware.class, decision.verdict());
        assertEquals("boot-next", firmware.rule().name());
        assertEquals(false, firmware.loaded());
        assertEquals("BootNext=Boot0003: the firmware boots that entry once, so this reboot goes through the firmware",
                firmware.why());
        assertEquals(List.of("/etc/default/kexec", "LOAD_KEXEC", "/sbin/kexec", "EFI BootNext"), subjects(decision));
    }

    @Test
    void kexecIgnoreRulesSetsARuleAsideAndThePlanSaysSo() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nKEXEC_IGNORE_RULES=boot-next\n");
        efi("BootNext", new byte[] {3, 0});
        LoadDecision.Decision decision = LoadDecision.decide(context, OutputStream.nullOutputStream(), false);
        assertInstanceOf(Verdict.Load.class, decision.verdict());
        assertEquals("BootNext=Boot0003: the firmware boots that entry once, so this reboot goes through the firmware;"
                + " but KEXEC_IGNORE_RULES names boot-next: set aside", decision.trace().steps().get(3).finding());
        assertTrue(decision.trace().steps().get(0).finding().endsWith(" KEXEC_SYSCALL=\"\" KEXEC_IGNORE_RULES=\"boot-next\""),
                decision.trace().steps().get(0).finding());
    }

    @Test
    void unsetKexecIgnoreRulesIsNotInTheDefaultsLineAndAnUnknownNameIsAWarning() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n");
        assertTrue(LoadDecision.decide(context, OutputStream.nullOutputStream(), false).trace().steps().get(0).finding()
                .endsWith(" KEXEC_SYSCALL=\"\""));
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nKEXEC_IGNORE_RULES=\"tpm2 boot-next\"\n");
        Trace.Step warning = LoadDecision.decide(context, OutputStream.nullOutputStream(), false).trace().steps().get(3);
        assertEquals(new Trace.Step("KEXEC_IGNORE_RULES", "\"tpm2\" is not the name of a rule (boot-next, os-indications,"
                + " loader-one-shot, grub-next-entry, tpm2-unlock, attestation, circuit-breaker, cold-every); ignored", true), warning);
    }

    @Test
    void aKernelLoadedAlreadyDoesNotSkipTheFirmwaresWork() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n");
        file("/sys/kernel/kexec_loaded", "1\n");
        efi("OsIndications", new byte[] {4, 0, 0, 0, 0, 0, 0, 0});
        Verdict.Firmware firmware = assertInstanceOf(Verdict.Firmware.class,
                LoadDecision.decide(context, OutputStream.nullOutputStream(), false).verdict());
        assertEquals("os-indications", firmware.rule().name());
        assertEquals(true, firmware.loaded(), "kexec-load unloads it");
    }

    @Test
    void loadKexecFalseIsAskedBeforeTheFirmware() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=false\n");
        efi("BootNext", new byte[] {3, 0});
        assertInstanceOf(Verdict.Nothing.class,
                LoadDecision.decide(context, OutputStream.nullOutputStream(), false).verdict());
    }

    @Test
    void theFirmwareGoesBeforeTheSkipFlagWhichStaysForTheNextReboot() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n");
        file("/tmp/no-kexec-reboot", "");
        efi("BootNext", new byte[] {3, 0});
        assertInstanceOf(Verdict.Firmware.class,
                LoadDecision.decide(context, OutputStream.nullOutputStream(), false).verdict());
    }

    @Test
    void nowForceSetsTheRuleAsideAndSaysSo() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n");
        efi("BootNext", new byte[] {3, 0});
        LoadDecision.Decision decision = LoadDecision.decide(context, OutputStream.nullOutputStream(), true, List.of(), true);
        assertInstanceOf(Verdict.Load.class, decision.verdict());
        assertTrue(subjects(decision).contains(LoadDecision.FORCED), subjects(decision).toString());
    }

    @Test
    void theMarkOfNowForceKeepsTheKernelLoadedAtTheReboot() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n");
        file("/sys/kernel/kexec_loaded", "1\n");
        efi("BootNext", new byte[] {3, 0});
        file("/run/kexec-reboot.firmware-override", "");
        Verdict verdict = LoadDecision.decide(context, OutputStream.nullOutputStream(), false).verdict();
        assertTrue(verdict instanceof Verdict.Nothing n && n.why().startsWith("a kernel is already loaded"),
                verdict.toString());
        assertTrue(Files.exists(root.resolve("run/kexec-reboot.firmware-override")), "deciding changes nothing");
    }

    @Test
    void aMarkThatIsNotRootsDoesNotCount() throws IOException {
        file("/etc/default/kexec", "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n");
        file("/sys/kernel/kexec_loaded", "1\n");
        efi("BootNext", new byte[] {3, 0});
        file("/run/kexec-reboot.firmware-override", "");
        Files.setAttribute(root.resolve("run/kexec-reboot.firmware-override"), "unix:uid", 1000);
        assertInstanceOf(Verdict.Firmware.class,
                LoadDecision.decide(context, OutputStream.nullOutputStream(), false).verdict());
    }
}
