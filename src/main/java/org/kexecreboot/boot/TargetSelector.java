package org.kexecreboot.boot;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.grub.GrubChoice;

/**
 * Chooses what kexec-load loads: the kernel of /etc/default/kexec, or, with USE_GRUB_CONFIG=true,
 * the entry GRUB would boot; then the command line; then checks that the files are there, because
 * loading a kernel that is not there, or one without root=, would end in a machine that does not
 * come back. It only reads: `kexec-reboot plan` runs it as it is.
 */
public final class TargetSelector {

    private final SystemPaths paths;

    public TargetSelector(SystemPaths paths) {
        this.paths = paths;
    }

    public Selection select(KexecDefaults defaults, Trace trace) {
        String kernel = defaults.kernelImage();
        List<String> initrds = defaults.initrd().isEmpty() ? List.of() : List.of(defaults.initrd());
        String append = defaults.append();
        String appendSource = "APPEND in /etc/default/kexec";
        GrubEnvUpdate afterLoad = GrubEnvUpdate.NONE;
        if (!defaults.grubEnabled()) {
            trace.note("USE_GRUB_CONFIG", quoted(defaults.useGrubConfig())
                    + ": the kernel named in /etc/default/kexec (KERNEL_IMAGE, INITRD)");
        } else {
            Optional<GrubChoice> grub = GrubDefault.read(paths, trace);
            if (grub.isPresent() && grub.get() instanceof GrubChoice.ElsewhereEntry elsewhere) {
                return new Selection.ColdReboot("GRUB's default entry \"" + elsewhere.path() + "\" boots a kernel on another"
                        + " file system (search " + elsewhere.fileSystem() + "), not the one holding grub.cfg:"
                        + " rebooting through the firmware and GRUB");
            }
            if (grub.isPresent() && grub.get() instanceof GrubChoice.OtherEntry other) {
                return new Selection.ColdReboot("GRUB's default entry \"" + other.path() + "\" is not a Linux kernel ("
                        + other.what() + "): rebooting through the firmware and GRUB");
            }
            if (grub.isPresent() && grub.get() instanceof GrubChoice.LinuxEntry linux) {
                Optional<String> elsewhere = onAnotherDevice(linux);
                if (elsewhere.isPresent()) {
                    return new Selection.Fail(elsewhere.get());
                }
                GrubPaths grubPaths = GrubPaths.of(paths);
                kernel = grubPaths.onSystem(linux.kernel());
                List<String> onSystem = new ArrayList<>();
                for (String initrd : linux.initrds()) {
                    onSystem.add(grubPaths.onSystem(initrd));
                }
                initrds = onSystem;
                append = String.join(" ", linux.kernelArgs());
                appendSource = "the linux line of GRUB's entry";
                if (!linux.grubenvWrites().isEmpty()) {
                    afterLoad = new GrubEnvUpdate(paths.grubEnv(), linux.grubenvWrites());
                }
                if (grubPaths.bootIsMountPoint()) {
                    trace.note("/boot", "a file system of its own: GRUB's paths are read under /boot");
                }
            }
        }
        if (append.isEmpty()) {
            // The original would load with an empty command line here: no root=, a kernel panic.
            try {
                append = runningCommandLine();
            } catch (CharacterCodingException e) {
                return new Selection.Fail("/proc/cmdline is not UTF-8 text and APPEND is empty: set APPEND");
            } catch (IOException e) {
                return new Selection.Fail("cannot read /proc/cmdline (" + SystemFiles.reason(e)
                        + ") and APPEND is empty: the new kernel would get no root=");
            }
            if (append.isEmpty()) {
                return new Selection.Fail("/proc/cmdline is empty and so is APPEND: the new kernel would get no root=");
            }
            appendSource = "/proc/cmdline (the running kernel's), as " + appendSource + " is empty";
        }
        trace.note("command line", "from " + appendSource);
        // Plain loops, no lambdas, on this path: each lambda costs a bootstrap at every reboot.
        Optional<String> problem = missing("kernel", kernel);
        for (int i = 0; i < initrds.size() && problem.isEmpty(); i++) {
            problem = missing("initrd", initrds.get(i));
        }
        if (problem.isPresent()) {
            return new Selection.Fail(problem.get());
        }
        trace.note("files", "kernel " + kernel + (initrds.isEmpty() ? ", no initrd" : ", initrd " + String.join(" + ", initrds))
                + ": regular files" + (initrds.size() > 1 ? " (joined into " + InitrdBundle.JOINED + " at load time)" : ""));
        if (!afterLoad.isEmpty()) {
            trace.note("grubenv", "after a successful load: " + afterLoad.describe()
                    + " (what GRUB's save_env writes when it boots this entry)");
        }
        return new Selection.Load(new BootTarget(kernel, initrds, append), afterLoad);
    }

    /**
     * GRUB's entry reads a file from a device that is not a disk ((loop) of an ISO, (memdisk), (tftp) …): a file
     * this system cannot see, whatever has the same name here.
     */
    private static Optional<String> onAnotherDevice(GrubChoice.LinuxEntry linux) {
        List<String> files = new ArrayList<>();
        files.add(linux.kernel());
        files.addAll(linux.initrds());
        for (String file : files) {
            String device = GrubPaths.foreignDevice(file);
            if (device != null) {
                return Optional.of("GRUB's entry \"" + linux.path() + "\" reads " + file + " from GRUB's device (" + device
                        + "), not from a file system of this system: not loading it");
            }
        }
        return Optional.empty();
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
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
}
