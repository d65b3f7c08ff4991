package org.kexecreboot.sdboot;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.efi.EfiVariables;

/**
 * The entry systemd-boot boots when nobody touches its menu, worked out as systemd-boot works it out
 * (src/boot/boot.c): the Type #1 entries of the ESP and XBOOTLDR that apply to this machine, in menu
 * order ({@link #MENU_ORDER}), and of them the first that matches, in this order: LoaderEntryOneShot,
 * LoaderEntryDefault (or, when it is {@code @saved}, LoaderEntryLastBooted), loader.conf's
 * {@code default} (or {@code @saved}); else the first entry. It only reads; the one-shot variable is
 * systemd-boot's to consume, so an entry it names goes through the firmware (the loader-one-shot rule).
 *
 * <p>What kexec cannot load as systemd-boot would is refused with its reason: an {@code efi} or
 * {@code uki} entry, a {@code devicetree}, an entry with a boot counter (systemd-boot counts the try
 * by renaming the file before it boots it, and systemd-bless-boot blesses what it renamed), and a menu
 * with unified kernel images (EFI/Linux/*.efi), which sort among the entries by what their PE sections
 * say and are not read here yet.
 */
public final class SystemdBoot {

    /** What systemd-boot's default is, for kexec. */
    public sealed interface Choice {
        /** A Linux entry kexec loads as systemd-boot would boot it. */
        record Linux(String id, String title, String kernel, List<String> initrds, String options) implements Choice {
            public Linux {
                initrds = List.copyOf(initrds);
            }
        }

        /** Only systemd-boot can boot it (or tell which it boots): the reboot goes through the firmware. */
        record Firmware(String why) implements Choice {
        }
    }

    /** loader.conf and an entry are a few hundred bytes; more is not one. */
    static final int MAX_FILE = 64 * 1024;

    /** The entries directory of a busy machine holds a few dozen. */
    static final int MAX_ENTRIES = 1024;

    /** What systemd-boot adds by itself; a pattern may name one of them (auto-windows), and then it boots that. */
    static final List<String> AUTO_ENTRIES = List.of("auto-osx", "auto-windows", "auto-efi-shell", "auto-efi-default",
            "auto-reboot-to-firmware-setup", "auto-poweroff", "auto-reboot");

    /**
     * systemd-boot's menu order: entries with no tries left last; entries with a sort-key before those without;
     * by sort-key, then machine-id, then version, newest first; then by id, highest version first; then more tries
     * left, then fewer done.
     */
    static final java.util.Comparator<BootEntry> MENU_ORDER = new java.util.Comparator<>() {
        @Override
        public int compare(BootEntry a, BootEntry b) {
            int r = Boolean.compare(a.triesLeft() == 0, b.triesLeft() == 0);
            if (r != 0) {
                return r;
            }
            r = Boolean.compare(a.sortKey() == null, b.sortKey() == null);
            if (r != 0) {
                return r;
            }
            if (a.sortKey() != null) {
                r = Integer.signum(a.sortKey().compareTo(b.sortKey()));
                if (r != 0) {
                    return r;
                }
                r = nullFirst(a.machineId(), b.machineId());
                if (r != 0) {
                    return r;
                }
                r = -VersionOrder.compare(a.version(), b.version());
                if (r != 0) {
                    return r;
                }
            }
            r = -VersionOrder.compare(a.id(), b.id());
            if (r != 0 || a.triesLeft() < 0 || b.triesLeft() < 0) {
                return r;
            }
            r = -Integer.compare(a.triesLeft(), b.triesLeft());
            return r != 0 ? r : Integer.compare(a.triesDone(), b.triesDone());
        }
    };

    private final SystemPaths paths;
    private final String architecture;

    public SystemdBoot(SystemPaths paths) {
        this(paths, BootEntry.architecture(System.getProperty("os.arch", "")));
    }

    SystemdBoot(SystemPaths paths, String architecture) {
        this.paths = paths;
        this.architecture = architecture;
    }

    /**
     * The default of systemd-boot on these partitions, noted in the trace.
     *
     * @param partitions their mount points, the ESP first (it holds loader.conf), then XBOOTLDR if there is one
     */
    public Choice choose(List<String> partitions, Trace trace) {
        Menu menu = menu(partitions, trace);
        if (menu.unreadable() != null) {
            return menu.unreadable();
        }
        Pick pick = pick(menu, trace);
        return pick.refused() != null ? pick.refused() : chosen(pick.entry());
    }

    /**
     * What systemd-boot's menu holds here.
     *
     * @param entries    the Type #1 entries that apply, in menu order
     * @param ukis       the unified kernel images of EFI/Linux, as this system names them
     * @param configured loader.conf's default, lower case; null when it has none
     * @param unreadable when loader.conf or an entry cannot be read, why (the rest is then not to be used)
     */
    record Menu(List<BootEntry> entries, List<String> ukis, String configured, Choice.Firmware unreadable) {
    }

