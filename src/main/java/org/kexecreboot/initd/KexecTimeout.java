package org.kexecreboot.initd;

import java.time.Duration;

import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.console.Diagnostics;
import org.kexecreboot.exec.BoundedCommand.Outcome;
import org.kexecreboot.exec.Signals;

/**
 * KEXEC_TIMEOUT: how long one kexec call may take. The original waits forever, and a kexec hung in
 * the kernel then hangs the reboot; we kill it and let the reboot go on.
 */
public final class KexecTimeout {

    /** Loading even a large initrd from a slow disk takes seconds; this is well past that. */
    static final Duration DEFAULT = Duration.ofSeconds(30);
    static final long MAX_SECONDS = 3600;

    private KexecTimeout() {
    }

    public static Duration of(KexecDefaults defaults, Diagnostics diagnostics) {
        String value = defaults.kexecTimeout();
        if (value.isEmpty()) {
            return DEFAULT;
        }
        if (value.matches("[0-9]{1,6}")) {
            long seconds = Long.parseLong(value);
            if (seconds >= 1 && seconds <= MAX_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        }
        diagnostics.warn("KEXEC_TIMEOUT=\"" + value + "\" is not a number of seconds from 1 to " + MAX_SECONDS
                + "; using " + DEFAULT.toSeconds());
        return DEFAULT;
    }

    /** How a kexec call ended, in a few words for a line: "(exit status 1)", "(killed after 30 s)". */
    static String outcomeWords(Outcome outcome) {
        if (outcome instanceof Outcome.TimedOut timedOut) {
            return "(killed after " + timedOut.limit().toSeconds() + " s, KEXEC_TIMEOUT)";
        } else if (outcome instanceof Outcome.NotStarted notStarted) {
            return "(it could not be run: " + notStarted.reason() + ")";
        }
        int status = ((Outcome.Exited) outcome).status();
        return Signals.describe(status) != null ? "(killed by " + Signals.describe(status) + ")"
                : "(exit status " + status + ")";
    }

    /** The line that says why kexec gave no answer, when it gave none. */
    public static void explain(Outcome outcome, String what, Diagnostics diagnostics) {
        if (outcome instanceof Outcome.TimedOut timedOut) {
            diagnostics.warn(what + " did not finish within " + timedOut.limit().toSeconds()
                    + " seconds (KEXEC_TIMEOUT) and was killed");
        } else if (outcome instanceof Outcome.NotStarted notStarted) {
            diagnostics.warn("cannot run " + what + ": " + notStarted.reason());
        } else if (outcome instanceof Outcome.Exited exited && Signals.describe(exited.status()) != null) {
            // The original's shell said so ("Segmentation fault"); a bare "failed." would not.
            diagnostics.warn(what + " was killed by " + Signals.describe(exited.status()));
        }
    }
}
