package org.kexecreboot.initd;

import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.state.BootMarks;
import org.kexecreboot.state.BootMarks.Mark;
import org.kexecreboot.systemd.InitSystem;
import org.kexecreboot.systemd.Systemctl;

/**
 * {@code circuit-breaker}: the last boot entered through kexec did not reach its target, so this one
 * reboot goes through the firmware, which starts the machine afresh (and lets a person at the console
 * choose in GRUB). Two ways to know (the marks of {@link BootMarks}, in /var/lib/kexec-reboot):
 *
 * <ul>
 * <li>{@code tripped}: a boot that came through the firmware found that the kexec'd boot before it
 * never reached its target (it hung and was reset, or kexec -e failed);
 * <li>{@code pending} of an earlier boot: this boot followed a kexec load and is rebooting before
 * {@code kexec-reboot boot-complete} (kexec-boot-complete.service, after multi-user.target; the
 * kexec-boot-complete init script, last in runlevels 2-5) said that it reached its target. On systemd
 * systemd is asked as well (multi-user.target's ActiveEnterTimestampMonotonic): the unit may have
 * been stopped by a reboot asked for right after the target, before it took the mark away.
 * </ul>
 *
 * Once: the reboot that honours it removes both marks. On a machine where nothing was ever loaded
 * there is no mark and no line in the plan.
 */
final class CircuitBreakerRule implements FirmwareRule {

    static final String NAME = "circuit-breaker";
    /** The target a boot must reach on systemd (kexec-boot-complete.service runs after it). */
    static final String TARGET = "multi-user.target";

    /** Null: each check looks afresh (plan, status); else what kexec-load looked at once. */
    private final Look look;

    CircuitBreakerRule() {
        this(null);
    }

    /** A breaker that judges what was looked at already: kexec-load's, which settles from it too. */
    CircuitBreakerRule(Look look) {
        this.look = look;
    }

    /**
     * What the breaker looks at, each read at most once and only when needed: both marks, this
     * boot's id, and (only when a mark of an earlier boot is pending on systemd) whether this boot
     * reached multi-user.target. The check and {@link #settle} share one: one bounded systemctl show
     * at a reboot, not one for each. One thread's (kexec-load's main): not for sharing.
     */
    static final class Look {
        private final Context context;
        /** Read at once: settling needs it at every reboot. The rest only when asked for. */
        final BootMarks.Read pending;
        private BootMarks.Read tripped;
        private String currentBoot;
        private boolean asked;
        private Boolean reached;

        private Look(Context context) {
            this.context = context;
            this.pending = BootMarks.read(context.paths(), BootMarks.PENDING);
        }

        BootMarks.Read tripped() {
            if (tripped == null) {
                tripped = BootMarks.read(context.paths(), BootMarks.TRIPPED);
            }
            return tripped;
        }

        String currentBoot() {
            if (currentBoot == null) {
                currentBoot = BootMarks.currentBoot(context.paths());
            }
            return currentBoot;
        }

        static Look at(Context context) {
            return new Look(context);
        }

        /** The pending mark when it names an earlier boot than this one, else null. */
        Mark pendingOfEarlierBoot() {
            if (!(pending instanceof BootMarks.Read.Present present)) {
                return null;
            }
            String loadedIn = present.mark().bootId();
            String current = currentBoot();
            return current.isEmpty() || loadedIn.isEmpty() || current.equals(loadedIn) ? null : present.mark();
        }

        /** On systemd, whether this boot reached {@link #TARGET} (null: systemd cannot say); asked once. */
        Boolean reachedTarget() {
            if (!asked) {
                asked = true;
                reached = new Systemctl(context.paths(), context.environmentWithPath(KexecLoad.PATH)).reachedThisBoot(TARGET);
            }
            return reached;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String subject() {
        return "circuit breaker";
    }

    @Override
    public Finding check(Context context, KexecDefaults defaults, Trace trace) {
        Look seen = look != null ? look : Look.at(context);
        BootMarks.Read tripped = seen.tripped();
        if (tripped instanceof BootMarks.Read.Present present) {
            Mark mark = present.mark();
            return Finding.yes("the kexec boot into " + mark.kernel() + " (loaded in " + Mark.boot(mark.bootId())
                    + ") did not reach its target: " + Mark.boot(mark.foundIn()) + " came through the firmware before it"
                    + " did, so this reboot goes through the firmware once");
        }
        BootMarks.Read unreadable = tripped instanceof BootMarks.Read.Unreadable ? tripped : seen.pending;
        if (unreadable instanceof BootMarks.Read.Unreadable why) {
            return Finding.no(why.why() + ": the breaker cannot tell, and does not trip");
        }
        if (!(seen.pending instanceof BootMarks.Read.Present present)) {
            return Finding.notHere();
        }
        Mark mark = present.mark();
        String current = seen.currentBoot();
        if (current.isEmpty() || mark.bootId().isEmpty()) {
            return Finding.no(BootMarks.PENDING + " names " + Mark.boot(mark.bootId()) + " and this is "
                    + Mark.boot(current) + ": the breaker cannot tell, and does not trip");
        }
        if (current.equals(mark.bootId())) {
            return Finding.no(mark.kernel() + " was loaded in this boot: the boot after it says when it reaches its"
                    + " target");
        }
        String followed = "this boot followed kexec-load's load of " + mark.kernel() + " (in " + Mark.boot(mark.bootId()) + ")";
        if (InitSystem.of(context.paths()) == InitSystem.SYSTEMD) {
            // kexec-boot-complete.service may not have finished (a reboot asked for right after
            // multi-user.target stops it): systemd itself knows whether the target was reached.
            Boolean reached = seen.reachedTarget();
            if (Boolean.TRUE.equals(reached)) {
                return Finding.no(followed + " and reached " + TARGET + " (systemd says so)");
            }
            return Finding.yes(followed + " and did not reach " + TARGET + (reached == null ? " (systemd cannot say)" : "")
                    + ", so this reboot goes through the firmware once");
        }
        return Finding.yes(followed + " and did not reach its target (no mark from kexec-boot-complete), so this reboot"
                + " goes through the firmware once");
    }

    /**
     * At a reboot on systemd, whatever the verdict: a mark of an earlier boot whose boot after it
     * reached multi-user.target (systemd says so) is taken away. kexec-boot-complete.service may
     * have been stopped by a reboot asked for right after the target, before it took it; left, the
     * mark would make the boot after this one, if that comes through the firmware (a skip-once, a
     * firmware rule, LOAD_KEXEC=false), trip the breaker for a kexec boot that did complete.
     *
     * @param seen what the decision's breaker looked at (systemd's answer is reused, not asked again)
     * @return why a mark that should go is still there, or null
     */
    static String settle(Context context, Look seen) {
        if (seen.pendingOfEarlierBoot() == null || InitSystem.of(context.paths()) != InitSystem.SYSTEMD
                || !Boolean.TRUE.equals(seen.reachedTarget())) {
            return null;
        }
        String problem = BootMarks.remove(context.paths(), BootMarks.PENDING);
        return problem == null || problem.isEmpty() ? null : problem;
    }

    /** Once: both marks go, so that the reboot after the cold one kexecs again. */
    @Override
    public void honoured(Context context) {
        for (String name : new String[] {BootMarks.TRIPPED, BootMarks.PENDING}) {
            String problem = BootMarks.remove(context.paths(), name);
            if (problem != null && !problem.isEmpty()) {
                context.stderr().println("kexec-load: " + problem + "; the circuit breaker may trip again");
            }
        }
    }
}
