package org.kexecreboot.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kexecreboot.SystemPaths;
import org.kexecreboot.console.OneLine;
import org.kexecreboot.state.KexecStreak;
import org.kexecreboot.state.RebootHistory;
import org.kexecreboot.state.RebootHistory.Reboot;

/**
 * `kexec-reboot last`: the reboots of this machine, newest first, from /var/lib/kexec-reboot/history
 * (RebootHistory): when each boot reached multi-user.target, whether it came through kexec or the
 * firmware, how many seconds passed from the reboot's start (kexec-load's decision) to that target,
 * the kernel, and why the reboot went that way; then the median of each way, and what kexec saves.
 * {@code --json}: the same as one object (schema last-v1.json).
 */
final class Last {

    /** The schema's version; a change that could break a reader makes a last-v2.json. */
    static final int VERSION = 1;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx", Locale.ROOT);

    private Last() {
    }

    static void print(List<Reboot> reboots, ZoneId zone, PrintStream out) {
        if (reboots.isEmpty()) {
            out.println("No reboot is recorded yet (" + SystemPaths.STATE_DIR + "/" + RebootHistory.HISTORY
                    + "): kexec-load records each reboot, and the boot after it completes the record.");
            return;
        }
        // The kernel column as wide as its longest release (6.12.117+deb13-cloud-amd64), at least 16.
        int width = 16;
        for (Reboot reboot : reboots) {
            width = Math.max(width, OneLine.escape(reboot.release()).length());
        }
        String row = "%-25s  %-8s  %7s  %-" + width + "s  %s%n";
        out.printf(row, "booted at", "via", "seconds", "kernel", "why");
        for (Reboot reboot : newestFirst(reboots)) {
            out.printf(row, WHEN.format(Instant.ofEpochSecond(reboot.bootedAt()).atZone(zone)),
                    reboot.via().isEmpty() ? "?" : reboot.via(), reboot.seconds() < 0 ? "-" : Long.toString(reboot.seconds()),
                    OneLine.escape(reboot.release()), OneLine.escape(why(reboot)));
        }
        out.println(summaryLine(reboots));
    }

    /** Why the reboot before the boot went as it did, and whether it went as meant. */
    static String why(Reboot reboot) {
        RebootHistory.Request request = reboot.request();
        if (request == null) {
            return "(no reboot was recorded before this boot: the first boot, a power-off, a crash or a reset)";
        }
        return (reboot.unplanned() ? "meant for " + request.planned() + ", but came through " + reboot.via() + ": " : "") + request.why();
    }

    static String summaryLine(List<Reboot> reboots) {
        Long kexec = median(reboots, KexecStreak.KEXEC);
        Long firmware = median(reboots, KexecStreak.FIRMWARE);
        String line = way(reboots, KexecStreak.KEXEC, kexec) + "; " + way(reboots, KexecStreak.FIRMWARE, firmware);
        if (kexec != null && firmware != null) {
            long saved = firmware - kexec;
            line += "; a kexec reboot took " + Math.abs(saved) + (saved >= 0 ? " s less" : " s more")
                    + " here (median against median)";
        }
        return line;
    }

    private static String way(List<Reboot> reboots, String via, Long median) {
        int n = timed(reboots, via).size();
        return via + ": " + n + (n == 1 ? " timed reboot" : " timed reboots") + (median == null ? "" : ", median " + median + " s");
    }

    static Map<String, Object> json(List<Reboot> reboots) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("version", VERSION);
        List<Object> list = new ArrayList<>();
        for (Reboot reboot : newestFirst(reboots)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("boot_id", reboot.bootId());
            r.put("booted_at", reboot.bootedAt());
            r.put("via", reboot.via().isEmpty() ? null : reboot.via());
            r.put("release", reboot.release());
            r.put("seconds", reboot.seconds() < 0 ? null : reboot.seconds());
            RebootHistory.Request request = reboot.request();
            if (request == null) {
                r.put("reboot", null);
            } else {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("boot_id", request.bootId());
                q.put("requested_at", request.time());
                q.put("planned", request.planned().equals(KexecStreak.KEXEC) || request.planned().equals(KexecStreak.FIRMWARE)
                        ? request.planned() : null);
                q.put("reason", request.why());
                q.put("kernel", request.kernel().isEmpty() ? null : request.kernel());
                r.put("reboot", q);
            }
            list.add(r);
        }
        answer.put("reboots", list);
        Map<String, Object> summary = new LinkedHashMap<>();
        Long kexec = median(reboots, KexecStreak.KEXEC);
        Long firmware = median(reboots, KexecStreak.FIRMWARE);
        summary.put(KexecStreak.KEXEC, way(reboots, KexecStreak.KEXEC));
        summary.put(KexecStreak.FIRMWARE, way(reboots, KexecStreak.FIRMWARE));
        summary.put("saved_seconds", kexec != null && firmware != null ? firmware - kexec : null);
        answer.put("summary", summary);
        return answer;
    }

    private static Map<String, Object> way(List<Reboot> reboots, String via) {
        Map<String, Object> way = new LinkedHashMap<>();
        way.put("timed_reboots", timed(reboots, via).size());
        way.put("median_seconds", median(reboots, via));
        return way;
    }

    private static List<Reboot> newestFirst(List<Reboot> reboots) {
        List<Reboot> list = new ArrayList<>(reboots);
        Collections.reverse(list);
        return list;
    }

    /** The seconds of the reboots that came this way and were timed (a request before them). */
    private static List<Long> timed(List<Reboot> reboots, String via) {
        List<Long> seconds = new ArrayList<>();
        for (Reboot reboot : reboots) {
            if (reboot.via().equals(via) && reboot.seconds() >= 0) {
                seconds.add(reboot.seconds());
            }
        }
        return seconds;
    }

    /** The median in whole seconds (of an even count, the mean of the middle two, rounded down), or null without a timed reboot that way. */
    static Long median(List<Reboot> reboots, String via) {
        List<Long> seconds = timed(reboots, via);
        if (seconds.isEmpty()) {
            return null;
        }
        Collections.sort(seconds);
        int n = seconds.size();
        return (seconds.get((n - 1) / 2) + seconds.get(n / 2)) / 2;
    }
}
