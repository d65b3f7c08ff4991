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

    /**
     * Asked in this order: the firmware's own one-time boot first, then its other work, then the
     * loaders' (systemd-boot's, GRUB's); then what the boot after a kexec could not do on its own;
     * then whether the last kexec boot reached its target; last, the admin's schedule of cold reboots.
     */
    public static final List<FirmwareRule> ALL = List.of(new BootNextRule(), new OsIndicationsRule(),
            new LoaderOneShotRule(), new GrubNextEntryRule(), new Tpm2UnlockRule(), new AttestationRule(),
            new CircuitBreakerRule(), new ColdEveryRule());

    /** {@link #ALL} with {@code rule} in the place of the rule of its name (kexec-load's own breaker). */
    static List<FirmwareRule> with(FirmwareRule rule) {
        List<FirmwareRule> rules = new java.util.ArrayList<>(ALL);
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).name().equals(rule.name())) {
                rules.set(i, rule);
            }
        }
        return List.copyOf(rules);
    }

    /** The variable of /etc/default/kexec that sets rules aside by name. */
    public static final String IGNORE_VARIABLE = "KEXEC_IGNORE_RULES";

    /** The rule that applies, and what it found. */
    public record Pending(FirmwareRule rule, FirmwareRule.Finding finding) {
    }

    private FirmwareRules() {
    }

    /**
     * Asks every rule in order, each finding a line of {@code trace} (unless the rule has nothing to
     * say), until one applies or cannot tell. A rule that KEXEC_IGNORE_RULES names is still asked,
     * so that the plan shows what it found, but does not decide.
     *
     * @return the first rule that applies (or cannot tell), or null when none does
     */
    public static Pending check(List<FirmwareRule> rules, Context context, KexecDefaults defaults, Trace trace) {
        List<String> ignoredRules = defaults.ignoredRules();
        for (FirmwareRule rule : rules) {
            FirmwareRule.Finding finding = rule.check(context, defaults, trace);
            boolean ignored = ignoredRules.contains(rule.name());
            if (finding.why() != null) {
                trace.note(rule.subject(), ignored && (finding.applies() || finding.cannotTell())
                        ? finding.why() + "; but " + IGNORE_VARIABLE + " names " + rule.name() + ": set aside"
                        : finding.why());
            }
            if ((finding.applies() || finding.cannotTell()) && !ignored) {
                return new Pending(rule, finding);
            }
        }
        return null;
    }

    /**
     * The words of KEXEC_IGNORE_RULES that name no rule, in words for a warning; null when every
     * word names one.
     */
    public static String unknownIgnored(KexecDefaults defaults) {
        List<String> unknown = new java.util.ArrayList<>();
        for (String name : defaults.ignoredRules()) {
            boolean known = false;
            for (FirmwareRule rule : ALL) {
                known |= rule.name().equals(name);
            }
            if (!known) {
                unknown.add("\"" + name + "\"");
            }
        }
        if (unknown.isEmpty()) {
            return null;
        }
        List<String> names = new java.util.ArrayList<>();
        for (FirmwareRule rule : ALL) {
            names.add(rule.name());
        }
        return String.join(", ", unknown) + (unknown.size() == 1 ? " is not the name of a rule" : " are not names of rules")
                + " (" + String.join(", ", names) + "); ignored";
    }
}
