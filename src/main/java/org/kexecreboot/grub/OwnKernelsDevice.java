package org.kexecreboot.grub;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * How grub-mkconfig named the file system of this system's own kernels: the {@code search --set=root} names and
 * the {@code set root='…'} devices written between grub.cfg's {@code ### BEGIN /etc/grub.d/10_linux ###} and
 * {@code ### END …} markers. 10_linux lists the kernels in /boot of the system that ran update-grub and names
 * their file system as grub-probe saw it there; so where this system cannot identify a file system itself (no
 * udev, no superblock it can read), one that 10_linux names is this system's /boot, and any other name (an
 * os-prober or custom entry's other disk) is not taken for it.
 *
 * <p>Read from the text as grub-mkconfig writes it, one command per line: the markers are comments, which the
 * script reader does not see. A grub.cfg without the markers (written by hand, or by another generator) names
 * nothing here.
 */
record OwnKernelsDevice(Set<String> searched, Set<String> devices) {

    static final OwnKernelsDevice NONE = new OwnKernelsDevice(Set.of(), Set.of());

    private static final String BEGIN = "### BEGIN /etc/grub.d/10_linux ###";
    private static final String END = "### END /etc/grub.d/10_linux ###";

    OwnKernelsDevice {
        searched = Set.copyOf(searched);
        devices = Set.copyOf(devices);
    }

    static OwnKernelsDevice of(String grubCfg) {
        Set<String> searched = new HashSet<>();
        Set<String> devices = new HashSet<>();
        boolean inside = false;
        for (String line : grubCfg.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.equals(BEGIN)) {
                inside = true;
            } else if (trimmed.equals(END)) {
                inside = false;
            } else if (inside) {
                String[] words = trimmed.split("[ \t]+");
                if (words[0].equals("search")) {
                    search(words, searched);
                } else if (words.length == 2 && words[0].equals("set") && words[1].startsWith("root=")) {
                    devices.add(unquote(words[1].substring("root=".length())));
                }
            }
        }
        return new OwnKernelsDevice(searched, devices);
    }

    /** search --no-floppy --fs-uuid --set=root [--hint… ] NAME, as 10_linux writes it. */
    private static void search(String[] words, Set<String> searched) {
        String how = null;
        boolean setsRoot = false;
        String name = null;
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            if (w.equals("--fs-uuid") || w.equals("-u")) {
                how = "fs-uuid";
            } else if (w.equals("--label") || w.equals("-l")) {
                how = "label";
            } else if (w.equals("--set=root")) {
                setsRoot = true;
            } else if (!w.startsWith("-") && name == null) {
                name = unquote(w);
            }
        }
        if (how != null && setsRoot && name != null) {
            searched.add(key(how, name));
        }
    }

    private static String unquote(String word) {
        if (word.length() >= 2 && (word.startsWith("'") && word.endsWith("'") || word.startsWith("\"") && word.endsWith("\""))) {
            return word.substring(1, word.length() - 1);
        }
        return word;
    }

    /** GRUB's search compares UUIDs without case (grub_strcasecmp), labels exactly. */
    private static String key(String how, String name) {
        return how + " " + (how.equals("fs-uuid") ? name.toLowerCase(Locale.ROOT) : name);
    }

    /** search --fs-uuid/--label NAME names the file system of this system's kernels, as 10_linux wrote it. */
    boolean names(String how, String name) {
        return searched.contains(key(how, name));
    }

    /** GRUB's name of a device ("hd0,gpt2"), as 10_linux's set root wrote it for this system's kernels. */
    boolean isDevice(String device) {
        return devices.contains(device);
    }
}
