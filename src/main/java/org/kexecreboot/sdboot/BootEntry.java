package org.kexecreboot.sdboot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One Boot Loader Specification Type #1 entry ({@code loader/entries/*.conf} on the ESP or XBOOTLDR), as
 * systemd-boot reads it: the last {@code title}, {@code version}, {@code sort-key} and {@code machine-id},
 * every {@code initrd} in order, every {@code options} joined with a space, one of {@code linux},
 * {@code efi} or {@code uki} (two of them make the entry bad: systemd-boot drops it).
 *
 * @param fileName   its file name in loader/entries
 * @param id         what patterns match: the file name in lower case, without a boot counter
 * @param partition  where this system has mounted the partition holding it ("/efi", "/boot")
 * @param type       what it starts
 * @param loader     the linux, efi or uki path as written, relative to that partition's root
 * @param triesLeft  the boot counter's tries left ({@code +LEFT-DONE} in the file name), -1 without one
 * @param triesDone  tries done, -1 without a counter
 */
record BootEntry(String fileName, String id, String partition, Type type, String title, String sortKey,
        String version, String machineId, String loader, List<String> initrds, String options, String devicetree,
        int triesLeft, int triesDone) {

    /** What an entry starts. */
    enum Type {
        /** {@code linux}: a kernel with initrds and options, what kexec loads. */
        LINUX,
        /** {@code efi}: another EFI program. */
        EFI,
        /** {@code uki}: a unified kernel image named by a Type #1 entry (systemd 257). */
        UKI
    }

    BootEntry {
        initrds = List.copyOf(initrds);
    }

    /**
     * The entry in a file's text; null for one systemd-boot drops: no linux/efi/uki, two kinds of them, or an
     * {@code architecture} that is not this machine's.
     */
    static BootEntry parse(String fileName, String partition, String text, String architecture) {
        Type type = null;
        boolean bad = false;
        String title = null;
        String sortKey = null;
        String version = null;
        String machineId = null;
        String loader = null;
        String devicetree = null;
        String options = null;
        List<String> initrds = new ArrayList<>();
        for (KeyValueLines.Line line : KeyValueLines.parse(text)) {
            String value = line.value();
            switch (line.key()) {
                case "title" -> title = value;
                case "sort-key" -> sortKey = value;
                case "version" -> version = value;
                case "machine-id" -> machineId = value;
                case "linux", "efi", "uki" -> {
                    Type kind = Type.valueOf(line.key().toUpperCase(Locale.ROOT));
                    bad |= type != null && type != kind;
                    type = kind;
                    loader = value;
                }
                case "architecture" -> bad |= !value.equalsIgnoreCase(architecture);
                case "devicetree" -> devicetree = value;
                case "initrd" -> initrds.add(value);
                case "options" -> options = options == null ? value : options + " " + value;
                default -> {
                    // devicetree-overlay, profile, uki-url and keys of later specifications: not ours to read
                }
            }
        }
        if (type == null || bad) {
            return null;
        }
        int[] tries = tries(fileName);
        String id = (tries == null ? fileName : fileName.substring(0, fileName.lastIndexOf('+')) + SUFFIX)
                .toLowerCase(Locale.ROOT);
        return new BootEntry(fileName, id, partition, type, title, sortKey, version, machineId, loader, initrds,
                options, devicetree, tries == null ? -1 : tries[0], tries == null ? -1 : tries[1]);
    }

    static final String SUFFIX = ".conf";

    /**
     * The boot counter in a file name, "+LEFT" or "+LEFT-DONE" right before ".conf" after the last "+":
     * {left, done}, or null when there is none (a "+" elsewhere is part of the name).
     */
    static int[] tries(String fileName) {
        int plus = fileName.lastIndexOf('+');
        if (plus < 0 || !fileName.endsWith(SUFFIX)) {
            return null;
        }
        String counter = fileName.substring(plus + 1, fileName.length() - SUFFIX.length());
        int dash = counter.indexOf('-');
        String left = dash < 0 ? counter : counter.substring(0, dash);
        String done = dash < 0 ? "0" : counter.substring(dash + 1);
        if (!left.matches("[0-9]{1,9}") || !done.matches("[0-9]{1,9}")) {
            return null;
        }
        return new int[] {Integer.parseInt(left), Integer.parseInt(done)};
    }

    /** What systemd-boot's menu shows: the title, else the id. */
    String shownTitle() {
        return title != null ? title : id;
    }

    /** A path of this entry (the loader, an initrd) as this system names it: under the partition's mount point. */
    String onSystem(String path) {
        String relative = path.replace('\\', '/');
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        return (partition.equals("/") ? "" : partition) + "/" + relative;
    }

    /** The Boot Loader Specification's name for this machine's EFI architecture (EFI_MACHINE_TYPE_NAME). */
    static String architecture(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x64";
            case "x86", "i386", "i686" -> "ia32";
            case "aarch64", "arm64" -> "aa64";
            case "arm" -> "arm";
            case "riscv64" -> "riscv64";
            case "loongarch64" -> "loongarch64";
            default -> osArch;
        };
    }
}
