package org.kexecreboot.grub;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects what the loader commands of a chosen entry body would load; the last loader command wins, as in GRUB. */
final class BootRecorder {
    static final Set<String> LINUX = Set.of("linux", "linux16", "linuxefi");
    static final Set<String> INITRD = Set.of("initrd", "initrd16", "initrdefi");
    /** Commands that boot something other than a Linux kernel, or leave GRUB's menu altogether. */
    static final Set<String> OTHER = Set.of("chainloader", "fwsetup", "ntldr", "multiboot", "multiboot2", "kfreebsd",
            "knetbsd", "kopenbsd", "appleloader", "xnu_kernel", "xnu_kernel64", "freedos", "plan9", "truecrypt",
            "reboot", "halt", "exit", "bsd", "legacy_configfile");

    private String kernel;
    private List<String> kernelArgs = List.of();
    private List<String> initrds = List.of();
    private String other;
    /** The kernel's file system when it is not known to be grub.cfg's, else null. */
    private String elsewhere;
    /** That file system is known to be another one (else it could not be told which it is). */
    private boolean identified;

    void linux(String command, List<String> args, String rootElsewhere, boolean rootIdentified) {
        elsewhere = rootElsewhere;
        identified = rootIdentified;
        if (args.isEmpty()) {
            // GRUB fails with "filename expected" and nothing bootable is left loaded.
            kernel = null;
            other = command + " without a kernel path";
            return;
        }
        kernel = args.get(0);
        kernelArgs = List.copyOf(args.subList(1, args.size()));
        // Loading a kernel unloads the previous one together with its initrd.
        initrds = List.of();
        other = null;
    }

    void initrd(List<String> args) {
        // Without a kernel GRUB refuses ("you need to load the kernel first"); with no file it fails before unloading.
        if (kernel != null && !args.isEmpty()) {
            initrds = List.copyOf(args);
        }
    }

    void other(String command, List<String> args) {
        kernel = null;
        elsewhere = null;
        other = args.isEmpty() ? command : command + " " + String.join(" ", args);
    }

    GrubChoice toChoice(String path, String reason, Map<String, String> grubenvWrites, OwnKernelsDevice own) {
        if (kernel != null) {
            GrubChoice.LinuxEntry linux = new GrubChoice.LinuxEntry(path, reason, kernel, kernelArgs, initrds, grubenvWrites);
            String disk = otherDisk(kernel, initrds, own);
            if (disk != null) {
                return new GrubChoice.ElsewhereEntry(linux, "device " + disk, false);
            }
            return elsewhere != null && !kernel.startsWith("(") ? new GrubChoice.ElsewhereEntry(linux, elsewhere, identified) : linux;
        }
        return new GrubChoice.OtherEntry(path, reason, other != null ? other : "no linux command");
    }

    /**
     * The first disk that a file's device prefix names other than grub.cfg's ("hd1,gpt2" of "(hd1,gpt2)/vmlinuz") and
     * other than the device 10_linux's set root names for this system's kernels, or null. GRUB's disk names follow the firmware's disk order, which the running system cannot know; devices that
     * are not disks ((loop), (memdisk) …) are the caller's to refuse.
     */
    static String otherDisk(String kernel, List<String> initrds, OwnKernelsDevice own) {
        List<String> files = new java.util.ArrayList<>(initrds);
        files.add(0, kernel);
        for (String file : files) {
            int close = file.indexOf(')');
            if (file.startsWith("(") && close > 0) {
                String device = file.substring(1, close);
                if (device.matches("(hd|fd)[0-9]+(,[a-z]*[0-9]+)*") && !device.equals(GrubDefaultEntry.CONFIG_DEVICE)
                        && !own.isDevice(device)) {
                    return device;
                }
            }
        }
        return null;
    }
}
