package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fixture for src/test/sh/fakeroot-run: files for the fake root and switches, then one run of a
 * command line there (the real shims, the built jar, a recording kexec) and what it did.
 */
final class FakeRoot {

    /** The default /etc/default/kexec, as shipped (etc-default/kexec). */
    static final String DEFAULTS = read(project().resolve("etc-default/kexec"));

    private final Path fixture;

    FakeRoot(Path directory) {
        this.fixture = directory.resolve("fixture");
        file("/vmlinuz", "kernel");
        file("/initrd.img", "initrd");
    }

    /** A fixture with the shipped defaults and a kernel and initrd at /vmlinuz and /initrd.img. */
    static FakeRoot standard(Path directory) {
        return new FakeRoot(directory).file("/etc/default/kexec", DEFAULTS);
    }

    /** The shipped defaults with VARIABLE=VALUE lines added at the end (later assignments win). */
    FakeRoot defaults(String... assignments) {
        return file("/etc/default/kexec", DEFAULTS + String.join("\n", assignments) + "\n");
    }

    /** A file of the project's test resources, placed in the fake root. */
    FakeRoot resource(String absolute, String resource) {
        try {
            return file(absolute, Files.readAllBytes(project().resolve("src/test/resources").resolve(resource)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A text file of the project's test resources. */
    static String resourceText(String resource) {
        return read(project().resolve("src/test/resources").resolve(resource));
    }

    /**
     * Arch's grub.cfg (arch-ucode-initrds), whose entries search the EFI system partition (1A2B-3C4D, a vfat serial)
     * as /boot: with {@link #ARCH_BOOT} instead, the UUID of an ext4 file system the fake root can mount (switch
     * grub-fs-uuid), as a kernel without vfat can.
     */
    static String archGrubCfg() {
        return resourceText("grub-corpus/arch-ucode-initrds/grub.cfg").replace("1A2B-3C4D", ARCH_BOOT);
    }

    static final String ARCH_BOOT = "1a2b3c4d-0000-4000-8000-000000000001";

    FakeRoot file(String absolute, String content) {
        return file(absolute, content.getBytes(StandardCharsets.UTF_8));
    }

    FakeRoot file(String absolute, byte[] content) {
        try {
            Path file = fixture.resolve("root").resolve(absolute.substring(1));
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return this;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    FakeRoot directory(String absolute) {
        try {
            Files.createDirectories(fixture.resolve("root").resolve(absolute.substring(1)));
            return this;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    FakeRoot symlink(String absolute, String target) {
        try {
            Path link = fixture.resolve("root").resolve(absolute.substring(1));
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of(target));
            return this;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    FakeRoot mode(String absolute, String permissions) {
        try {
            Files.setPosixFilePermissions(fixture.resolve("root").resolve(absolute.substring(1)),
                    PosixFilePermissions.fromString(permissions));
            return this;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A switch of fakeroot-run, e.g. "ro-root", or "kexec.rc" with a value. */
    FakeRoot with(String name, String... value) {
        try {
            Files.createDirectories(fixture);
            Files.writeString(fixture.resolve(name), value.length == 0 ? "" : value[0] + "\n");
            return this;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs one /bin/sh command line in the fake root. */
    Result run(String commandLine) {
        Path out = fixture.resolveSibling("out");
        List<String> argv = new ArrayList<>(List.of(project().resolve("src/test/sh/fakeroot-run").toString(),
                project().toString(), fixture.toString(), out.toString(), "/bin/sh", "-c", commandLine));
        try {
            Files.createDirectories(fixture);
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String harness = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("fakeroot-run did not finish");
            }
            assertEquals(0, process.exitValue(), "fakeroot-run failed: " + harness);
            Path initrd = out.resolve("loaded-initrd");
            return new Result(Integer.parseInt(read(out.resolve("rc")).trim()), read(out.resolve("stdout")),
                    read(out.resolve("stderr")), read(out.resolve("kexec.log")), read(out.resolve("after")),
                    Long.parseLong(read(out.resolve("milliseconds")).trim()),
                    Files.exists(initrd) ? read(initrd) : null,
                    Files.exists(out.resolve("systemctl.log")) ? read(out.resolve("systemctl.log")) : "",
                    Files.exists(out.resolve("journal.log")) ? read(out.resolve("journal.log")) : "",
                    Files.exists(out.resolve("kexec.parent")) ? read(out.resolve("kexec.parent")) : "");
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * What one run did: as the shared parity tools record it, and who started each kexec
     * (kexecParents: one command name a line, the init script's shell or java).
     */
    record Result(int rc, String stdout, String stderr, String kexecLog, String after, long milliseconds,
            String loadedInitrd, String systemctlLog, String journalLog, String kexecParents) {

        boolean loaded() {
            return after.contains("kexec_loaded 1");
        }

        boolean flagPresent() {
            return after.contains("tmp/no-kexec-reboot present");
        }

        /** The shutdown rule: one line on stderr, exit 0. */
        void assertOneLineOnStderrAndExit0(String containing) {
            assertEquals(0, rc, () -> "exit status; stderr: " + stderr);
            assertEquals(1, stderr.lines().count(), () -> "one line on stderr: " + stderr);
            assertTrue(stderr.contains(containing), () -> "stderr names the cause (" + containing + "): " + stderr);
        }
    }

    static Path project() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
