package org.kexecreboot.initd;

import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;

/**
 * One reason for the next reboot to go through the firmware although kexec is enabled and could load
 * a kernel: the firmware has work to do (a one-time boot entry, a capsule update, its setup screen),
 * a boot that a kexec'd kernel could not complete on its own, or the last kexec boot that never
 * reached its target. {@link LoadDecision} asks each rule in {@link FirmwareRules#ALL}'s order, after
 * LOAD_KEXEC and /sbin/kexec and before the loaded-kernel check (a kernel already loaded must be
 * unloaded when the firmware has work), and the first that applies decides
 * {@link LoadDecision.Verdict.Firmware}.
 *
 * <p>A rule only reads (plan runs it as any user, as often as asked); what must change when the
 * reboot honours it (a one-shot state consumed) happens in {@link #honoured}, called by kexec-load
 * at the reboot alone.
 */
public interface FirmwareRule {

    /**
     * What the rule found.
     *
     * @param applies the reboot must go through the firmware
     * @param why one line for the console, the plan, status and the journal (applies), or what was
     *     found (does not apply); null: nothing to say, no line in the plan
     * @param cannotTell this user cannot read what root will (`plan` as a user): only root can tell
     */
    record Finding(boolean applies, String why, boolean cannotTell) {
        public Finding {
            if ((applies || cannotTell) && why == null) {
                throw new IllegalArgumentException("a rule that applies, or cannot tell, says why");
            }
        }

        public Finding(boolean applies, String why) {
            this(applies, why, false);
        }

        public static Finding no(String found) {
            return new Finding(false, found);
        }

        /**
         * The rule's subject does not exist on this machine (no efivarfs: a BIOS machine): no line in
         * the plan, so that the plan of a machine where no rule can apply stays as it was, line for line.
         */
        public static Finding notHere() {
            return new Finding(false, null);
        }

        public static Finding yes(String why) {
            return new Finding(true, why);
        }

        /** Not as root, and what decides is readable by root only: the verdict is "cannot tell". */
        public static Finding cannotTell(String why) {
            return new Finding(false, why, true);
        }
    }

    /** A stable name: the journal's and --json's word for the rule ("boot-next", "circuit-breaker", …). */
    String name();

    /** The subject of its line in the plan's checks ("EFI BootNext"). */
    String subject();

    /**
     * Whether the rule applies. Reads only, bounded; never throws: what cannot be read is a finding.
     * Notes in {@code trace} beyond the rule's own line are the rule's business (the caller adds the line).
     */
    Finding check(Context context, KexecDefaults defaults, Trace trace);

    /** The reboot goes through the firmware because of this rule (kexec-load, at the reboot only). */
    default void honoured(Context context) {
    }
}