    /** The default entry, or why it goes through the firmware before an entry is even taken. */
    record Pick(BootEntry entry, Choice.Firmware refused) {
    }

    Menu menu(List<String> partitions, Trace trace) {
        String esp = partitions.get(0);
        String configured = null;
        try {
            String conf = text(paths.resolve(esp + "/loader/loader.conf"));
            for (KeyValueLines.Line line : KeyValueLines.parse(conf)) {
                // Another @ than @saved systemd-boot ignores, with an error on its screen.
                if (line.key().equals("default") && (!line.value().startsWith("@") || line.value().equalsIgnoreCase(SAVED))) {
                    configured = line.value().toLowerCase(Locale.ROOT);
                }
            }
            trace.note("loader.conf", esp + "/loader/loader.conf: " + (configured == null ? "no default" : "default " + configured));
        } catch (NoSuchFileException e) {
            trace.note("loader.conf", "no " + esp + "/loader/loader.conf: systemd-boot's built-in settings");
        } catch (IOException e) {
            return new Menu(List.of(), List.of(), null, new Choice.Firmware("systemd-boot's " + esp
                    + "/loader/loader.conf cannot be read (" + SystemFiles.reason(e) + "): which entry it boots cannot be"
                    + " told, rebooting through the firmware"));
        }
        List<BootEntry> entries = new ArrayList<>();
        List<String> ukis = new ArrayList<>();
        for (String partition : partitions) {
            String problem = readEntries(partition, entries);
            if (problem != null) {
                return new Menu(List.of(), List.of(), configured, new Choice.Firmware(problem));
            }
            ukis.addAll(unifiedImages(partition));
        }
        entries.sort(MENU_ORDER);
        List<String> ids = new ArrayList<>();
        for (BootEntry entry : entries) {
            ids.add(entry.id());
        }
        trace.note("systemd-boot entries", entries.isEmpty() ? "none in loader/entries of " + String.join(", ", partitions)
                : entries.size() + " in menu order: " + String.join(", ", ids));
        return new Menu(List.copyOf(entries), List.copyOf(ukis), configured, null);
    }

    Pick pick(Menu menu, Trace trace) {
        List<BootEntry> entries = menu.entries();
        List<String> ukis = menu.ukis();
        String configured = menu.configured();
        EfiVariables variables = new EfiVariables(paths);
        String oneShot = variable(variables, "LoaderEntryOneShot");
        String efiDefault = variable(variables, "LoaderEntryDefault");
        boolean savedByVariable = SAVED.equals(efiDefault);
        boolean savedByConf = SAVED.equals(configured);
        String lastBooted = savedByVariable || savedByConf ? variable(variables, "LoaderEntryLastBooted") : null;

        String[][] steps = {
            {oneShot, "LoaderEntryOneShot"},
            {savedByVariable ? lastBooted : efiDefault,
                savedByVariable ? "LoaderEntryLastBooted (LoaderEntryDefault is @saved)" : "LoaderEntryDefault"},
            {savedByConf ? (savedByVariable ? null : lastBooted) : configured,
                savedByConf ? "LoaderEntryLastBooted (loader.conf's default is @saved)" : "loader.conf's default"},
        };
        for (String[] step : steps) {
            String pattern = step[0];
            if (pattern == null) {
                continue;
            }
            BootEntry match = null;
            for (BootEntry entry : entries) {
                if (EntryPattern.matches(pattern, entry.id())) {
                    match = entry;
                    break;
                }
            }
            if (match == null) {
                for (String auto : AUTO_ENTRIES) {
                    if (EntryPattern.matches(pattern, auto)) {
                        return new Pick(null, new Choice.Firmware(step[1] + " \"" + pattern + "\" can name systemd-boot's own entry "
                                + auto + ", not a Linux entry: rebooting through the firmware and systemd-boot"));
                    }
                }
                if (!ukis.isEmpty()) {
                    return new Pick(null, withImages(ukis, step[1] + " \"" + pattern + "\" names no Type #1 entry"));
                }
                trace.note("systemd-boot default", step[1] + " \"" + pattern + "\" matches no entry: systemd-boot goes on");
                continue;
            }
            if (!ukis.isEmpty() && glob(pattern)) {
                return new Pick(null, withImages(ukis, step[1] + " \"" + pattern + "\" is a pattern"));
            }
            if (step[1].equals("LoaderEntryOneShot")) {
                return new Pick(match, new Choice.Firmware("LoaderEntryOneShot asks systemd-boot for " + match.id()
                        + " once, and systemd-boot consumes it when it starts: rebooting through the firmware and"
                        + " systemd-boot"));
            }
            trace.note("systemd-boot default", step[1] + " \"" + pattern + "\": " + match.id());
            return new Pick(match, null);
        }
        if (!ukis.isEmpty()) {
            return new Pick(null, withImages(ukis, "no setting names the default, so it is the first in menu order"));
        }
        if (entries.isEmpty()) {
            return new Pick(null, new Choice.Firmware("systemd-boot has no Linux entry here (no entry in loader/entries"
                    + " applies): rebooting through the firmware and systemd-boot"));
        }
        trace.note("systemd-boot default", "no setting names one: the first in menu order, " + entries.get(0).id());
        return new Pick(entries.get(0), null);
    }

