package org.kexecreboot.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.console.OneLine;

/**
 * The reboots of this machine, as {@code kexec-reboot last} shows them, kept in
 * /var/lib/kexec-reboot in two files:
 *
 * <ul>
 * <li>{@code request}: what kexec-load decided at the start of this boot's reboot (when, kexec or
 * the firmware, why, the kernel loaded), a few {@code key=value} lines, replaced at each reboot;
 * <li>{@code history}: one line per boot that reached its target, the newest last, at most
 * {@link #MAX_RECORDS}: written by {@code kexec-reboot boot-complete}, which joins the request of
 * the boot before with how this one came (bootloader_type) and when it reached multi-user.target.
 * </ul>
 *
 * Bounded in time (2 s a file, as the marks) and in size (100 lines of at most 1 KiB); the purge of
 * the package removes both.
 */
public final class RebootHistory {

    public static final String REQUEST = "request";
    public static final String HISTORY = "history";
    /** What the history keeps: some months of weekly reboots, a few KiB. */
    public static final int MAX_RECORDS = 100;
    /** One record's longest line; a longer value (a path, a reason) is cut, marked with "…". */
    static final int MAX_VALUE = 300;
    /** The whole file: a record is at most about 1.2 KiB (four values of MAX_VALUE, two boot ids, numbers). */
    static final int MAX_BYTES = MAX_RECORDS * 2048;

    /**
     * What kexec-load decided at a reboot.
     *
     * @param bootId the boot that rebooted ("" when it could not be read)
     * @param time when kexec-load ran, in seconds since the epoch: the start of the shutdown
     * @param planned "kexec" or "firmware"
     * @param why one line
     * @param kernel the kernel loaded ("" when none)
     */
    public record Request(String bootId, long time, String planned, String why, String kernel) {

        String text() {
            return "boot_id=" + bootId + "\ntime=" + time + "\nplanned=" + planned + "\nwhy=" + cut(why)
                    + "\nkernel=" + cut(kernel) + "\n";
        }

        static Request parse(String text) {
            Map<String, String> fields = BootMarks.fields(text, "\n");
            return new Request(fields.getOrDefault("boot_id", ""), BootMarks.number(fields, "time", 0),
                    fields.getOrDefault("planned", ""), fields.getOrDefault("why", ""),
                    fields.getOrDefault("kernel", ""));
        }
    }

    /**
     * One boot that reached its target.
     *
     * @param bootId this boot
     * @param bootedAt when it reached multi-user.target (sysvinit: when its runlevel's last script ran),
     *     seconds since the epoch
     * @param via "kexec" or "firmware" (bootloader_type), "" where that cannot be told (not x86)
     * @param release the kernel that runs (uname -r)
     * @param request what the reboot before it decided, or null when none was recorded (the first boot
     *     after the install, a crash, a power cut, a reset or a {@code reboot -f}: no kexec-load ran)
     * @param seconds from the request to {@code bootedAt}, or -1 without a request
     */
    public record Reboot(String bootId, long bootedAt, String via, String release, Request request, long seconds) {

        /** This boot came another way than its reboot was meant to go (a kexec that failed, a reset). */
        public boolean unplanned() {
            return request != null && !via.isEmpty() && !request.planned().isEmpty() && !request.planned().equals(via);
        }

        String line() {
            StringBuilder line = new StringBuilder("boot_id=" + bootId + "\tbooted_at=" + bootedAt + "\tvia=" + via
                    + "\trelease=" + cut(release) + "\tseconds=" + seconds);
            if (request != null) {
                line.append("\trequested_at=").append(request.time()).append("\tplanned=").append(request.planned())
                        .append("\twhy=").append(cut(request.why())).append("\tkernel=").append(cut(request.kernel()))
                        .append("\tfrom_boot=").append(request.bootId());
            }
            return line.append('\n').toString();
        }

