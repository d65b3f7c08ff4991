package org.kexecreboot.initd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.kexecreboot.SystemPaths;
import org.kexecreboot.efi.EfiVariables;

/**
 * A temporary root for one init-script run: a fake /sbin/kexec that records every argv (one
 * [ARG] per line, a blank line after each call) to ROOT/kexec.log, exits with the status in
 * ROOT/kexec.rc (default 0), and on a successful -l writes 1 to /sys/kernel/kexec_loaded (0 on -u).
 */
final class FakeSystem {

    static final String CMDLINE = "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet";
    static final String STANDARD_DEFAULTS = "LOAD_KEXEC=true\nKERNEL_IMAGE=\"/vmlinuz\"\nINITRD=\"/initrd.img\"\n"
            + "APPEND=\"\"\nUSE_GRUB_CONFIG=false\n";

    final Path root;
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderrBytes = new ByteArrayOutputStream();
    final PrintStream stderr = new PrintStream(stderrBytes, true, StandardCharsets.UTF_8);
    final Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/bin:/bin"));
    boolean stdoutIsTerminal;

    FakeSystem(Path root) throws IOException {
        this.root = root;
        write("/sbin/kexec", "#!/bin/sh\n"
                + "R='" + root + "'\n"
                + "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done >> \"$R/kexec.log\"\n"
                + "echo >> \"$R/kexec.log\"\n"
                + "rc=0; test -f \"$R/kexec.rc\" && rc=$(cat \"$R/kexec.rc\")\n"
                + "if [ \"$1\" = -l ] && [ \"$rc\" = 0 ]; then printf 1 > \"$R/sys/kernel/kexec_loaded\"; fi\n"
                + "if [ \"$1\" = -u ] && [ \"$rc\" = 0 ]; then printf 0 > \"$R/sys/kernel/kexec_loaded\"; fi\n"
                + "exit $rc\n");
        Files.setPosixFilePermissions(path("/sbin/kexec"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write("/sys/kernel/kexec_loaded", "0\n");
        write("/proc/cmdline", CMDLINE + "\n");
        write("/vmlinuz", "kernel");
        write("/initrd.img", "initrd");
        Files.createDirectories(path("/tmp"));
    }

    Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    String read(String absolute) throws IOException {
        return Files.readString(path(absolute), StandardCharsets.UTF_8);
    }

    Path write(String absolute, String content) throws IOException {
        Path p = path(absolute);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    /** A UEFI variable in efivarfs, as the kernel presents it: 4 attribute bytes, then the data. */
    FakeSystem efiVariable(String name, String guid, byte[] data) throws IOException {
        Path p = path("/sys/firmware/efi/efivars/" + name + "-" + guid);
        Files.createDirectories(p.getParent());
        Files.write(p, EfiVariables.encode(EfiVariables.NV_BS_RT, data));
        return this;
    }

    /** efivarfs mounted, with no variable of interest in it. */
    FakeSystem efivarfs() throws IOException {
        Files.createDirectories(path("/sys/firmware/efi/efivars"));
        return this;
    }

    /** UTF-16LE with its NUL, as systemd-boot and the firmware write strings. */
    static byte[] utf16z(String text) {
        byte[] chars = text.getBytes(StandardCharsets.UTF_16LE);
        return java.util.Arrays.copyOf(chars, chars.length + 2);
    }

    /** A Boot#### load option: attributes (active), device path length 4, the description, an end-of-path node. */
    static byte[] loadOption(String description) {
        byte[] text = utf16z(description);
        java.nio.ByteBuffer option = java.nio.ByteBuffer.allocate(6 + text.length + 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        option.putInt(1).putShort((short) 4).put(text).put(new byte[] {0x7f, (byte) 0xff, 4, 0});
        return option.array();
    }

    FakeSystem defaults(String content) throws IOException {
        write("/etc/default/kexec", content);
        return this;
    }

    Context context(String invokedAs) {
        return new Context(new SystemPaths(root), invokedAs, stdout, stderr, environment, stdoutIsTerminal);
    }

    String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return stderrBytes.toString(StandardCharsets.UTF_8);
    }

    /** Every kexec call so far, or "" when it never ran. */
    String kexecLog() throws IOException {
        Path log = root.resolve("kexec.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    String kexecLoaded() throws IOException {
        return Files.readString(path("/sys/kernel/kexec_loaded"));
    }
}
