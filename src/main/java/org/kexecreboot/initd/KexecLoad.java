package org.kexecreboot.initd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kexecreboot.SystemFiles;
import org.kexecreboot.boot.Selection;
import org.kexecreboot.boot.TargetSelector;
import org.kexecreboot.config.DefaultsFile;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.console.Diagnostics;
import org.kexecreboot.console.LsbConsole;
import org.kexecreboot.exec.BoundedCommand.Outcome;
import org.kexecreboot.kexec.Kexec;
import org.kexecreboot.kexec.LoadedState;

/**
 * /etc/init.d/kexec-load (K18 in runlevel 6): loads the next kernel with {@code kexec -l}, so that
 * S85kexec can jump into it. The checks come in the original's order; the first that says no ends
 * the script with exit 0.
 */
public final class KexecLoad extends InitScript {

    /** The original's PATH: kexec and whatever /etc/default/kexec runs are found with it. */
    static final String PATH = "/sbin:/bin:/usr/sbin:/usr/bin";

    private final Diagnostics diagnostics = new Diagnostics("kexec-load");

    KexecLoad(Context context) {
        super(context);
    }

    public static void main(String[] argv) {
        InitScript.main(argv, "kexec-load", KexecLoad::new);
    }

    @Override
    void stop() {
        KexecDefaults defaults;
        try {
            defaults = DefaultsFile.read(context.paths(), context.invokedAs(), context.environmentWithPath(PATH),
                    context.stdout(), context.stderr());
        } catch (DefaultsFile.Unreadable e) {
            // The original's shell would have died sourcing it: nothing loaded, the reboot goes on.
            diagnostics.warn(e.getMessage() + "; not loading a kernel");
            return;
        }
        if (!defaults.loadEnabled()) {
            return;
        }
        Path kexecBinary = context.paths().kexecBinary();
        if (!SystemFiles.isExecutable(kexecBinary)) {
            return;
        }
        if (LoadedState.isLoaded(context.paths().kexecLoaded(), "/sys/kernel/kexec_loaded", context.stderr())) {
            return;
        }
        if (skipRequested()) {
            return;
        }
        Selection selection = new TargetSelector(context.paths(), diagnostics).select(defaults);
        LsbConsole console = context.console();
        if (selection instanceof Selection.ColdReboot cold) {
            write(cold.why());
        } else if (selection instanceof Selection.Fail fail) {
            console.actionBegin("Loading new kernel image into memory");
            console.actionEnd(false);
            diagnostics.warn(fail.reason() + "; not loading a kernel");
        } else if (selection instanceof Selection.Load load) {
            Kexec kexec = new Kexec(kexecBinary.toString(), context.environmentWithPath(PATH),
                    KexecTimeout.of(defaults, diagnostics), context.stdout(), context.stderr());
            console.actionBegin("Loading new kernel image into memory");
            Outcome outcome = kexec.load(load.target());
            console.actionEnd(outcome instanceof Outcome.Exited exited && exited.status() == 0);
            KexecTimeout.explain(outcome, "kexec -l", diagnostics);
            load.temporary().ifPresent(KexecLoad::deleteQuietly);
        }
    }

    /**
     * /tmp/no-kexec-reboot, a regular file (links followed, as `test -f`): skip kexec this one time
     * and remove the flag (the link itself, as `rm -f`). If it cannot be removed the skip still
     * holds, and rm's own words say why.
     */
    private boolean skipRequested() {
        Path flag = context.paths().skipFlag();
        if (!Files.isRegularFile(flag)) {
            return false;
        }
        try {
            Files.deleteIfExists(flag);
        } catch (IOException e) {
            context.stderr().println("/bin/rm: cannot remove '/tmp/no-kexec-reboot': " + SystemFiles.reason(e));
        }
        return true;
    }

    private void write(String line) {
        try {
            context.stdout().write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            context.stdout().flush();
        } catch (IOException e) {
            // No console: nothing else to do, the reboot goes on.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover in /run is gone at the reboot anyway.
        }
    }
}
