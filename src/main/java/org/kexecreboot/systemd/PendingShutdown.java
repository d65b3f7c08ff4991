package org.kexecreboot.systemd;

import java.util.List;

/**
 * The shutdown systemd has queued, read from {@code systemctl list-jobs}: a start job of
 * reboot.target, kexec.target, poweroff.target or halt.target. Only a reboot loads a kernel (the
 * K18 script ran in runlevel 6 only): poweroff and halt never do, and a kexec.target job means a
 * kernel is loaded already.
 *
 * @param kind what is pending
 * @param why one line for the journal when nothing is loaded because of it
 */
public record PendingShutdown(Kind kind, String why) {

    /** What the queued jobs say. */
    public enum Kind {
        REBOOT, KEXEC, POWEROFF, HALT, NONE, UNKNOWN
    }

    public boolean reboot() {
        return kind == Kind.REBOOT;
    }

    /** systemd could not be asked, or did not answer in time: load nothing. */
    public static PendingShutdown unknown(String reason) {
        return new PendingShutdown(Kind.UNKNOWN, "cannot tell whether systemd is rebooting (" + reason + ")");
    }

    /**
     * Reads the output of {@code systemctl list-jobs --no-legend --no-pager --full}: one job a line,
     * "ID UNIT TYPE STATE". Only start jobs count (a stop job of reboot.target is no reboot).
     */
    public static PendingShutdown fromListJobs(String output) {
        Kind found = Kind.NONE;
        for (String line : output.split("\n")) {
            List<String> columns = List.of(line.trim().split("\\s+"));
            if (columns.size() < 3 || !columns.get(2).equals("start")) {
                continue;
            }
            Kind kind = switch (columns.get(1)) {
                case "reboot.target" -> Kind.REBOOT;
                case "kexec.target" -> Kind.KEXEC;
                case "poweroff.target" -> Kind.POWEROFF;
                case "halt.target" -> Kind.HALT;
                default -> Kind.NONE;
            };
            // kexec wins over reboot: systemd 255+ turns a reboot into kexec when a kernel is loaded.
            if (kind != Kind.NONE && (found == Kind.NONE || kind == Kind.KEXEC)) {
                found = kind;
            }
        }
        return switch (found) {
            case REBOOT -> new PendingShutdown(found, "systemd is rebooting");
            case KEXEC -> new PendingShutdown(found, "systemd is rebooting with kexec already (kexec.target)");
            case POWEROFF -> new PendingShutdown(found, "systemd is powering off, not rebooting");
            case HALT -> new PendingShutdown(found, "systemd is halting, not rebooting");
            default -> new PendingShutdown(Kind.NONE, "systemd has no reboot queued (no reboot.target job)");
        };
    }
}
