package org.kexecreboot.initd;

import org.kexecreboot.boot.BootTarget;
import org.kexecreboot.boot.InitrdBundle;
import org.kexecreboot.console.Diagnostics;
import org.kexecreboot.exec.BoundedCommand;
import org.kexecreboot.exec.BoundedCommand.Outcome;
import org.kexecreboot.exec.Watchdog;
import org.kexecreboot.initd.LoadDecision.Verdict;
import org.kexecreboot.kexec.Kexec;
import org.kexecreboot.kexec.KexecSyscall;
import org.kexecreboot.kexec.SignatureRefusal;
import org.kexecreboot.state.BootMarks;

/**
 * One {@code kexec -l} of a decided load, the same for kexec-load at reboot and for
 * {@code kexec-reboot now}: the console's action line, the run's deadline extended by kexec's own
 * bound, the joined initrd removed whatever happens, a refused signature put in words, and after a
 * successful load GRUB's grubenv change for the loaded entry (under kexec GRUB never runs to make
 * it) and the circuit breaker's mark (BootMarks.PENDING). Each caller says the outcome in its own words.
 */
public final class KernelLoad {

    /**
     * @param loaded whether the kernel is loaded now
     * @param refusal why a locked-down kernel refused the new one (a sysadmin's sentence), or null
     * @param grubEnvFailure why GRUB's grubenv change was not made after a load, or null
     * @param markFailure why the circuit breaker's mark of the load (or KEXEC_COLD_EVERY's count) was not
     *     written, or null
     */
    public record Result(boolean loaded, String refusal, String grubEnvFailure, String markFailure) {
    }

    private KernelLoad() {
    }

    /** The journal's line of a load that worked. */
    public static String loadedLine(BootTarget target) {
        return "loaded " + target.kernel() + (target.initrds().isEmpty() ? " without an initrd"
                : " with initrd " + String.join(" and ", target.initrds())) + " (kexec -l): the reboot goes through kexec";
    }

    /** The journal's line of a load that did not work (kexec said why on the console). */
    public static String failedLine(BootTarget target, Result result) {
        return "kexec -l of " + target.kernel() + " failed" + (result.refusal() == null ? "" : ": " + result.refusal())
                + "; nothing is loaded, the reboot goes through the firmware";
    }

    /**
     * @param bundle the load's target with its initrds joined (the caller made it; removed here)
     * @param diagnostics the caller's name on kexec's timeout and signal lines
     */
    public static Result run(Context context, Verdict.Load load, InitrdBundle bundle, Diagnostics diagnostics) {
        // kexec's stderr reaches the console as it comes; its tail tells a refused signature afterwards.
        SignatureRefusal.Tail kexecStderr = new SignatureRefusal.Tail(context.stderr());
        Kexec kexec = new Kexec(context.paths().kexecBinary().toString(), context.environmentWithPath(KexecLoad.PATH),
                KexecTimeout.of(load.defaults(), diagnostics), context.stdout(), kexecStderr);
        context.console().actionBegin(KexecLoad.LOADING);
        Outcome outcome;
        try {
            Watchdog.extend(kexec.limit().plus(BoundedCommand.KILLED_WITHIN));
            outcome = kexec.load(bundle.target(), load.syscall());
        } finally {
            bundle.removeTemporary();
        }
        boolean loaded = outcome instanceof Outcome.Exited exited && exited.status() == 0;
        context.console().actionEnd(loaded);
        KexecTimeout.explain(outcome, "kexec -l", diagnostics);
        String refusal = null;
        if (!loaded && load.syscall() == KexecSyscall.KEXEC_FILE_LOAD && SignatureRefusal.in(kexecStderr.text())) {
            String kernel = load.target().kernel();
            refusal = SignatureRefusal.explain(kernel, context.paths().resolve(kernel));
        }
        String grubEnvFailure = null;
        if (loaded) {
            String failure = load.afterLoad().apply();
            if (failure != null) {
                grubEnvFailure = failure + "; GRUB's grubenv change (" + load.afterLoad().describe() + ") was not made";
            }
        }
        String markFailure = null;
        if (loaded && !load.defaults().ignoredRules().contains(CircuitBreakerRule.NAME)) {
            // The boot after this load says when it reaches its target (kexec-reboot boot-complete).
            String problem = BootMarks.write(context.paths(), BootMarks.PENDING, new BootMarks.Mark(
                    BootMarks.currentBoot(context.paths()), load.target().kernel(), System.currentTimeMillis() / 1000, ""));
            if (problem != null && !problem.isEmpty()) {
                markFailure = problem + "; the circuit breaker does not see this kexec boot";
            }
        }
        if (loaded) {
            String problem = ColdEveryRule.recordLoad(context, load.defaults());
            if (problem != null) {
                markFailure = markFailure == null ? problem : markFailure + "; " + problem;
            }
        }
        return new Result(loaded, refusal, grubEnvFailure, markFailure);
    }
}
