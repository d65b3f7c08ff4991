package org.kexecreboot.initd;

import java.util.List;

import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;

/**
 * The rules that send a reboot through the firmware, in the order they are asked (the first that
 * applies decides, the others are not asked). The one list for every edge: kexec-load (sysvinit and
 * systemd), plan, status and `kexec-reboot now`.
 */
public final class FirmwareRules {

    /** Asked in this order: the firmware's own one-time boot first, then its other work, then the loader's. */
    public static final List<FirmwareRule> ALL = List.of(new BootNextRule(), new OsIndicationsRule(),
            new LoaderOneShotRule());

    /** The rule that applies, and what it found. */
    public record Pending(FirmwareRule rule, FirmwareRule.Finding finding) {
    }

    private FirmwareRules() {
    }

    /**
     * Asks every rule in order, each finding a line of {@code trace} (unless the rule has nothing to
     * say), until one applies.
     *
     * @return the first rule that applies, or null when none does
     */
    public static Pending check(List<FirmwareRule> rules, Context context, KexecDefaults defaults, Trace trace) {
        for (FirmwareRule rule : rules) {
            FirmwareRule.Finding finding = rule.check(context, defaults, trace);
            if (finding.why() != null) {
                trace.note(rule.subject(), finding.why());
            }
            if (finding.applies()) {
                return new Pending(rule, finding);
            }
        }
        return null;
    }
}
