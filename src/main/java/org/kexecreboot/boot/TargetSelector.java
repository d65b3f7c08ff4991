package org.kexecreboot.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.console.Diagnostics;
import org.kexecreboot.grub.GrubChoice;
import org.kexecreboot.grub.GrubConfigException;

/**
 * Chooses what kexec-load loads: the kernel of /etc/default/kexec, or, with USE_GRUB_CONFIG=true,
 * the entry GRUB would boot; then the command line; then checks that the files are there, because
 * loading a kernel that is not there, or one without root=, would end in a machine that does not
 * come back.
 */
public final class TargetSelector {

    private final SystemPaths paths;
    private final Diagnostics diagnostics;

    public TargetSelector(SystemPaths paths, Diagnostics diagnostics) {
        this.paths = paths;
        this.diagnostics = diagnostics;
    }

    public Selection select(KexecDefaults defaults) {
        String kernel = defaults.kernelImage();
        List<String> initrds = defaults.initrd().isEmpty() ? List.of() : List.of(defaults.initrd());
        String append = defaults.append();
        if (defaults.grubEnabled()) {
            Optional<GrubChoice> grub = GrubDefault.read(paths, diagnostics);
            if (grub.isPresent() && grub.get() instanceof GrubChoice.OtherEntry other) {
                return new Selection.ColdReboot("GRUB's default entry \"" + other.path() + "\" is not a Linux kernel ("
                        + other.what() + "): rebooting through the firmware");
            }
            if (grub.isPresent() && grub.get() instanceof GrubChoice.LinuxEntry linux) {
                GrubPaths grubPaths = GrubPaths.of(paths);
                kernel = grubPaths.onSystem(linux.kernel());
                initrds = linux.initrds().stream().map(grubPaths::onSystem).toList();
                append = String.join(" ", linux.kernelArgs());
            }
        }
        if (append.isEmpty()) {
            // The original would load with an empty command line here: no root=, a kernel panic.
            try {
                append = runningCommandLine();
            } catch (IOException e) {
                return new Selection.Fail("cannot read /proc/cmdline (" + SystemFiles.reason(e)
                        + ") and APPEND is empty: the new kernel would get no root=");
            }
            if (append.isEmpty()) {
                return new Selection.Fail("/proc/cmdline is empty and so is APPEND: the new kernel would get no root=");
            }
        }
        Optional<String> problem = missing("kernel", kernel);
        for (String initrd : initrds) {
            problem = problem.or(() -> missing("initrd", initrd));
        }
        if (problem.isPresent()) {
            return new Selection.Fail(problem.get());
        }
        if (initrds.size() <= 1) {
            return new Selection.Load(new BootTarget(kernel, initrds.stream().findFirst(), append), Optional.empty());
        }
        return joined(kernel, initrds, append);
    }

    /** `cat /proc/cmdline` in backquotes: the trailing newline goes, a trailing space stays. */
    private String runningCommandLine() throws IOException {
        return SystemFiles.withoutTrailingNewlines(Files.readString(paths.procCmdline(), StandardCharsets.UTF_8));
    }

    /** A kernel or initrd must be a regular file (links followed), as kexec needs it. */
    private Optional<String> missing(String what, String path) {
        if (path.isEmpty()) {
            return Optional.of("no " + what + " is configured");
        }
        if (!path.startsWith("/")) {
            return Optional.of(what + " \"" + path + "\" is not an absolute path");
        }
        Path file = paths.resolve(path);
        if (!Files.exists(file)) {
            return Optional.of(what + " " + path + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of(what + " " + path + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            return Optional.of(what + " " + path + " is not readable");
        }
        return Optional.empty();
    }

    /**
     * kexec takes one --initrd, GRUB can pass several (CPU microcode, then the initramfs). The kernel
     * unpacks concatenated cpio archives, so one file made of all of them, in order, is what GRUB
     * would have handed over. It goes to /run: a tmpfs, still writable after umountroot.
     */
    private Selection joined(String kernel, List<String> initrds, String append) {
        Path directory = paths.run().resolve("kexec-reboot");
        Path bundle = directory.resolve("initrd.img");
        try {
            Files.createDirectories(directory);
            try (var out = Files.newOutputStream(bundle)) {
                for (String initrd : initrds) {
                    Files.copy(paths.resolve(initrd), out);
                }
            }
        } catch (IOException e) {
            return new Selection.Fail("cannot join the initrds " + String.join(" ", initrds) + " into " + bundle
                    + ": " + SystemFiles.reason(e));
        }
        String onSystem = "/" + paths.root().relativize(bundle).toString();
        return new Selection.Load(new BootTarget(kernel, Optional.of(onSystem), append), Optional.of(bundle));
    }
}
