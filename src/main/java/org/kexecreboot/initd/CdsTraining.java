package org.kexecreboot.initd;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import org.kexecreboot.SystemPaths;

/**
 * Build time only: the training run for the class-data sharing archive (target/kexec-reboot.jsa).
 * {@code mvn package} runs it with {@code -XX:ArchiveClassesAtExit}; the classes it loads are then
 * mapped, already parsed and verified, at every start of the shims.
 *
 * <p>It walks the paths of a reboot (K18 loading a kernel, K18 with LOAD_KEXEC=false, S85 jumping
 * into a loaded kernel, K18 when the firmware has work) against a throw-away root made under the directory given as argument (the
 * build's target/, never /tmp), with a fake sbin/kexec that only exits 0, and with all output thrown
 * away. The real /sbin/kexec, /sys, /tmp and /etc are never touched. The root is removed afterwards.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    /** @param args the directory in which to make the throw-away root */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CdsTraining DIRECTORY-FOR-A-THROW-AWAY-ROOT");
            System.exit(2);
        }
        Path root = Files.createTempDirectory(Path.of(args[0]).toAbsolutePath(), "cds-training-root");
        try {
            train(root);
        } finally {
            deleteTree(root);
        }
        System.exit(0);
    }

    private static void train(Path root) throws IOException {
        SystemPaths paths = new SystemPaths(root);
        // The journal lines as the shims ask for them (EventLog): written into the throw-away root's /run.
        System.setProperty("kexec.events", "1");
        write(paths.resolve("/vmlinuz"), "not a kernel\n");
        write(paths.resolve("/initrd.img"), "not an initrd\n");
        write(paths.procCmdline(), "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet\n");
        Files.createDirectories(paths.resolve("/tmp"));
        Path kexec = paths.kexecBinary();
        write(kexec, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(kexec, PosixFilePermissions.fromString("rwxr-xr-x"));

        // K18 on the load path: defaults read through /bin/sh, checks, /proc/cmdline, kexec -l.
        writeDefaults(paths, "true");
        write(paths.kexecLoaded(), "0\n");
        new KexecLoad(context(paths, "/etc/init.d/kexec-load")).run(new String[] {"stop"});
        // K18 following GRUB's default entry (USE_GRUB_CONFIG=true): the GRUB reader's classes.
        write(paths.grubCfg(), "set default=\"0\"\nif [ x\"${feature_menuentry_id}\" = xy ]; then\n"
                + "  menuentry_id_option=\"--id\"\nfi\nmenuentry 'Linux' $menuentry_id_option 'linux' {\n"
                + "\tlinux\t/vmlinuz root=/dev/sda1 ro quiet\n\tinitrd\t/initrd.img\n}\n");
        write(paths.defaultsFile(), "LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=/initrd.img\nUSE_GRUB_CONFIG=true\n");
        write(paths.kexecLoaded(), "0\n");
        new KexecLoad(context(paths, "/etc/init.d/kexec-load")).run(new String[] {"stop"});
        // K18 with loading switched off: the common early exit.
        writeDefaults(paths, "false");
        new KexecLoad(context(paths, "/etc/init.d/kexec-load")).run(new String[] {"stop"});
        // S85 with nothing loaded (the early exit), then with a kernel loaded: kexec -e.
        write(paths.kexecLoaded(), "0\n");
        new KexecExec(context(paths, "/etc/init.d/kexec")).run(new String[] {"stop"});
        write(paths.kexecLoaded(), "1\n");
        new KexecExec(context(paths, "/etc/init.d/kexec")).run(new String[] {"stop"});
        // K18 on a UEFI machine whose firmware has work (BootNext), a kernel loaded: the rules, kexec -u.
        writeDefaults(paths, "true");
        write(paths.kexecLoaded(), "1\n");
        Files.createDirectories(paths.efiVariables());
        Files.write(paths.efiVariables().resolve("BootNext-" + org.kexecreboot.efi.EfiVariables.GLOBAL),
                org.kexecreboot.efi.EfiVariables.encode(org.kexecreboot.efi.EfiVariables.NV_BS_RT, new byte[] {3, 0}));
        new KexecLoad(context(paths, "/etc/init.d/kexec-load")).run(new String[] {"stop"});
        // The shim's channel: at reboot the values come on stdin, not from a shell this JVM starts.
        try {
            org.kexecreboot.config.DefaultsFile.fromShim(new java.io.ByteArrayInputStream(
                    "\0kexec-reboot-defaults\0true\0/vmlinuz\0/initrd.img\0\0false\0\0\0\0\0S0\n"
                            .getBytes(StandardCharsets.ISO_8859_1)), paths);
        } catch (org.kexecreboot.config.DefaultsFile.Unreadable e) {
            throw new IOException(e.getMessage());
        }
        // kexec run by the shim (ShimRunner), as K18 and S85 have it at reboot.
        org.kexecreboot.exec.ShimRunner.rehearse();
        // The argument checks.
        new KexecLoad(context(paths, "/etc/init.d/kexec-load")).run(new String[] {"start"});
        new KexecExec(context(paths, "/etc/init.d/kexec")).run(new String[] {"bogus"});
    }

    private static Context context(SystemPaths paths, String invokedAs) {
        OutputStream nowhere = OutputStream.nullOutputStream();
        return new Context(paths, invokedAs, nowhere, new PrintStream(nowhere, true, StandardCharsets.UTF_8),
                System.getenv(), false);
    }

    private static void writeDefaults(SystemPaths paths, String loadKexec) throws IOException {
        write(paths.defaultsFile(), "LOAD_KEXEC=" + loadKexec + "\nKERNEL_IMAGE=\"/vmlinuz\"\nINITRD=\"/initrd.img\"\n"
                + "APPEND=\"\"\nUSE_GRUB_CONFIG=false\n");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
