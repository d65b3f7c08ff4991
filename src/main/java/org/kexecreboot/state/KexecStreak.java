package org.kexecreboot.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Map;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;

/**
 * How many boots in a row came through kexec, for KEXEC_COLD_EVERY: /var/lib/kexec-reboot/streak,
 * a few lines of {@code key=value} written (as a mark is: bounded, whole or not at all) by the boot
 * that last decided its reboot with KEXEC_COLD_EVERY set:
 *
 * <ul>
 * <li>{@code boot_id}: that boot;
 * <li>{@code kexec_boots}: how many boots in a row, ending with that one, came through kexec;
 * <li>{@code next_reboot}: {@code kexec} (it loaded a kernel) or {@code firmware} (KEXEC_COLD_EVERY
 * sent its reboot through the firmware).
 * </ul>
 *
 * A boot counts itself from it and from how it came up (/proc/sys/kernel/bootloader_type): through
 * the firmware, 0; through kexec, one more than the boot before it. Where the kernel cannot tell
 * (bootloader_type is x86's), the streak's own next_reboot says what the boot before meant to do: a
 * reboot that went through the firmware for another reason (a power cut, BootNext) then still counts
 * as kexec, and the cold reboot comes sooner, never later.
 *
 * @param bootId the boot that wrote it ("" when its boot_id could not be read then)
 * @param kexecBoots the boots in a row, ending with that one, that came through kexec
 * @param nextReboot "kexec" or "firmware"
 */
public record KexecStreak(String bootId, int kexecBoots, String nextReboot) {

    public static final String FILE = "streak";
    public static final String KEXEC = "kexec";
    public static final String FIRMWARE = "firmware";

    String text() {
        return "boot_id=" + bootId + "\nkexec_boots=" + kexecBoots + "\nnext_reboot=" + nextReboot + "\n";
    }

    /**
     * This boot's count.
     *
     * @param kexecBoots the boots in a row, ending with this one, that came through kexec
     * @param unreadable why the streak file could not be read (then counted from none), or null
     */
    public record Count(int kexecBoots, String unreadable) {
    }

    /** The streak as written; null when there is none, or what is there is not a streak (counted as none). */
    static KexecStreak read(SystemPaths paths) throws IOException {
        String text;
        try {
            text = new String(BoundedRead.regularFile(paths.stateDir().resolve(FILE), BootMarks.MAX_BYTES, BootMarks.LIMIT),
                    StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        Map<String, String> fields = BootMarks.fields(text, "\n");
        long count = BootMarks.number(fields, "kexec_boots", -1);
        int kexecBoots = count > Integer.MAX_VALUE ? -1 : (int) count;
        String bootId = fields.getOrDefault("boot_id", "");
        String next = fields.getOrDefault("next_reboot", "");
        return kexecBoots < 0 ? null : new KexecStreak(bootId, kexecBoots, next);
    }

    /**
     * How many boots in a row, ending with this one, came through kexec.
     *
     * @param currentBoot this boot's boot_id ("" when unreadable)
     * @param viaKexec how this boot came up: true through kexec, false through the firmware, null cannot tell
     */
    public static Count ofThisBoot(SystemPaths paths, String currentBoot, Boolean viaKexec) {
        if (Boolean.FALSE.equals(viaKexec)) {
            return new Count(0, null);
        }
        KexecStreak last;
        String unreadable = null;
        try {
            last = read(paths);
        } catch (IOException e) {
            last = null;
            unreadable = SystemPaths.STATE_DIR + "/" + FILE + " cannot be read (" + SystemFiles.reason(e) + ")";
        }
        if (last != null && !currentBoot.isEmpty() && currentBoot.equals(last.bootId())) {
            return new Count(last.kexecBoots(), null); // counted already in this boot (a load by `now`, then the reboot)
        }
        boolean lastMeantKexec = last != null && KEXEC.equals(last.nextReboot());
        int before = lastMeantKexec ? last.kexecBoots() : 0;
        // Through kexec: one more. Cannot tell: as the boot before meant its reboot to go.
        return new Count(Boolean.TRUE.equals(viaKexec) || lastMeantKexec ? before + 1 : 0, unreadable);
    }

    /**
     * Records this boot's count and what its reboot does.
     *
     * @return null when written; else why not ("" when the file system is read-only, see BootMarks.write)
     */
    public static String write(SystemPaths paths, KexecStreak streak) {
        return BootMarks.writeText(paths, FILE, streak.text());
    }
}
