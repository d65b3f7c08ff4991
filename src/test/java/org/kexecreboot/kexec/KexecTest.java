package org.kexecreboot.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.boot.BootTarget;
import org.kexecreboot.exec.BoundedCommand.Outcome;

class KexecTest {

    @TempDir
    Path dir;

    private Path fake;
    private Path log;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A fake kexec that writes each argument on a line of its own as [ARG], and exits with $KEXEC_RC. */
    @BeforeEach
    void fakeKexec() throws IOException {
        log = dir.resolve("argv");
        fake = dir.resolve("kexec");
        Files.writeString(fake, "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done >> '" + log + "'\n"
                + "echo out; echo err >&2\nexit ${KEXEC_RC:-0}\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Kexec kexec(Map<String, String> env) {
        return new Kexec(fake.toString(), env, Duration.ofSeconds(10), out, err);
    }

    private String recorded() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Test
    void loadWithInitrdPassesKernelInitrdAndAppend() throws IOException {
        Outcome outcome = kexec(Map.of()).load(new BootTarget("/vmlinuz", List.of("/initrd.img"), "root=/dev/sda1 ro"), KexecSyscall.DEFAULT);
        assertEquals(new Outcome.Exited(0), outcome);
        assertEquals("[-l]\n[/vmlinuz]\n[--initrd=/initrd.img]\n[--append=root=/dev/sda1 ro]\n", recorded());
    }

    @Test
    void loadWithoutInitrdHasNoInitrdArgument() throws IOException {
        kexec(Map.of()).load(new BootTarget("/vmlinuz", List.of(), "root=/dev/sda1 ro"), KexecSyscall.DEFAULT);
        assertEquals("[-l]\n[/vmlinuz]\n[--append=root=/dev/sda1 ro]\n", recorded());
    }

    @Test
    void loadWithEmptyAppendStillPassesAppend() throws IOException {
        kexec(Map.of()).load(new BootTarget("/vmlinuz", List.of(), ""), KexecSyscall.DEFAULT);
        assertEquals("[-l]\n[/vmlinuz]\n[--append=]\n", recorded());
    }

    @Test
    void loadKeepsSpacesOfAppendExactly() throws IOException {
        kexec(Map.of()).load(new BootTarget("/boot/my kernel", List.of("/boot/my initrd"), " ro  quiet "), KexecSyscall.DEFAULT);
        assertEquals("[-l]\n[/boot/my kernel]\n[--initrd=/boot/my initrd]\n[--append= ro  quiet ]\n", recorded());
    }

    @Test
    void loadArgvStartsWithTheBinary() {
        assertEquals(List.of("/sbin/kexec", "-l", "/vmlinuz", "--initrd=/i", "--append=ro"),
                Kexec.loadArgv("/sbin/kexec", new BootTarget("/vmlinuz", List.of("/i"), "ro"), KexecSyscall.DEFAULT));
    }

    @Test
    void kexecFileLoadPutsDashSBeforeDashL() throws IOException {
        kexec(Map.of()).load(new BootTarget("/vmlinuz", List.of("/initrd.img"), "ro"), KexecSyscall.KEXEC_FILE_LOAD);
        assertEquals("[-s]\n[-l]\n[/vmlinuz]\n[--initrd=/initrd.img]\n[--append=ro]\n", recorded());
    }

    @Test
    void forcedKexecLoadIsDashC() {
        assertEquals(List.of("/sbin/kexec", "-c", "-l", "/vmlinuz", "--append=ro"),
                Kexec.loadArgv("/sbin/kexec", new BootTarget("/vmlinuz", List.of(), "ro"), KexecSyscall.KEXEC_LOAD));
    }

    @Test
    void unloadUsesTheSameSyscall() {
        assertEquals(List.of("/sbin/kexec", "-u"), Kexec.unloadArgv("/sbin/kexec", KexecSyscall.DEFAULT));
        assertEquals(List.of("/sbin/kexec", "-s", "-u"), Kexec.unloadArgv("/sbin/kexec", KexecSyscall.KEXEC_FILE_LOAD));
        assertEquals(List.of("/sbin/kexec", "-c", "-u"), Kexec.unloadArgv("/sbin/kexec", KexecSyscall.KEXEC_LOAD));
    }

    @Test
    void executeRunsDashE() throws IOException {
        Outcome outcome = kexec(Map.of()).execute();
        assertEquals(new Outcome.Exited(0), outcome);
        assertEquals("[-e]\n", recorded());
    }

    @Test
    void exitStatusOfKexecIsReturned() {
        assertEquals(new Outcome.Exited(1), kexec(Map.of("KEXEC_RC", "1")).load(
                new BootTarget("/vmlinuz", List.of(), "ro"), KexecSyscall.DEFAULT));
    }

    @Test
    void outputOfKexecGoesToTheGivenStreams() {
        kexec(Map.of()).execute();
        assertEquals("out\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("err\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingKexecIsNotStarted() {
        Outcome outcome = new Kexec(dir.resolve("absent").toString(), Map.of(), Duration.ofSeconds(5), out, err)
                .execute();
        assertInstanceOf(Outcome.NotStarted.class, outcome);
    }
}
