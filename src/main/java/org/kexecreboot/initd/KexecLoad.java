package org.kexecreboot.initd;

import java.io.IOException;
import java.nio.file.Files;

import org.kexecreboot.SystemFiles;
import org.kexecreboot.boot.GrubEnvUpdate;
import org.kexecreboot.boot.InitrdBundle;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.console.Diagnostics;
import org.kexecreboot.console.LsbConsole;
import org.kexecreboot.exec.BoundedCommand.Outcome;
import org.kexecreboot.initd.LoadDecision.Verdict;
import org.kexecreboot.kexec.Kexec;

/**
 * /etc/init.d/kexec-load (K18 in runlevel 6): loads the next kernel with {@code kexec -l}, so that
 * S85kexec can jump into it. {@link LoadDecision} decides; this acts on the verdict.
 */
public final class KexecLoad extends InitScript {

    /** The original's PATH: kexec and whatever /etc/default/kexec runs are found with it. */
    public static final String PATH = "/sbin:/bin:/usr/sbin:/usr/bin";

    private static final String LOADING = "Loading new kernel image into memory";

    private final Diagnostics diagnostics = new Diagnostics("kexec-load");

    KexecLoad(Context context) {
        super(context);
    }

    /** No lambdas or method references here: each costs milliseconds of bootstrap at every reboot. */
    public static void main(String[] argv) {
        int status = 0;
        Throwable failure = null;
        try {
            status = new KexecLoad(Context.fromShim(invokedAs(argv, "kexec-load"))).run(arguments(argv));
        } catch (Throwable t) {
            failure = t;
        }
        exit("kexec-load", status, failure);
    }

    @Override
    void stop() {
        LoadDecision.Decision decision = LoadDecision.decide(context, context.stdout(), false);
        if (decision.catComplaint() != null) {
            context.stderr().println(decision.catComplaint());
        }
        for (Trace.Step step : decision.trace().steps()) {
            if (step.warning()) {
                diagnostics.warn(step.finding());
            }
        }
        Verdict verdict = decision.verdict();
        if (verdict instanceof Verdict.SkipOnce) {
            removeSkipFlag();
        } else if (verdict instanceof Verdict.ColdReboot cold) {
            context.console().line(cold.why());
        } else if (verdict instanceof Verdict.Fail fail) {
            fail(fail.reason());
        } else if (verdict instanceof Verdict.Load load) {
            load(load);
        } else if (verdict instanceof Verdict.Unreadable unreadable) {
            // The original's shell died sourcing it: nothing loaded, the reboot goes on.
            diagnostics.warn(unreadable.why() + "; not loading a kernel");
        }
    }

    private void load(Verdict.Load load) {
        Kexec kexec = new Kexec(context.paths().kexecBinary().toString(), context.environmentWithPath(PATH),
                KexecTimeout.of(load.defaults(), diagnostics), context.stdout(), context.stderr());
        InitrdBundle bundle;
        try {
            bundle = InitrdBundle.of(context.paths(), load.target());
        } catch (InitrdBundle.JoinFailed e) {
            fail(e.getMessage());
            return;
        }
        LsbConsole console = context.console();
        console.actionBegin(LOADING);
        Outcome outcome = kexec.load(bundle.target());
        boolean loaded = outcome instanceof Outcome.Exited exited && exited.status() == 0;
        console.actionEnd(loaded);
        KexecTimeout.explain(outcome, "kexec -l", diagnostics);
        bundle.removeTemporary();
        if (loaded) {
            afterLoad(load.afterLoad());
        }
    }

    /** GRUB's own grubenv change for the loaded entry (a one-time next_entry cleared …); a failure only says so. */
    private void afterLoad(GrubEnvUpdate update) {
        String failure = update.apply();
        if (failure != null) {
            diagnostics.warn(failure + "; GRUB's grubenv change (" + update.describe() + ") was not made");
        }
    }

    /** The load fails before kexec runs: the console line, then why. */
    private void fail(String reason) {
        LsbConsole console = context.console();
        console.actionBegin(LOADING);
        console.actionEnd(false);
        diagnostics.warn(reason + "; not loading a kernel");
    }

    /**
     * Removes /tmp/no-kexec-reboot (the link itself, as `rm -f`). If it cannot be removed the skip
     * still holds, and rm's own words say why.
     */
    private void removeSkipFlag() {
        try {
            Files.deleteIfExists(context.paths().skipFlag());
        } catch (IOException e) {
            context.stderr().println("/bin/rm: cannot remove '/tmp/no-kexec-reboot': " + SystemFiles.reason(e));
        }
    }
}
