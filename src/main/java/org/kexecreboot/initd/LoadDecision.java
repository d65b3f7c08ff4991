package org.kexecreboot.initd;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kexecreboot.Privileges;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.boot.BootTarget;
import org.kexecreboot.boot.GrubEnvUpdate;
import org.kexecreboot.boot.Selection;
import org.kexecreboot.boot.TargetSelector;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.DefaultsFile;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.kexec.KexecSyscall;
import org.kexecreboot.kexec.LoadedState;
import org.kexecreboot.kexec.Lockdown;
import org.kexecreboot.kexec.PeSignature;

/**
 * What {@code kexec-load stop} will do, decided by reading only: the original's checks in the
 * original's order, the first that says no deciding. The init script then acts on the verdict;
 * {@code kexec-reboot plan} prints the trace. One decision for both, so the plan cannot drift from
 * what the reboot does.
 */
public final class LoadDecision {

    /** What the decision came to. */
    public sealed interface Verdict {
        /** Nothing to do; the original exits 0 here without a word. */
        record Nothing(String why) implements Verdict {
        }

        /**
         * A skip flag is set (/tmp/no-kexec-reboot, or Debian's /no-kexec-reboot from coldreboot):
         * remove the flags that are set, load nothing, this one time.
         *
         * @param flags the flags that are set, as the system names them ("/tmp/no-kexec-reboot")
         */
        record SkipOnce(List<String> flags) implements Verdict {
        }

        /**
         * Load this target with kexec -l, through this syscall; after a successful load, change grubenv
         * as GRUB would have when booting the entry (a one-time next_entry cleared, savedefault).
         *
         * @param signature whether the kernel carries a signature, looked at only when loading with
         *     kexec_file_load (else null): a locked-down kernel refuses one without
         */
        record Load(BootTarget target, KexecDefaults defaults, KexecSyscall syscall, PeSignature.Presence signature,
                GrubEnvUpdate afterLoad) implements Verdict {
        }

        /**
         * A {@link FirmwareRule} applies: the reboot goes through the firmware, nothing is loaded.
         *
         * @param rule the rule that applied (kexec-load calls its {@code honoured} at the reboot)
         * @param why one line saying why
         * @param loaded whether a kernel is loaded already (/sys/kernel/kexec_loaded is 1): kexec-load
         *     unloads it with {@code kexec -u}, so that S85kexec (or systemd) finds nothing to jump into
         * @param defaults /etc/default/kexec as evaluated (KEXEC_TIMEOUT and KEXEC_SYSCALL bound the unload)
         */
        record Firmware(FirmwareRule rule, String why, boolean loaded, KexecDefaults defaults) implements Verdict {
        }

        /** Do not call kexec: the load fails at once, for this reason. */
        record Fail(String reason) implements Verdict {
        }

        /** GRUB's default is not Linux: say so on stdout, load nothing. */
        record ColdReboot(String why) implements Verdict {
        }

        /** /etc/default/kexec stopped the shell that evaluated it. */
        record Unreadable(String why) implements Verdict {
        }

        /**
         * Run as a user who cannot read what kexec-load (root) will read: only root can tell. Never at
         * reboot (root reads everything); `plan` and `status` as a user say so instead of guessing.
         */
        record CannotTell(String what) implements Verdict {
        }
    }

    /** The verdict, the checks behind it, and cat's complaint when kexec_loaded was unreadable. */
    public record Decision(Verdict verdict, Trace trace, String catComplaint) {
    }

    private static final String ALREADY_LOADED = "a kernel is already loaded";

    /** Whether the verdict is "nothing to do: a kernel is loaded already" (the reboot then kexecs into it). */
    public static boolean alreadyLoaded(Verdict verdict) {
        return verdict instanceof Verdict.Nothing nothing && nothing.why().startsWith(ALREADY_LOADED);
    }

    /** The seed's skip flag (`kexec-reboot skip-once`). */
    public static final String SKIP_FLAG = "/tmp/no-kexec-reboot";
    /** The plan's subject when `now --force` sets a firmware rule aside. */
    public static final String FORCED = "kexec-reboot now --force";
    /** Debian's skip flag (kexec-tools' `coldreboot`). */
    public static final String COLD_REBOOT_FLAG = "/no-kexec-reboot";

    private LoadDecision() {
    }

    /**
     * @param configOutput where /etc/default/kexec's own output goes (the console at reboot)
     * @param loadAnyway take LOAD_KEXEC as "true" whatever it is (`kexec-reboot now`)
     */
    public static Decision decide(Context context, OutputStream configOutput, boolean loadAnyway) {
        return decide(context, configOutput, loadAnyway, List.of());
    }

