package org.kexecreboot.initd;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kexecreboot.SystemFiles;
import org.kexecreboot.boot.BootTarget;
import org.kexecreboot.boot.GrubEnvUpdate;
import org.kexecreboot.boot.Selection;
import org.kexecreboot.boot.TargetSelector;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.DefaultsFile;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.kexec.LoadedState;

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

        /** /tmp/no-kexec-reboot is set: remove it, load nothing, this one time. */
        record SkipOnce() implements Verdict {
        }

        /** Load this target with kexec -l; after a successful load, change grubenv as GRUB would have. */
        record Load(BootTarget target, KexecDefaults defaults, GrubEnvUpdate afterLoad) implements Verdict {
            public Load(BootTarget target, KexecDefaults defaults) {
                this(target, defaults, GrubEnvUpdate.NONE);
            }
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
    }

    /** The verdict, the checks behind it, and cat's complaint when kexec_loaded was unreadable. */
    public record Decision(Verdict verdict, Trace trace, String catComplaint) {
    }

    private LoadDecision() {
    }

    /**
     * @param configOutput where /etc/default/kexec's own output goes (the console at reboot)
     * @param loadAnyway take LOAD_KEXEC as "true" whatever it is (`kexec-reboot now`)
     */
    public static Decision decide(Context context, OutputStream configOutput, boolean loadAnyway) {
        Trace trace = new Trace();
        KexecDefaults defaults;
        try {
            defaults = DefaultsFile.read(context.paths(), context.invokedAs(),
                    context.environmentWithPath(KexecLoad.PATH), configOutput, context.stderr());
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
        LoadedState loaded = LoadedState.of(context.paths().kexecLoaded());
        if (loaded.loaded()) {
            return new Decision(new Verdict.Nothing("a kernel is already loaded (/sys/kernel/kexec_loaded is 1): "
                    + "it stays, and S85kexec will run it"), trace, null);
        }
        trace.note("/sys/kernel/kexec_loaded", loaded.unreadable() == null ? "no kernel loaded yet"
                : "unreadable (" + loaded.unreadable() + "): counts as no kernel loaded");
        if (Files.isRegularFile(context.paths().skipFlag())) {
            trace.note("/tmp/no-kexec-reboot", "present: this reboot skips kexec, and the flag is removed");
            return new Decision(new Verdict.SkipOnce(), trace, loaded.catComplaint());
        }
        trace.note("/tmp/no-kexec-reboot", "absent");
        Selection selection = new TargetSelector(context.paths()).select(defaults, trace);
        Verdict verdict;
        if (selection instanceof Selection.Load load) {
            verdict = new Verdict.Load(load.target(), defaults, load.afterLoad());
        } else if (selection instanceof Selection.Fail fail) {
            verdict = new Verdict.Fail(fail.reason());
        } else {
            verdict = new Verdict.ColdReboot(((Selection.ColdReboot) selection).why());
        }
        return new Decision(verdict, trace, loaded.catComplaint());
    }

    private static String describe(KexecDefaults d) {
        return "LOAD_KEXEC=\"" + d.loadKexec() + "\" KERNEL_IMAGE=\"" + d.kernelImage() + "\" INITRD=\"" + d.initrd()
                + "\" APPEND=\"" + d.append() + "\" USE_GRUB_CONFIG=\"" + d.useGrubConfig() + "\" KEXEC_TIMEOUT=\""
                + d.kexecTimeout() + "\"";
    }
}
