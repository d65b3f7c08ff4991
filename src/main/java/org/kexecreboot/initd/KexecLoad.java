package org.kexecreboot.initd;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import org.kexecreboot.Privileges;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.boot.InitrdBundle;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.console.Diagnostics;
import org.kexecreboot.console.LsbConsole;
import org.kexecreboot.console.OneLine;
import org.kexecreboot.exec.BoundedCommand;
import org.kexecreboot.exec.BoundedCommand.Outcome;
import org.kexecreboot.exec.Signals;
import org.kexecreboot.exec.Watchdog;
import org.kexecreboot.initd.LoadDecision.Verdict;
import org.kexecreboot.kexec.Kexec;
import org.kexecreboot.kexec.KexecSyscall;
import org.kexecreboot.kexec.Lockdown;
import org.kexecreboot.state.BootMarks;
import org.kexecreboot.state.Event;
import org.kexecreboot.state.EventLog;
import org.kexecreboot.state.KexecStreak;
import org.kexecreboot.state.RebootHistory;
import org.kexecreboot.systemd.InitSystem;
import org.kexecreboot.systemd.PendingShutdown;
import org.kexecreboot.systemd.Systemctl;

/**
 * /etc/init.d/kexec-load (K18 in runlevel 6): loads the next kernel with {@code kexec -l}, so that
 * S85kexec can jump into it. {@link LoadDecision} decides; this acts on the verdict.
 */
public final class KexecLoad extends InitScript {

    /** The original's PATH: kexec and whatever /etc/default/kexec runs are found with it. */
    public static final String PATH = "/sbin:/bin:/usr/sbin:/usr/bin";

    static final String LOADING = "Loading new kernel image into memory";

    private final Diagnostics diagnostics = new Diagnostics("kexec-load");

    KexecLoad(Context context) {
        super(context);
    }

    /** No lambdas or method references here: each costs milliseconds of bootstrap at every reboot. */
    public static void main(String[] argv) {
        int status = 0;
        Throwable failure = null;
        try {
            Watchdog.arm("kexec-load", Watchdog.BUDGET, SystemPaths.system().kexecLoaded());
            status = new KexecLoad(Context.fromShim(invokedAs(argv, "kexec-load"))).run(arguments(argv));
        } catch (Throwable t) {
            failure = t;
        }
        exit("kexec-load", status, failure);
    }

