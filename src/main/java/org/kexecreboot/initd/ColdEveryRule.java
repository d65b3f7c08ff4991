package org.kexecreboot.initd;

import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.kexec.BootLoaderType;
import org.kexecreboot.state.BootMarks;
import org.kexecreboot.state.KexecStreak;

/**
 * {@code cold-every}: KEXEC_COLD_EVERY=N sends every N-th reboot through the firmware, so that what
 * only a cold start does (POST's memory test, firmware updates applied at reset, a device that needs a
 * real reset, a TPM's fresh PCRs) still happens on a schedule the admin sets. Counted by
 * {@link KexecStreak}: this boot's kexec boots in a row; when this reboot would make N, it goes through
 * the firmware instead. Unset (the default): no line in the plan, nothing written.
 */
final class ColdEveryRule implements FirmwareRule {

    static final String NAME = "cold-every";
    static final String VARIABLE = "KEXEC_COLD_EVERY";

    /** Larger than any reboot count a machine reaches; keeps the arithmetic out of overflow. */
    static final int MAX_EVERY = 1_000_000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String subject() {
        return VARIABLE;
    }

    /** N, or null when unset or not a whole number from 1 to {@link #MAX_EVERY}. */
    static Integer every(KexecDefaults defaults) {
        String value = defaults.coldEvery().strip();
        if (!value.matches("[0-9]{1,7}")) {
            return null;
        }
        int every = Integer.parseInt(value);
        return every >= 1 && every <= MAX_EVERY ? every : null;
    }

    @Override
    public Finding check(Context context, KexecDefaults defaults, Trace trace) {
        if (defaults.coldEvery().isEmpty()) {
            return Finding.notHere();
        }
        Integer every = every(defaults);
        if (every == null) {
            trace.warn(VARIABLE, "\"" + defaults.coldEvery() + "\" is not a whole number of reboots from 1 to " + MAX_EVERY
                    + "; ignored");
            return Finding.notHere();
        }
        String shown = VARIABLE + "=" + every;
        if (every == 1) {
            return Finding.yes(shown + ": every reboot goes through the firmware");
        }
        BootLoaderType type = BootLoaderType.read(context.paths().bootloaderType());
        KexecStreak.Count count = KexecStreak.ofThisBoot(context.paths(), BootMarks.currentBoot(context.paths()),
                type.viaKexec());
        if (count.unreadable() != null) {
            trace.warn(VARIABLE, count.unreadable() + ": counted from none");
        }
        String counted = shown + ", kexec boots in a row: " + count.kexecBoots()
                + (type.viaKexec() == null ? " (without bootloader_type, counted as the last reboot meant to go)" : "");
        int left = every - 1 - count.kexecBoots();
        if (left <= 0) {
            return Finding.yes(counted + "; so this reboot goes through the firmware");
        }
        return Finding.no(counted + "; " + left + (left == 1 ? " more kexec reboot" : " more kexec reboots")
                + ", then one through the firmware");
    }

    /** The reboot goes through the firmware: the boot after it starts the count afresh. */
    @Override
    public void honoured(Context context) {
        String problem = record(context, KexecStreak.FIRMWARE);
        if (problem != null) {
            context.stderr().println("kexec-load: " + problem);
        }
    }

    /**
     * A kernel was loaded: this boot's count, and that its reboot goes through kexec.
     *
     * @return why it could not be recorded (one line), or null
     */
    static String recordLoad(Context context, KexecDefaults defaults) {
        return every(defaults) == null ? null : record(context, KexecStreak.KEXEC);
    }

    private static String record(Context context, String nextReboot) {
        String current = BootMarks.currentBoot(context.paths());
        int kexecBoots = KexecStreak.ofThisBoot(context.paths(), current,
                BootLoaderType.read(context.paths().bootloaderType()).viaKexec()).kexecBoots();
        String problem = KexecStreak.write(context.paths(), new KexecStreak(current, kexecBoots, nextReboot));
        return problem == null || problem.isEmpty() ? null
                : problem + "; " + VARIABLE + " does not count this boot";
    }
}
