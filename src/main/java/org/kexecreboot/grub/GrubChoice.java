package org.kexecreboot.grub;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What GRUB would boot by default. */
public sealed interface GrubChoice permits GrubChoice.LinuxEntry, GrubChoice.OtherEntry, GrubChoice.ElsewhereEntry {

    /**
     * Titles from the top menu down to the entry, joined by '>', e.g.
     * "Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 6.1.0-9-amd64".
     */
    String path();

    /**
     * One line in plain words saying how the default was resolved, e.g.
     * {@code default="gnulinux-advanced-…>gnulinux-6.1.0-9-…" (from saved_entry in grubenv): submenu id, then entry id}
     * or {@code default is empty: entry 0}.
     */
    String reason();

    /**
     * An entry with a linux/linux16/linuxefi command. kernel = the expanded path word as written (a device prefix
     * like "(hd0,gpt2)" is left in place, the caller maps paths); kernelArgs = the expanded words after the kernel
     * path (never null, may be empty); initrds = every file from the last initrd/initrd16/initrdefi command of the
     * entry, in order (empty when none); grubenvWrites = what GRUB's save_env commands, run on the way to this entry,
     * write into grubenv when GRUB boots it (name to value; a null value deletes the name), in order: e.g.
     * next_entry="" from grub-mkconfig's header after grub-reboot, saved_entry from savedefault.
     */
    record LinuxEntry(String path, String reason, String kernel, List<String> kernelArgs, List<String> initrds,
                      Map<String, String> grubenvWrites) implements GrubChoice {
        public LinuxEntry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(kernel, "kernel");
            kernelArgs = List.copyOf(kernelArgs);
            initrds = List.copyOf(initrds);
            grubenvWrites = Collections.unmodifiableMap(new LinkedHashMap<>(grubenvWrites));
        }

        public LinuxEntry(String path, String reason, String kernel, List<String> kernelArgs, List<String> initrds) {
            this(path, reason, kernel, kernelArgs, initrds, Map.of());
        }
    }

    /**
     * The default entry boots something that is not Linux (chainloader, fwsetup, ...) or has no linux command.
     * what = short words like "chainloader +1", "fwsetup" or "no linux command".
     */
    record OtherEntry(String path, String reason, String what) implements GrubChoice {
        public OtherEntry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(what, "what");
        }
    }

    /**
     * A Linux entry whose kernel GRUB reads from another file system than the one holding grub.cfg: $root was set by
     * {@code search} to a file system that is not this one (os-prober's entry for a second Linux). Its files are not
     * this system's files of the same names; they are that file system's, which the caller may find mounted.
     * fileSystem = what search asked for: "fs-uuid 1234-…" or "label NAME" (or "file PATH"), or "device NAME" for
     * $root set to GRUB's name of a device ("device hd1,gpt2").
     *
     * <p>identified = false: this system could not tell whether that file system is grub.cfg's (no udev link, no
     * superblock it can read, GRUB's disk names): its files of the same names may or may not be the ones GRUB reads.
     */
    record ElsewhereEntry(LinuxEntry linux, String fileSystem, boolean identified) implements GrubChoice {
        public ElsewhereEntry {
            Objects.requireNonNull(linux, "linux");
            Objects.requireNonNull(fileSystem, "fileSystem");
        }

        /** A file system known not to be grub.cfg's. */
        public ElsewhereEntry(LinuxEntry linux, String fileSystem) {
            this(linux, fileSystem, true);
        }

        @Override
        public String path() {
            return linux.path();
        }

        @Override
        public String reason() {
            return linux.reason();
        }

        /** How search named the file system: "fs-uuid", "label" (or "file"), or "device". */
        public String searchedBy() {
            int space = fileSystem.indexOf(' ');
            return space < 0 ? fileSystem : fileSystem.substring(0, space);
        }

        /** The UUID, label (or file) search asked for. */
        public String searchedFor() {
            int space = fileSystem.indexOf(' ');
            return space < 0 ? "" : fileSystem.substring(space + 1);
        }
    }
}
