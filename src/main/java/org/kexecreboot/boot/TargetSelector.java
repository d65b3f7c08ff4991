package org.kexecreboot.boot;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.Privileges;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.grub.GrubChoice;
import org.kexecreboot.sdboot.SystemdBoot;

/**
 * Chooses what kexec-load loads: the kernel of /etc/default/kexec, or, with USE_GRUB_CONFIG=true,
 * the entry the boot loader would boot (GRUB, or systemd-boot: {@link BootLoaderInUse}); then the
 * command line; then checks that the files are there, because loading a kernel that is not there,
 * or one without root=, would end in a machine that does not come back. It only reads:
 * `kexec-reboot plan` runs it as it is.
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
        BootLoaderInUse loader = defaults.grubEnabled() ? loaderInUse(trace) : null;
        if (!defaults.grubEnabled()) {
            trace.note("USE_GRUB_CONFIG", quoted(defaults.useGrubConfig())
                    + ": the kernel named in /etc/default/kexec (KERNEL_IMAGE, INITRD)");
        } else if (loader.systemdBoot()) {
            String esp = loader.partitions().esp();
            if (esp == null) {
                return new Selection.ColdReboot("systemd-boot is the boot loader, but no ESP is mounted at /efi, /boot or"
                        + " /boot/efi: which entry it boots cannot be told, rebooting through the firmware and systemd-boot");
            }
            if (!Privileges.isRoot() && !Files.isReadable(paths.resolve(esp))) {
                return new Selection.CannotTell("the ESP at " + esp + " is not readable by this user");
            }
            SystemdBoot.Choice choice = new SystemdBoot(paths).choose(loader.partitions().readable(), trace);
            if (choice instanceof SystemdBoot.Choice.Firmware firmware) {
                return new Selection.ColdReboot(firmware.why());
            }
            SystemdBoot.Choice.Linux linux = (SystemdBoot.Choice.Linux) choice;
            kernel = linux.kernel();
            initrds = linux.initrds();
            append = linux.options();
            appendSource = SDBOOT_OPTIONS;
        } else {
            for (Path grubFile : new Path[] {paths.grubCfg(), paths.grubEnv()}) {
                if (Files.exists(grubFile) && !Files.isReadable(grubFile) && !Privileges.isRoot()) {
                    // GRUB's fallback would be a guess: root reads this file at the reboot.
                    return new Selection.CannotTell("/" + paths.root().relativize(grubFile) + " is not readable by this user");
                }
            }
            Optional<GrubChoice> grub = GrubDefault.read(paths, trace);
            MountedFileSystem mounted = null;
            if (grub.isPresent() && grub.get() instanceof GrubChoice.ElsewhereEntry elsewhere) {
                Optional<MountedFileSystem> found = MountedFileSystem.find(paths, elsewhere.searchedBy(), elsewhere.searchedFor());
                if (found.isEmpty() && !elsewhere.identified()) {
                    // Whether it is grub.cfg's cannot be told: this system's files of the same names may be another
                    // kernel than GRUB's, for the other disk's root=. Never taken for ours.
                    return new Selection.ColdReboot(unidentified(elsewhere));
                }
                if (found.isEmpty()) {
                    // (search --file names no file system: its words already say none of ours has the file)
                    String unmounted = elsewhere.searchedBy().equals("file") ? "" : ", and that file system is not mounted here";
                    return new Selection.ColdReboot("GRUB's default entry \"" + elsewhere.path() + "\" boots a kernel on"
                            + " another file system (search " + elsewhere.fileSystem() + "), not the one holding grub.cfg"
                            + unmounted + ": rebooting through the firmware and GRUB");
                }
                mounted = found.get();
                trace.note("file system", "search " + elsewhere.fileSystem() + (elsewhere.identified()
                        ? ": not the one holding grub.cfg" : ": the file system") + "; mounted at "
                        + mounted.mountPoint() + ", where GRUB's paths of this entry are read");
                grub = Optional.of(elsewhere.linux());
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
                String mountPoint = mounted != null ? mounted.mountPoint() : grubPaths.mountPoint();
                kernel = GrubPaths.under(mountPoint, linux.kernel());
                List<String> onSystem = new ArrayList<>();
                for (String initrd : linux.initrds()) {
                    onSystem.add(GrubPaths.under(mountPoint, initrd));
                }
                initrds = onSystem;
                if (mounted != null) {
                    Optional<String> crossing = notOn(mounted, kernel, initrds);
                    if (crossing.isPresent()) {
                        return new Selection.Fail("GRUB's entry \"" + linux.path() + "\" reads " + crossing.get()
                                + " from the file system mounted at " + mounted.mountPoint() + ", but here that path is on"
                                + " another file system (a mount inside it, or a link out of it): not loading it");
                    }
                }
                append = String.join(" ", linux.kernelArgs());
                appendSource = "the linux line of GRUB's entry";
                if (!linux.grubenvWrites().isEmpty()) {
                    afterLoad = new GrubEnvUpdate(paths.grubEnv(), linux.grubenvWrites());
                }
                if (mounted == null && grubPaths.bootIsMountPoint()) {
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
        // Java holds these as text: bytes that are not UTF-8 came back as U+FFFD, and passing them on
        // would change a path or the command line without a word. Refused, naming the value.
        String entry = appendSource.startsWith("the linux line") ? "GRUB's entry"
                : appendSource.equals(SDBOOT_OPTIONS) ? "systemd-boot's entry" : null;
        Optional<String> problem = notText(entry != null ? "the kernel path of " + entry : "KERNEL_IMAGE", kernel);
        for (int i = 0; i < initrds.size() && problem.isEmpty(); i++) {
            problem = notText(entry != null ? "an initrd path of " + entry : "INITRD", initrds.get(i));
        }
        if (problem.isEmpty()) {
            problem = notText(appendSource.startsWith("APPEND") ? "APPEND"
                    : entry != null ? "the command line of " + entry : "/proc/cmdline", append);
        }
        if (problem.isPresent()) {
            return new Selection.Fail(problem.get());
        }
        // Plain loops, no lambdas, on this path: each lambda costs a bootstrap at every reboot.
        Selection unusable = unusable("kernel", kernel);
        for (int i = 0; i < initrds.size() && unusable == null; i++) {
            unusable = unusable("initrd", initrds.get(i));
        }
        if (unusable != null) {
            return unusable;
        }
        trace.note("files", "kernel " + kernel + (initrds.isEmpty() ? ", no initrd" : ", initrd " + String.join(" + ", initrds))
                + ": regular files" + (initrds.size() > 1 ? " (joined into " + InitrdBundle.JOINED + " at load time)" : ""));
        if (!afterLoad.isEmpty()) {
            trace.note("grubenv", "after a successful load: " + afterLoad.describe()
                    + " (what GRUB's save_env writes when it boots this entry)");
        }
        return new Selection.Load(new BootTarget(kernel, initrds, append), afterLoad);
    }

    /** Where the command line comes from when systemd-boot's entry is loaded. */
    private static final String SDBOOT_OPTIONS = "the options of systemd-boot's entry";

    /** Which boot loader's default USE_GRUB_CONFIG=true follows, noted. */
    private BootLoaderInUse loaderInUse(Trace trace) {
        BootLoaderInUse loader = BootLoaderInUse.detect(paths);
        trace.note("boot loader", loader.detail());
        return loader;
    }

    /**
     * The one line for an entry whose file system this system cannot identify: which entry, which UUID, label or
     * device, and that the reboot goes through the firmware.
     */
    static String unidentified(GrubChoice.ElsewhereEntry entry) {
        String named = switch (entry.searchedBy()) {
            case "fs-uuid" -> "the file system with UUID " + entry.searchedFor() + " (search --fs-uuid)";
            case "label" -> "the file system labelled \"" + entry.searchedFor() + "\" (search --label)";
            case "file" -> "the file system search --file " + entry.searchedFor() + " finds";
            default -> entry.searchedFor().isEmpty() ? "a device GRUB's $root does not name"
                    : "GRUB's device " + entry.searchedFor();
        };
        return "GRUB's default entry \"" + entry.path() + "\" reads its kernel from " + named + ", which this system"
                + " cannot identify as the one holding grub.cfg or as one it has mounted: rebooting through the"
                + " firmware and GRUB";
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

    /** The first of the files (system paths) that is not on the mounted file system's device, if any. */
    private Optional<String> notOn(MountedFileSystem mounted, String kernel, List<String> initrds) {
        List<String> files = new ArrayList<>();
        files.add(kernel);
        files.addAll(initrds);
        for (String file : files) {
            // A file that is not there at all is left to the file check below, which says so.
            if (file.startsWith("/") && Files.exists(paths.resolve(file)) && !mounted.holds(paths.resolve(file))) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private static String quoted(String value) {
        return "\"" + value + "\"";
    }

    /** `cat /proc/cmdline` in backquotes: the trailing newline goes, a trailing space stays. */
    private String runningCommandLine() throws IOException {
        // Bounded in time and size: a /proc/cmdline that blocks (or is not /proc's) must not hold the reboot.
        byte[] bytes = BoundedRead.anyFile(paths.procCmdline(), MAX_CMDLINE, BoundedRead.LIMIT);
        return SystemFiles.withoutTrailingNewlines(StandardCharsets.UTF_8.newDecoder()
                .decode(java.nio.ByteBuffer.wrap(bytes)).toString());
    }

    /** The kernel's COMMAND_LINE_SIZE is at most a few KiB on every architecture. */
    static final int MAX_CMDLINE = 64 * 1024;

    /** A value with bytes that were not UTF-8 (read as U+FFFD), named; empty when it is text. */
    static Optional<String> notText(String name, String value) {
        if (value.indexOf('\uFFFD') < 0) {
            return Optional.empty();
        }
        return Optional.of(name + " holds bytes that are not UTF-8 text, which kexec-reboot cannot pass on"
                + " unchanged; write it as UTF-8");
    }

    /**
     * A kernel or initrd must be a regular file (links followed) that we can read, as kexec needs it;
     * null when it is. A user other than root who cannot look at it cannot tell what root would find.
     */
    private Selection unusable(String what, String path) {
        if (path.isEmpty()) {
            return new Selection.Fail("no " + what + " is configured");
        }
        if (!path.startsWith("/")) {
            return new Selection.Fail(what + " \"" + path + "\" is not an absolute path");
        }
        Path file = paths.resolve(path);
        String kind;
        try {
            kind = BoundedRead.kind(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return new Selection.Fail(what + " " + path + " does not exist");
        } catch (IOException e) {
            if (!Privileges.isRoot()) {
                return new Selection.CannotTell(what + " " + path + ": " + SystemFiles.reason(e));
            }
            return new Selection.Fail(what + " " + path + " cannot be looked at: " + SystemFiles.reason(e));
        }
        if (!kind.equals("a regular file")) {
            return new Selection.Fail(what + " " + path + " is not a regular file (" + kind + ")");
        }
        if (!Files.isReadable(file)) {
            if (!Privileges.isRoot()) {
                return new Selection.CannotTell(what + " " + path + " is not readable by this user");
            }
            return new Selection.Fail(what + " " + path + " is not readable");
        }
        return null;
    }
}
