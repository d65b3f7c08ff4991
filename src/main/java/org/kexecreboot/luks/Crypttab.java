package org.kexecreboot.luks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * /etc/crypttab (crypttab(5), as systemd-cryptsetup-generator and Debian's cryptdisks read it): one
 * volume per line, fields separated by white space, {@code #} starting a comment line.
 */
public final class Crypttab {

    /** Larger than any real crypttab; a file beyond it is read no further than this. */
    public static final int MAX_BYTES = 64 * 1024;

    /**
     * One volume.
     *
     * @param name the mapped name (/dev/mapper/NAME)
     * @param source the device as written: a path, or UUID=, PARTUUID=, LABEL=, PARTLABEL=, ID=
     * @param keyFile the key file, or "" for none ("none", "-" and an absent field are none)
     * @param options the options field split at commas ("" absent)
     */
    public record Volume(String name, String source, String keyFile, List<String> options) {
        public Volume {
            options = List.copyOf(options);
        }

        /** {@code noauto}: not unlocked at boot, so not a boot's business. */
        public boolean atBoot() {
            return !options.contains("noauto");
        }

        /** The value of an option {@code NAME=VALUE}, or null; the last one counts, as in systemd. */
        public String option(String name) {
            String value = null;
            for (String option : options) {
                if (option.startsWith(name + "=")) {
                    value = option.substring(name.length() + 1);
                }
            }
            return value;
        }

        /**
         * Where the volume's LUKS header is, as an absolute path of the system: the detached
         * {@code header=} file when there is one, else the device.
         *
         * @return null when the source names no path this can follow
         */
        public String headerPath() {
            String header = option("header");
            if (header != null && header.startsWith("/")) {
                return header;
            }
            return devicePath(source);
        }
    }

    private Crypttab() {
    }

    /** The volumes in file order; lines that name no device are left out (as the generators do). */
    public static List<Volume> parse(byte[] content) {
        List<Volume> volumes = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("[ \t]+");
            if (fields.length < 2) {
                continue;
            }
            String keyFile = fields.length > 2 ? fields[2] : "";
            if (keyFile.equals("none") || keyFile.equals("-")) {
                keyFile = "";
            }
            List<String> options = fields.length > 3 ? List.of(fields[3].split(",")) : List.of();
            volumes.add(new Volume(fields[0], fields[1], keyFile, options));
        }
        return volumes;
    }

    /** UUID=… and the like as udev's /dev/disk links; a path as it is; anything else null. */
    static String devicePath(String source) {
        String[][] tags = {{"UUID=", "/dev/disk/by-uuid/"}, {"PARTUUID=", "/dev/disk/by-partuuid/"},
            {"LABEL=", "/dev/disk/by-label/"}, {"PARTLABEL=", "/dev/disk/by-partlabel/"}, {"ID=", "/dev/disk/by-id/"}};
        for (String[] tag : tags) {
            if (source.startsWith(tag[0])) {
                String value = source.substring(tag[0].length());
                return value.isEmpty() || value.contains("/") ? null : tag[1] + value;
            }
        }
        return source.startsWith("/") ? source : null;
    }
}
