package org.kexecreboot.systemd;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.exec.BoundedCommand.Outcome;
import org.kexecreboot.exec.Programs;

/**
 * The questions we ask systemd, each through {@code systemctl} with an exact argv and a bound: at
 * shutdown a manager that does not answer must not hold the reboot (then nothing is loaded).
 */
public final class Systemctl {

    /** How long systemctl may take to answer; part of kexec-load.service's TimeoutStopSec. */
    public static final Duration LIMIT = Duration.ofSeconds(5);

    private final SystemPaths paths;
    private final Map<String, String> environment;

    public Systemctl(SystemPaths paths, Map<String, String> environment) {
        this.paths = paths;
        this.environment = environment;
    }

    /** The shutdown systemd has queued; {@link PendingShutdown.Kind#UNKNOWN} when it cannot say. */
    public PendingShutdown pendingShutdown() {
        Answer answer = ask(List.of("list-jobs", "--no-legend", "--no-pager", "--full"));
        return answer.output == null ? PendingShutdown.unknown(answer.failure)
                : PendingShutdown.fromListJobs(answer.output);
    }

    /** systemd's version ("systemd 252 (252.30-1~deb12u2)" → 252), or 0 when it cannot say. */
    public int version() {
        Answer answer = ask(List.of("--version"));
        return answer.output == null ? 0 : parseVersion(answer.output);
    }

    /**
     * Whether UNIT became active at some time in this boot (its ActiveEnterTimestampMonotonic is not
     * 0: it stays set when the unit is stopped again at shutdown); null when systemctl cannot say.
     */
    public Boolean reachedThisBoot(String unit) {
        Long since = activeEnterMonotonic(unit);
        return since == null ? null : since > 0;
    }

    /**
     * When UNIT last became active in this boot, in microseconds of CLOCK_MONOTONIC (0: not in this
     * boot); null when systemctl cannot say.
     */
    public Long activeEnterMonotonic(String unit) {
        Answer answer = ask(List.of("show", "--property=ActiveEnterTimestampMonotonic", "--value", unit));
        if (answer.output == null) {
            return null;
        }
        try {
            return Long.parseLong(answer.output.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static int parseVersion(String output) {
        String[] words = output.strip().split("\\s+");
        if (words.length >= 2 && words[0].equals("systemd")) {
            String digits = words[1].replaceAll("[^0-9].*$", "");
            if (!digits.isEmpty() && digits.length() < 6) {
                return Integer.parseInt(digits);
            }
        }
        return 0;
    }

    /** Stdout of a successful run, or why there is none. */
    private record Answer(String output, String failure) {
    }

    private Answer ask(List<String> arguments) {
        if (!SystemFiles.isExecutable(paths.systemctl())) {
            return new Answer(null, paths.systemctl() + " is missing");
        }
        List<String> argv = new java.util.ArrayList<>();
        argv.add(paths.systemctl().toString());
        argv.addAll(arguments);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Outcome outcome = Programs.capture(argv, environment, LIMIT, out);
        if (outcome instanceof Outcome.Exited exited && exited.status() == 0) {
            return new Answer(out.toString(StandardCharsets.UTF_8), null);
        }
        if (outcome instanceof Outcome.TimedOut) {
            return new Answer(null, "systemctl " + arguments.get(0) + " did not answer within " + LIMIT.toSeconds() + " s");
        }
        if (outcome instanceof Outcome.Exited exited) {
            return new Answer(null, "systemctl " + arguments.get(0) + " failed with exit status " + exited.status());
        }
        return new Answer(null, "systemctl " + arguments.get(0) + ": " + ((Outcome.NotStarted) outcome).reason());
    }
}