    @Override
    void stop() {
        // On systemd this runs as kexec-load.service's ExecStop, which is also stopped at poweroff
        // and halt: only a queued reboot loads (K18 ran in runlevel 6 only). sysvinit: as before.
        if (InitSystem.of(context.paths()) == InitSystem.SYSTEMD) {
            if (Defaults.fromShim()) {
                // The values first (the shell beside us has them by now): then stdin is free, and the
                // shim asks systemctl for us (exec.ShimRunner), not a process of the JVM's own.
                try {
                    Defaults.read(context, PATH, context.stdout(), List.of());
                } catch (org.kexecreboot.config.DefaultsFile.Unreadable e) {
                    // Said by the decision, which reads them again (kept), if it gets that far.
                }
            }
            PendingShutdown pending = new Systemctl(context.paths(), context.environmentWithPath(PATH)).pendingShutdown();
            if (!pending.reboot()) {
                context.stderr().println("kexec-load: " + pending.why() + "; not loading a kernel");
                return;
            }
        }
        // The breaker looks once, and its check and the settling share what it saw.
        CircuitBreakerRule.Look breaker = CircuitBreakerRule.Look.at(context);
        LoadDecision.Decision decision = LoadDecision.decide(context, context.stdout(), false, List.of(), false,
                FirmwareRules.with(new CircuitBreakerRule(breaker)));
        if (!(decision.verdict() instanceof Verdict.Firmware f && f.rule() instanceof CircuitBreakerRule)) {
            String unsettled = CircuitBreakerRule.settle(context, breaker);
            if (unsettled != null) {
                diagnostics.warn(unsettled);
            }
        }
        if (FirmwareOverride.set(context.paths())) {
            // `now --force` marked this one reboot; the decision has read it, and it must not outlive it.
            String problem = FirmwareOverride.remove(context.paths());
            if (problem != null) {
                diagnostics.warn(problem);
            }
        }
        if (decision.catComplaint() != null) {
            context.stderr().println(decision.catComplaint());
        }
        for (Trace.Step step : decision.trace().steps()) {
            if (step.warning()) {
                diagnostics.warn(step.finding());
            }
        }
        Verdict verdict = decision.verdict();
        Said said;
        if (verdict instanceof Verdict.SkipOnce skip) {
            for (String flag : skip.flags()) {
                removeSkipFlag(flag);
            }
            said = Said.firmware(Event.SKIPPED, "the skip flag " + String.join(" and ", skip.flags())
                    + " is set: this reboot goes through the firmware, once");
        } else if (verdict instanceof Verdict.ColdReboot cold) {
            context.console().line(OneLine.escape(cold.why()));
            said = Said.firmware(Event.FIRMWARE, cold.why());
        } else if (verdict instanceof Verdict.Firmware firmware) {
            if (firmware.loaded()) {
                said = unload(firmware);
            } else {
                context.console().line(OneLine.escape(firmware.why()));
                said = Said.firmware(Event.FIRMWARE, firmware.why());
            }
            firmware.rule().honoured(context);
        } else if (verdict instanceof Verdict.Fail fail) {
            fail(fail.reason());
            said = Said.firmware(Event.LOAD_FAILED, "not loading a kernel: " + fail.reason());
        } else if (verdict instanceof Verdict.Load load) {
            said = load(load);
        } else if (verdict instanceof Verdict.CannotTell cannotTell) {
            // Not as root, so not at a reboot; a load by hand as a user gets kexec's own refusal anyway.
            diagnostics.warn(cannotTell.what() + ": cannot tell as this user; run as root");
            return;
        } else if (verdict instanceof Verdict.Unreadable unreadable) {
            // The original's shell died sourcing it: nothing loaded, the reboot goes on.
            diagnostics.warn(unreadable.why() + "; not loading a kernel");
            said = Said.firmware(Event.LOAD_FAILED, unreadable.why() + "; not loading a kernel");
        } else {
            String why = ((Verdict.Nothing) verdict).why();
            said = LoadDecision.alreadyLoaded(verdict) ? new Said(Event.ALREADY_LOADED, why, KexecStreak.KEXEC, "")
                    : Said.firmware(Event.FIRMWARE, why);
        }
        record(said);
    }

    /**
     * What this reboot does, as the journal line says it and `kexec-reboot last` shows it the boot after.
     *
     * @param planned "kexec" or "firmware"
     * @param kernel the kernel loaded, or ""
     */
    record Said(Event event, String message, String planned, String kernel) {
        static Said firmware(Event event, String message) {
            return new Said(event, message, KexecStreak.FIRMWARE, "");
        }
    }

    /** The journal line (through the shim) and the request `boot-complete` joins to the next boot. */
    private void record(Said said) {
        if (!Privileges.isRoot()) {
            return; // by hand as a user: not a reboot, and nothing of ours is this user's to write
        }
        String problem = EventLog.forThisRun(context.paths()).add(said.event(), "kexec-load", said.message(),
                "PLANNED", said.planned(), "KERNEL", said.kernel());
        if (problem != null) {
            diagnostics.warn(problem + "; the journal does not get this reboot's line");
        }
        problem = RebootHistory.request(context.paths(), new RebootHistory.Request(BootMarks.currentBoot(context.paths()),
                System.currentTimeMillis() / 1000, said.planned(), said.message(), said.kernel()));
        if (problem != null && !problem.isEmpty()) {
            diagnostics.warn(problem + "; `kexec-reboot last` will not know why this reboot went as it did");
        }
    }