    /**
     * @param runAs the argv prefix /bin/sh is started through to evaluate /etc/default/kexec (a
     *     privilege-dropping setpriv for an image's file); empty: directly
     */
    public static Decision decide(Context context, OutputStream configOutput, boolean loadAnyway,
            List<String> runAs) {
        return decide(context, configOutput, loadAnyway, runAs, false);
    }

    /**
     * @param forced a firmware rule that applies does not decide (`kexec-reboot now --force`); the
     *     reboot after it finds {@link FirmwareOverride}'s mark instead
     */
    public static Decision decide(Context context, OutputStream configOutput, boolean loadAnyway,
            List<String> runAs, boolean forced) {
        return decide(context, configOutput, loadAnyway, runAs, forced, FirmwareRules.ALL);
    }

    /** @param rules the firmware rules, in order ({@link FirmwareRules#ALL}, or kexec-load's own list) */
    static Decision decide(Context context, OutputStream configOutput, boolean loadAnyway,
            List<String> runAs, boolean forced, List<FirmwareRule> rules) {
        Trace trace = new Trace();
        Path defaultsFile = context.paths().defaultsFile();
        if (Files.exists(defaultsFile) && !Files.isReadable(defaultsFile) && !Privileges.isRoot()) {
            // The shell's `test -r` would say "absent", and the verdict would be a confident guess.
            trace.note("/etc/default/kexec", "not readable by this user: cannot tell");
            return new Decision(new Verdict.CannotTell("/etc/default/kexec is not readable by this user"), trace, null);
        }
        KexecDefaults defaults;
        try {
            defaults = Defaults.read(context, KexecLoad.PATH, configOutput, runAs);
        } catch (DefaultsFile.Unreadable e) {
            trace.note("/etc/default/kexec", e.getMessage());
            return new Decision(new Verdict.Unreadable(e.getMessage()), trace, null);
        }
        trace.note("/etc/default/kexec", (Files.isReadable(context.paths().defaultsFile())
                ? "evaluated by /bin/sh: " : "absent (every variable unset): ") + describe(defaults));
        if (defaults.loadEnabled()) {
            trace.note("LOAD_KEXEC", "\"true\": kexec is enabled");
        } else if (loadAnyway) {
            trace.note("LOAD_KEXEC", "\"" + defaults.loadKexec() + "\", taken as \"true\" this once");
        } else {
            return new Decision(new Verdict.Nothing("LOAD_KEXEC is \"" + defaults.loadKexec()
                    + "\", not \"true\": kexec is not enabled"), trace, null);
        }
        Path kexec = context.paths().kexecBinary();
        if (!SystemFiles.isExecutable(kexec)) {
            return new Decision(new Verdict.Nothing("/sbin/kexec is missing or not executable (kexec-tools)"),
                    trace, null);
        }
        trace.note("/sbin/kexec", "executable");
        String unknownRules = FirmwareRules.unknownIgnored(defaults);
        if (unknownRules != null) {
            trace.warn(FirmwareRules.IGNORE_VARIABLE, unknownRules);
        }
        LoadedState loaded = LoadedState.of(context.paths().kexecLoaded());
        // Before the loaded-kernel check: a kernel already loaded must not skip the firmware's work
        // (kexec-load unloads it). Without efivarfs no rule says a word, and the checks are the original's.
        FirmwareRules.Pending pending = FirmwareRules.check(rules, context, defaults, trace);
        if (pending != null && pending.finding().cannotTell() && !forced) {
            return new Decision(new Verdict.CannotTell(pending.finding().why()), trace, loaded.catComplaint());
        } else if (pending != null && forced) {
            trace.note(FORCED, "kexecs anyway, this once");
        } else if (pending != null && FirmwareOverride.set(context.paths())) {
            trace.note(SystemPaths.FIRMWARE_OVERRIDE, "set by `kexec-reboot now --force`: this reboot kexecs anyway");
        } else if (pending != null) {
            return new Decision(new Verdict.Firmware(pending.rule(), pending.finding().why(), loaded.loaded(), defaults),
                    trace, loaded.catComplaint());
        }
        if (loaded.loaded()) {
            return new Decision(new Verdict.Nothing(ALREADY_LOADED + " (/sys/kernel/kexec_loaded is 1): "
                    + "it stays, and S85kexec will run it"), trace, null);
        }
        trace.note("/sys/kernel/kexec_loaded", loaded.unreadable() == null ? "no kernel loaded yet"
                : "unreadable (" + loaded.unreadable() + "): counts as no kernel loaded");
        // Two flags ask for the same thing: the seed's, and Debian's from kexec-tools' coldreboot.
        // Either skips this one reboot; every one that is set is removed, so the skip is once. Each
        // counts only as `[ -f ]` would see it (SkipFlag says what else is there, for plan and status).
        SkipFlag seed = SkipFlag.at(context.paths().skipFlag(), SKIP_FLAG);
        SkipFlag debian = SkipFlag.at(context.paths().coldRebootFlag(), COLD_REBOOT_FLAG);
        trace.note(SKIP_FLAG, seed.finding());
        trace.note(COLD_REBOOT_FLAG, debian.finding());
        List<String> flags = new ArrayList<>();
        if (seed.set()) {
            flags.add(SKIP_FLAG);
        }
        if (debian.set()) {
            flags.add(COLD_REBOOT_FLAG);
        }
        if (!flags.isEmpty()) {
            return new Decision(new Verdict.SkipOnce(List.copyOf(flags)), trace, loaded.catComplaint());
        }
        Selection selection = new TargetSelector(context.paths()).select(defaults, trace);
        Verdict verdict;
        if (selection instanceof Selection.Load load) {
            verdict = loadVerdict(context, load.target(), defaults, load.afterLoad(), trace);
        } else if (selection instanceof Selection.Fail fail) {
            verdict = new Verdict.Fail(fail.reason());
        } else if (selection instanceof Selection.CannotTell cannotTell) {
            verdict = new Verdict.CannotTell(cannotTell.what());
        } else {
            verdict = new Verdict.ColdReboot(((Selection.ColdReboot) selection).why());
        }
        return new Decision(verdict, trace, loaded.catComplaint());
    }