    /** systemd-boot's word in loader.conf and LoaderEntryDefault for "the entry booted last". */
    static final String SAVED = "@saved";

    private static Choice.Firmware withImages(List<String> ukis, String why) {
        return new Choice.Firmware(why + ", and systemd-boot's menu also holds unified kernel images ("
                + String.join(", ", ukis) + "), which kexec-reboot does not order yet: rebooting through the firmware and"
                + " systemd-boot");
    }

    private static boolean glob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /** The entry, or why kexec cannot boot it as systemd-boot would. */
    private static Choice chosen(BootEntry entry) {
        String named = "systemd-boot's default entry " + entry.id() + " (\"" + entry.shownTitle() + "\")";
        if (entry.type() != BootEntry.Type.LINUX) {
            return new Choice.Firmware(named + " starts " + (entry.type() == BootEntry.Type.EFI ? "an EFI program ("
                    : "a unified kernel image (") + entry.loader() + "), not a kernel with initrds: rebooting through"
                    + " the firmware and systemd-boot");
        }
        if (entry.devicetree() != null) {
            return new Choice.Firmware(named + " loads the devicetree " + entry.devicetree() + ", which kexec-reboot"
                    + " does not pass on: rebooting through the firmware and systemd-boot");
        }
        if (entry.triesLeft() >= 0) {
            return new Choice.Firmware(named + " counts its boots (" + entry.fileName() + ": " + entry.triesLeft()
                    + " tries left), which only systemd-boot does, as it starts it: rebooting through the firmware");
        }
        List<String> initrds = new ArrayList<>();
        for (String initrd : entry.initrds()) {
            initrds.add(entry.onSystem(initrd));
        }
        return new Choice.Linux(entry.id(), entry.shownTitle(), entry.onSystem(entry.loader()), initrds,
                entry.options() == null ? "" : entry.options());
    }

    /** Adds the partition's entries that systemd-boot shows; the reason when they cannot be read, else null. */
    private String readEntries(String partition, List<BootEntry> entries) {
        Path dir = paths.resolve(partition + "/loader/entries");
        List<String> names;
        try {
            names = BoundedRead.directory(dir, MAX_ENTRIES, BoundedRead.LIMIT);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "systemd-boot's entries in " + partition + "/loader/entries cannot be read (" + SystemFiles.reason(e)
                    + "): which it boots cannot be told, rebooting through the firmware";
        }
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (name.startsWith(".") || !lower.endsWith(BootEntry.SUFFIX) || lower.startsWith("auto-")) {
                continue;
            }
            Path file = dir.resolve(name);
            if (Files.isDirectory(file)) {
                continue;
            }
            String text;
            try {
                text = text(file);
            } catch (IOException e) {
                return "systemd-boot's entry " + partition + "/loader/entries/" + name + " cannot be read ("
                        + SystemFiles.reason(e) + "): which entry it boots cannot be told, rebooting through the firmware";
            }
            BootEntry entry = BootEntry.parse(name, partition, text, architecture);
            // systemd-boot leaves out an entry whose kernel (or EFI program) is not on its partition.
            if (entry != null && Files.isRegularFile(paths.resolve(entry.onSystem(entry.loader())))) {
                entries.add(entry);
            }
        }
        return null;
    }

    /** The unified kernel images systemd-boot shows (Type #2: EFI/Linux/*.efi), as this system names them. */
    private List<String> unifiedImages(String partition) {
        List<String> found = new ArrayList<>();
        try {
            for (String name : BoundedRead.directory(paths.resolve(partition + "/EFI/Linux"), MAX_ENTRIES, BoundedRead.LIMIT)) {
                if (!name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".efi")) {
                    found.add(partition + "/EFI/Linux/" + name);
                }
            }
        } catch (IOException e) {
            // none there (or none this system can show): systemd-boot would show none either
        }
        return found;
    }

    /** A variable's text in lower case (systemd-boot folds it), or null when it is not set or not text. */
    private static String variable(EfiVariables variables, String name) {
        EfiVariables.Read read = variables.read(name, EfiVariables.LOADER);
        if (read instanceof EfiVariables.Read.Value value && value.utf16() != null && !value.utf16().isEmpty()) {
            return value.utf16().toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /** A file of the boot partition as UTF-8 text, bounded; bytes that are not UTF-8 are refused. */
    private static String text(Path file) throws IOException {
        byte[] bytes = BoundedRead.regularFile(file, MAX_FILE, BoundedRead.LIMIT);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("not UTF-8 text");
        }
    }

    /** null sorts before any text, as systemd's strcmp_ptr. */
    private static int nullFirst(String a, String b) {
        if (a == null || b == null) {
            return Boolean.compare(a != null, b != null);
        }
        return Integer.signum(a.compareTo(b));
    }
}
