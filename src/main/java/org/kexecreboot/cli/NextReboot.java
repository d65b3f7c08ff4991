package org.kexecreboot.cli;

import org.kexecreboot.SystemPaths;
import org.kexecreboot.console.OneLine;
import org.kexecreboot.initd.LoadDecision;
import org.kexecreboot.initd.LoadDecision.Decision;
import org.kexecreboot.initd.LoadDecision.Verdict;
import org.kexecreboot.kexec.Lockdown;
import org.kexecreboot.kexec.PeSignature;
import org.kexecreboot.systemd.InitSystem;
import org.kexecreboot.systemd.RebootPath;

/**
 * Which way the next reboot goes, in one word and one line: what `plan --check` answers with its exit
 * status and `plan --json` with next_reboot and reason. Derived from the same decision as the text
 * plan, so the two cannot disagree.
 *
 * @param way "kexec" or "firmware"; null when it cannot be told (Verdict.CannotTell)
 * @param reason one line saying why
 */
record NextReboot(String way, String reason) {

    static final String KEXEC = "kexec";
    static final String FIRMWARE = "firmware";

    static NextReboot of(SystemPaths paths, RebootPath path, Decision decision) {
        Verdict verdict = decision.verdict();
        if (verdict instanceof Verdict.CannotTell cannotTell) {
            return new NextReboot(null, cannotTell.what() + ": cannot tell as this user; run as root");
        }
        boolean alreadyLoaded = LoadDecision.alreadyLoaded(verdict);
        if (path.init() == InitSystem.SYSTEMD && !path.unitsReady()) {
            // Nothing of ours runs at this reboot; only a systemd that kexecs a loaded kernel by itself.
            if (alreadyLoaded && path.systemdVersion() >= RebootPath.AUTO_KEXEC_SINCE) {
                return new NextReboot(KEXEC, "a kernel is already loaded, and systemd " + path.systemdVersion()
                        + "'s `systemctl reboot` jumps into it (the units are not both enabled)");
            }
            return new NextReboot(FIRMWARE, "kexec-load.service and kexec.service are not both enabled");
        }
        if (alreadyLoaded) {
            return new NextReboot(KEXEC, ((Verdict.Nothing) verdict).why());
        }
        if (verdict instanceof Verdict.Load load) {
            String kernel = load.target().kernel();
            boolean unsigned = load.signature() == PeSignature.Presence.UNSIGNED
                    || load.signature() == PeSignature.Presence.NOT_PE;
            if (unsigned && Lockdown.read(paths.lockdown()).lockedDown()) {
                return new NextReboot(FIRMWARE, kernel + " carries no signature and this kernel is locked down"
                        + " (Secure Boot): it refuses to load it");
            }
            return new NextReboot(KEXEC, "kexec-load will load " + kernel);
        }
        if (verdict instanceof Verdict.SkipOnce skip) {
            return new NextReboot(FIRMWARE, "the skip flag " + String.join(" and ", skip.flags()) + " is set");
        }
        if (verdict instanceof Verdict.Nothing nothing) {
            return new NextReboot(FIRMWARE, nothing.why());
        }
        if (verdict instanceof Verdict.Fail fail) {
            return new NextReboot(FIRMWARE, "kexec-load will not call kexec: " + fail.reason());
        }
        if (verdict instanceof Verdict.Firmware firmware) {
            return new NextReboot(FIRMWARE, firmware.why());
        }
        if (verdict instanceof Verdict.ColdReboot cold) {
            return new NextReboot(FIRMWARE, cold.why());
        }
        return new NextReboot(FIRMWARE, ((Verdict.Unreadable) verdict).why());
    }

    /** The exit status of `plan --check`: 0 kexec, 4 firmware, 3 cannot tell. */
    int exitStatus() {
        return way == null ? ExitStatus.CANNOT_TELL : way.equals(KEXEC) ? ExitStatus.OK : ExitStatus.FIRMWARE;
    }

    /** `plan --check`'s one line. */
    String line() {
        return "next reboot: " + (way == null ? "cannot tell" : way) + ": " + OneLine.escape(reason);
    }
}