    private Said load(Verdict.Load load) {
        InitrdBundle bundle;
        try {
            bundle = InitrdBundle.of(context.paths(), load.target());
        } catch (InitrdBundle.JoinFailed e) {
            fail(e.getMessage());
            return Said.firmware(Event.LOAD_FAILED, "not loading a kernel: " + e.getMessage());
        }
        KernelLoad.Result result = KernelLoad.run(context, load, bundle, diagnostics);
        if (result.refusal() != null) {
            diagnostics.warn(result.refusal() + "; nothing is loaded, the reboot goes through the firmware");
        }
        if (result.grubEnvFailure() != null) {
            diagnostics.warn(result.grubEnvFailure());
        }
        if (result.markFailure() != null) {
            diagnostics.warn(result.markFailure());
        }
        return result.loaded() ? new Said(Event.LOADED, KernelLoad.loadedLine(load.target()), KexecStreak.KEXEC,
                load.target().kernel())
                : Said.firmware(Event.LOAD_FAILED, KernelLoad.failedLine(load.target(), result));
    }

    /**
     * The firmware has work, and a kernel is loaded already (by `kexec-reboot now`, by hand, by an
     * earlier stop): S85kexec, or systemd 255+ on its own, would jump into it and skip that work. So
     * {@code kexec -u}, bounded as a load is (KEXEC_TIMEOUT), with the syscall a load would use (a
     * locked-down kernel refuses a plain -u). One line either way; when the unload fails the kernel
     * stays loaded and the line says that the reboot will jump into it.
     */
    private Said unload(Verdict.Firmware firmware) {
        KexecSyscall syscall = KexecSyscall.choose(firmware.defaults().kexecSyscall(),
                Lockdown.read(context.paths().lockdown())).syscall();
        Kexec kexec = new Kexec(context.paths().kexecBinary().toString(), context.environmentWithPath(PATH),
                KexecTimeout.of(firmware.defaults(), diagnostics), context.stdout(), context.stderr());
        Watchdog.extend(kexec.limit().plus(BoundedCommand.KILLED_WITHIN));
        Outcome outcome = kexec.unload(syscall);
        String argv = String.join(" ", Kexec.unloadArgv("kexec", syscall));
        if (outcome instanceof Outcome.Exited exited && exited.status() == 0) {
            context.console().line(OneLine.escape(firmware.why() + "; the kernel already loaded is unloaded (" + argv + ")"));
            String problem = BootMarks.forgetLoadOfThisBoot(context.paths());
            if (problem != null && !problem.isEmpty()) {
                diagnostics.warn(problem);
            }
            return Said.firmware(Event.FIRMWARE, firmware.why() + "; the kernel already loaded is unloaded (" + argv + ")");
        }
        String failure;
        if (outcome instanceof Outcome.TimedOut timedOut) {
            failure = "did not finish within " + timedOut.limit().toSeconds() + " seconds (KEXEC_TIMEOUT) and was killed";
        } else if (outcome instanceof Outcome.NotStarted notStarted) {
            failure = "could not be run (" + notStarted.reason() + ")";
        } else {
            int status = ((Outcome.Exited) outcome).status();
            failure = Signals.describe(status) != null ? "was killed by " + Signals.describe(status)
                    : "failed (exit status " + status + ")";
        }
        String stays = firmware.why() + "; but " + argv + " " + failure
                + ": the kernel already loaded stays, and the reboot jumps into it";
        diagnostics.warn(stays);
        return new Said(Event.FIRMWARE, stays, KexecStreak.KEXEC, "");
    }

    /** The load fails before kexec runs: the console line, then why. */
    private void fail(String reason) {
        LsbConsole console = context.console();
        console.actionBegin(LOADING);
        console.actionEnd(false);
        diagnostics.warn(reason + "; not loading a kernel");
    }

    /**
     * Removes a skip flag (the link itself, as `rm -f`). If it cannot be removed the skip still
     * holds, and rm's own words say why.
     */
    private void removeSkipFlag(String flag) {
        try {
            Files.deleteIfExists(context.paths().resolve(flag));
        } catch (IOException e) {
            context.stderr().println("/bin/rm: cannot remove '" + flag + "': " + SystemFiles.reason(e));
        }
    }
}