    /** The syscall for the load (the kernel's lockdown state, KEXEC_SYSCALL) and, for kexec_file_load, the signature. */
    private static Verdict.Load loadVerdict(Context context, BootTarget target, KexecDefaults defaults,
            GrubEnvUpdate afterLoad, Trace trace) {
        Lockdown lockdown = Lockdown.read(context.paths().lockdown());
        trace.note("/sys/kernel/security/lockdown", lockdown.describe());
        KexecSyscall.Choice choice = KexecSyscall.choose(defaults.kexecSyscall(), lockdown);
        if (choice.complaint() != null) {
            trace.warn(KexecSyscall.VARIABLE, choice.complaint());
        }
        trace.note("syscall", choice.syscall().describe() + ": " + choice.why());
        PeSignature.Presence signature = null;
        if (choice.syscall() == KexecSyscall.KEXEC_FILE_LOAD) {
            signature = PeSignature.of(context.paths().resolve(target.kernel()));
            trace.note("signature of " + target.kernel(), signatureFinding(signature, lockdown.lockedDown()));
        }
        return new Verdict.Load(target, defaults, choice.syscall(), signature, afterLoad);
    }

    private static String signatureFinding(PeSignature.Presence signature, boolean lockedDown) {
        String refused = lockedDown ? "this locked-down kernel will refuse it: kexec-load says so and the reboot"
                + " goes through the firmware" : "the kernel is not locked down, so it may still load it";
        return switch (signature) {
            case SIGNED -> "present (an Authenticode certificate table); whether this kernel trusts its key shows"
                    + " when it loads";
            case UNSIGNED -> "none: " + refused;
            case NOT_PE -> "not a PE/EFI image, so no signature: " + refused;
            default -> "the file cannot be read";
        };
    }

    private static String describe(KexecDefaults d) {
        return "LOAD_KEXEC=\"" + d.loadKexec() + "\" KERNEL_IMAGE=\"" + d.kernelImage() + "\" INITRD=\"" + d.initrd()
                + "\" APPEND=\"" + d.append() + "\" USE_GRUB_CONFIG=\"" + d.useGrubConfig() + "\" KEXEC_TIMEOUT=\""
                + d.kexecTimeout() + "\" KEXEC_SYSCALL=\"" + d.kexecSyscall() + "\""
                // Only when set: the plan of every machine without it stays as it was, byte for byte.
                + (d.ignoreRules().isEmpty() ? "" : " " + FirmwareRules.IGNORE_VARIABLE + "=\"" + d.ignoreRules() + "\"")
                + (d.coldEvery().isEmpty() ? "" : " " + ColdEveryRule.VARIABLE + "=\"" + d.coldEvery() + "\"");
    }
}