        static Reboot parse(String line) {
            Map<String, String> f = BootMarks.fields(line, "\t");
            Request request = f.containsKey("requested_at") ? new Request(f.getOrDefault("from_boot", ""),
                    BootMarks.number(f, "requested_at", 0), f.getOrDefault("planned", ""), f.getOrDefault("why", ""),
                    f.getOrDefault("kernel", "")) : null;
            return new Reboot(f.getOrDefault("boot_id", ""), BootMarks.number(f, "booted_at", 0),
                    f.getOrDefault("via", ""), f.getOrDefault("release", ""), request,
                    BootMarks.number(f, "seconds", -1));
        }
    }

    /** The history as read: its records (oldest first), or why it cannot be read. */
    public record Read(List<Reboot> reboots, String problem) {
    }

    private RebootHistory() {
    }

    /** Records kexec-load's decision at this boot's reboot; null when written, else why not ("" read-only). */
    public static String request(SystemPaths paths, Request request) {
        return BootMarks.writeText(paths, REQUEST, request.text());
    }

    /** The request of an earlier reboot still waiting for its boot, or null. */
    public static Request pendingRequest(SystemPaths paths) {
        try {
            return Request.parse(new String(BoundedRead.regularFile(paths.stateDir().resolve(REQUEST),
                    BootMarks.MAX_BYTES, BootMarks.LIMIT), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    public static Read read(SystemPaths paths) {
        String text;
        try {
            text = new String(BoundedRead.regularFile(paths.stateDir().resolve(HISTORY), MAX_BYTES, BootMarks.LIMIT),
                    StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Read(List.of(), null);
        } catch (IOException e) {
            return new Read(List.of(), SystemPaths.STATE_DIR + "/" + HISTORY + " cannot be read (" + SystemFiles.reason(e)
                    + ")");
        }
        List<Reboot> reboots = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("boot_id=")) {
                reboots.add(Reboot.parse(line));
            }
        }
        return new Read(reboots, null);
    }

    /** Whether the newest record is of this boot. */
    public static boolean recorded(SystemPaths paths, String bootId) {
        return recorded(read(paths), bootId);
    }

    /** {@link #recorded(SystemPaths, String)} of a history already read. */
    public static boolean recorded(Read history, String bootId) {
        List<Reboot> reboots = history.reboots();
        return !bootId.isEmpty() && !reboots.isEmpty() && reboots.get(reboots.size() - 1).bootId().equals(bootId);
    }

    /**
     * Appends this boot (once: a boot already recorded is not recorded again), keeps the newest
     * {@link #MAX_RECORDS}, then removes the request it used.
     *
     * @return null when recorded (or recorded before), else why not ("" read-only)
     */
    public static String append(SystemPaths paths, Reboot reboot) {
        return append(paths, read(paths), reboot);
    }

    /** {@link #append(SystemPaths, Reboot)} to the history as just read (boot-complete reads it once). */
    public static String append(SystemPaths paths, Read history, Reboot reboot) {
        if (history.problem() != null) {
            return history.problem();
        }
        if (recorded(history, reboot.bootId())) {
            return null;
        }
        List<Reboot> kept = new ArrayList<>(history.reboots());
        kept.add(reboot);
        StringBuilder text = new StringBuilder();
        for (Reboot r : kept.subList(Math.max(0, kept.size() - MAX_RECORDS), kept.size())) {
            text.append(r.line());
        }
        String problem = BootMarks.writeText(paths, HISTORY, text.toString());
        if (problem != null) {
            return problem;
        }
        return reboot.request() == null ? null : BootMarks.remove(paths, REQUEST);
    }

    /** A value as a record keeps it: one line (tabs and newlines escaped), at most MAX_VALUE characters. */
    static String cut(String value) {
        String line = OneLine.escape(value);
        return line.length() <= MAX_VALUE ? line : line.substring(0, MAX_VALUE - 1) + "…";
    }
}
