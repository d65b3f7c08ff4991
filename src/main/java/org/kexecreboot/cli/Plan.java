package org.kexecreboot.cli;

import java.io.PrintStream;
import java.util.List;

import org.kexecreboot.boot.BootTarget;
import org.kexecreboot.boot.InitrdBundle;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.console.OneLine;
import org.kexecreboot.initd.LoadDecision.Decision;
import org.kexecreboot.initd.LoadDecision.Verdict;
import org.kexecreboot.kexec.Kexec;
import org.kexecreboot.kexec.PeSignature;
import org.kexecreboot.systemd.InitSystem;
import org.kexecreboot.systemd.RebootPath;

/** `kexec-reboot plan`: the checks of the next `kexec-load stop`, in order, and what it will do. */
final class Plan {

    private Plan() {
    }

    static void print(RebootPath path, Decision decision, String kexecBinary, PrintStream out) {
        out.println("Init system: " + path.init() + ".");
        for (String line : path.systemdLines()) {
            out.println("  " + line);
        }
        out.println(path.who() + " checks, in order:");
        int n = 1;
        if (path.init() == InitSystem.SYSTEMD) {
            out.println("  " + n++ + ". " + PlanJson.PENDING_SHUTDOWN + ": " + PlanJson.PENDING_SHUTDOWN_DETAIL);
        }
        for (Trace.Step step : decision.trace().steps()) {
            out.println("  " + n++ + ". " + step.subject() + ": " + OneLine.escape(step.finding()));
        }
        Verdict verdict = decision.verdict();
        out.println();
        if (verdict instanceof Verdict.Load load) {
            BootTarget target = load.target();
            BootTarget asLoaded = target.initrds().size() > 1
                    ? new BootTarget(target.kernel(), List.of(InitrdBundle.JOINED), target.append())
                    : target;
            out.println("So kexec-load will run:");
            out.println("  " + Shell.quote(Kexec.loadArgv(kexecBinary, asLoaded, load.syscall())));
            if (load.signature() == PeSignature.Presence.UNSIGNED || load.signature() == PeSignature.Presence.NOT_PE) {
                out.println("But " + target.kernel() + " carries no signature: if this kernel is locked down (Secure Boot)"
                        + " it refuses to load it, kexec-load says so, and the reboot goes through the firmware.");
                out.println("Secure Boot needs a kernel signed by a key this kernel trusts (Debian's signed linux-image"
                        + " packages are).");
            } else {
                out.println(path.init() == InitSystem.SYSTEMD
                        ? "and kexec.service will then run systemctl --force kexec: systemd-shutdown runs " + kexecBinary
                                + " -e once every file system is unmounted"
                        : "and S85kexec will then jump into that kernel with: " + kexecBinary + " -e");
            }
        } else if (verdict instanceof Verdict.SkipOnce) {
            out.println("So this reboot skips kexec once (the flag is removed): it goes through the firmware and GRUB.");
        } else if (verdict instanceof Verdict.Nothing nothing) {
            out.println("So kexec-load loads nothing: " + nothing.why() + ".");
            if (nothing.why().startsWith("a kernel is already loaded")) {
                out.println((path.init() == InitSystem.SYSTEMD ? "kexec.service" : "S85kexec")
                        + " will jump into the kernel already loaded (kexec -u unloads it).");
            } else if (nothing.why().startsWith("/sbin/kexec")) {
                out.println("The reboot goes through the firmware and the boot loader as usual. Install kexec-tools to use kexec.");
            } else {
                out.println("The reboot goes through the firmware and the boot loader as usual.");
                // Not "in /etc/default/kexec": Debian 13's kexec-tools deletes LOAD_KEXEC lines there.
                out.println("To reboot through kexec: run `kexec-reboot enable` (LOAD_KEXEC=true in"
                        + " /etc/default/kexec.d), or `kexec-reboot now` once.");
            }
        } else if (verdict instanceof Verdict.Fail fail) {
            out.println("So kexec-load will NOT call kexec: " + fail.reason() + ".");
            out.println("It prints \"Loading new kernel image into memory...failed.\" and the reboot goes through the firmware.");
        } else if (verdict instanceof Verdict.Firmware firmware) {
            out.println("So kexec-load loads nothing: " + OneLine.escape(firmware.why()) + ".");
            if (firmware.loaded()) {
                out.println("A kernel is loaded already: kexec-load unloads it (kexec -u), so that "
                        + (path.init() == InitSystem.SYSTEMD ? "systemd" : "S85kexec") + " finds nothing to jump into.");
            }
            out.println("The reboot goes through the firmware.");
        } else if (verdict instanceof Verdict.ColdReboot cold) {
            out.println("So kexec-load loads nothing: " + cold.why() + ".");
        } else if (verdict instanceof Verdict.CannotTell cannotTell) {
            out.println("So: cannot tell as this user; run as root (" + cannotTell.what()
                    + ", and kexec-load reads it as root).");
        } else if (verdict instanceof Verdict.Unreadable unreadable) {
            out.println("So kexec-load loads nothing: " + unreadable.why() + ".");
            out.println("The reboot goes through the firmware and the boot loader as usual.");
        }
    }
}
