package org.kexecreboot.initd;

import java.time.Duration;
import java.util.List;

import org.kexecreboot.SystemFiles;
import org.kexecreboot.config.DefaultsFile;
import org.kexecreboot.console.Diagnostics;
import org.kexecreboot.console.LsbConsole;
import org.kexecreboot.exec.BoundedCommand;
import org.kexecreboot.exec.BoundedCommand.Outcome;
import org.kexecreboot.exec.Watchdog;
import org.kexecreboot.kexec.Kexec;
import org.kexecreboot.kexec.LoadedState;
import org.kexecreboot.state.Event;
import org.kexecreboot.state.EventLog;
import org.kexecreboot.state.KexecStreak;

/**
 * /etc/init.d/kexec (S85 in runlevel 6, after umountroot): if a kernel is loaded, jump into it with
 * {@code kexec -e}. It never looks at LOAD_KEXEC: whoever loaded a kernel wants it run. When kexec
 * comes back (or hangs and is killed), it says so and the normal reboot goes on.
 */
public final class KexecExec extends InitScript {

    /** The original's PATH: at this point /usr may already be gone. */
    static final String PATH = "/sbin:/bin";

    private final Diagnostics diagnostics = new Diagnostics("kexec");

    KexecExec(Context context) {
        super(context);
    }

    /** No lambdas or method references here: each costs milliseconds of bootstrap at every reboot. */
    public static void main(String[] argv) {
        int status = 0;
        Throwable failure = null;
        try {
            Watchdog.arm("kexec", Watchdog.BUDGET, null);
            status = new KexecExec(Context.fromShim(invokedAs(argv, "kexec"))).run(arguments(argv));
        } catch (Throwable t) {
            failure = t;
        }
        exit("kexec", status, failure);
    }

    @Override
    void stop() {
        LoadedState loaded = LoadedState.of(context.paths().kexecLoaded());
        if (loaded.catComplaint() != null) {
            context.stderr().println(loaded.catComplaint());
        }
        if (!loaded.loaded()) {
            return;
        }
        if (!SystemFiles.isExecutable(context.paths().kexecBinary())) {
            return;
        }
        Duration limit = KexecTimeout.DEFAULT;
        try {
            limit = KexecTimeout.of(Defaults.read(context, PATH, context.stdout(), List.of()), diagnostics);
        } catch (DefaultsFile.Unreadable e) {
            diagnostics.warn(e.getMessage() + "; KEXEC_TIMEOUT is " + limit.toSeconds());
        }
        LsbConsole console = context.console();
        console.action("Will now restart with kexec");
        Kexec kexec = new Kexec(context.paths().kexecBinary().toString(), context.environmentWithPath(PATH), limit,
                context.stdout(), context.stderr());
        Watchdog.extend(limit.plus(BoundedCommand.KILLED_WITHIN));
        Outcome outcome = kexec.execute();
        console.failure("kexec failed");
        KexecTimeout.explain(outcome, "kexec -e", diagnostics);
        // Before the jump there is nothing to journal that would last: syslog has stopped before
        // umountroot, and systemd's journal has left /var. The boot after a jump says it (booted).
        String problem = EventLog.forThisRun(context.paths()).add(Event.EXEC_FAILED, "kexec",
                "kexec -e came back " + KexecTimeout.outcomeWords(outcome) + " instead of jumping into the loaded kernel;"
                        + " the reboot goes on through the firmware", "PLANNED", KexecStreak.FIRMWARE);
        if (problem != null) {
            diagnostics.warn(problem + "; the journal does not get this line");
        }
    }
}
