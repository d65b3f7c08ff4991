package org.kexecreboot.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.kexecreboot.SystemPaths;
import org.kexecreboot.boot.InitrdBundle;
import org.kexecreboot.config.DefaultsFile;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.console.Diagnostics;
import org.kexecreboot.exec.BoundedCommand;
import org.kexecreboot.exec.BoundedCommand.Outcome;
import org.kexecreboot.initd.Context;
import org.kexecreboot.initd.KexecLoad;
import org.kexecreboot.initd.KexecTimeout;
import org.kexecreboot.initd.LoadDecision;
import org.kexecreboot.initd.LoadDecision.Verdict;
import org.kexecreboot.kexec.Kexec;
import org.kexecreboot.kexec.LoadedState;
import org.kexecreboot.systemd.InitSystem;
import org.kexecreboot.systemd.RebootPath;
import org.kexecreboot.systemd.Systemctl;

/**
 * {@code kexec-reboot}: what users do around a reboot. {@code plan} and {@code status} only read;
 * {@code skip-once}, {@code cold} and {@code now} change exactly what the init scripts look at (the
 * skip flag, the loaded kernel) and then leave the rest to a normal {@code reboot}, so that services
 * stop cleanly.
 */
public final class KexecReboot {

    static final String USAGE = """
            Usage: kexec-reboot COMMAND [--root DIR]
              plan       what the next reboot will do, check by check (changes nothing)
              status     is a kernel loaded, is the skip flag set, is kexec enabled
              skip-once  make the next reboot go through the firmware (touch /tmp/no-kexec-reboot)
              cold       skip once, then reboot
              now        load the next kernel now, even when LOAD_KEXEC is not true, then reboot
            Run `kexec-reboot COMMAND --help` for one command; see kexec-reboot(8).
            """;

    private static final Map<String, String> HELP = Map.of(
            "plan", """
                    Usage: kexec-reboot plan [--root DIR]
                    Prints which init system runs and which path the next reboot takes (on systemd:
                    kexec-load.service and kexec.service), then every check the next `kexec-load stop` will
                    make, in order, with its result on this machine, and the exact kexec command it would
                    run, or why it would not.
                    Changes nothing; works as a normal user. --root DIR reads a mounted system image.
                    """,
            "status", """
                    Usage: kexec-reboot status [--root DIR]
                    Says whether a kernel is loaded now (/sys/kernel/kexec_loaded), whether a skip flag
                    (/tmp/no-kexec-reboot, /no-kexec-reboot) is set, whether kexec is enabled (LOAD_KEXEC in
                    /etc/default/kexec), which init system runs, and on systemd the state of kexec-load.service
                    and kexec.service and what this systemd does with a loaded kernel.
                    """,
            "skip-once", """
                    Usage: kexec-reboot skip-once
                    Creates /tmp/no-kexec-reboot: the next reboot goes through the firmware and GRUB, and
                    kexec-load removes the flag. A kernel loaded already is still run by S85kexec: use cold.
                    """,
            "cold", """
                    Usage: kexec-reboot cold
                    Unloads a loaded kernel (kexec -u: nothing is left that systemd 255+ would jump
                    into), sets the skip flag, then reboots (systemctl reboot on systemd): this one reboot
                    goes through the firmware and GRUB. Needs root.
                    """,
            "now", """
                    Usage: kexec-reboot now
                    Loads the next kernel now, as kexec-load would with LOAD_KEXEC=true (USE_GRUB_CONFIG,
                    KERNEL_IMAGE, INITRD, APPEND as configured), then reboots (systemctl reboot on systemd):
                    services stop cleanly and S85kexec (sysvinit) or kexec.service and systemd-shutdown
                    (systemd) jump into it. Fails (changing nothing) when a skip flag is set. Needs root.
                    """);

    private final Context context;
    private final PrintStream out;

    KexecReboot(Context context, PrintStream out) {
        this.context = context;
        this.out = out;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        int status;
        try {
            status = run(List.of(args), out);
        } catch (RuntimeException e) {
            System.err.println("kexec-reboot: " + e);
            status = 1;
        }
        System.out.flush();
        Runtime.getRuntime().halt(status);
    }

    static int run(List<String> args, PrintStream out) {
        if (args.isEmpty() || args.contains("--help") && args.size() == 1 || args.get(0).equals("help")) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String command = args.get(0);
        if (!HELP.containsKey(command)) {
            System.err.print("kexec-reboot: unknown command '" + command + "'\n" + USAGE);
            return 2;
        }
        if (args.contains("--help") || args.contains("-h")) {
            out.print(HELP.get(command));
            return 0;
        }
        SystemPaths paths = SystemPaths.system();
        List<String> rest = args.subList(1, args.size());
        if (rest.size() == 2 && rest.get(0).equals("--root") && (command.equals("plan") || command.equals("status"))) {
            paths = new SystemPaths(Path.of(rest.get(1)).toAbsolutePath());
        } else if (!rest.isEmpty()) {
            System.err.print("kexec-reboot: unexpected arguments " + rest + "\n" + HELP.get(command));
            return 2;
        }
        KexecReboot cli = new KexecReboot(Context.onRoot(paths, "/etc/init.d/kexec-load"), out);
        return switch (command) {
            case "plan" -> cli.plan();
            case "status" -> cli.status();
            case "skip-once" -> cli.skipOnce();
            case "cold" -> cli.cold();
            default -> cli.now();
        };
    }

    int plan() {
        RebootPath path = rebootPath();
        Plan.print(path, LoadDecision.decide(context, context.stderr(), false), "/sbin/kexec", out);
        return 0;
    }

    private RebootPath rebootPath() {
        return RebootPath.of(context.paths(), new Systemctl(context.paths(), context.environmentWithPath(KexecLoad.PATH)));
    }

    int status() {
        LoadedState loaded = LoadedState.of(context.paths().kexecLoaded());
        out.println("kernel loaded for kexec: " + (loaded.loaded() ? "yes" : "no")
                + (loaded.unreadable() == null ? "" : " (/sys/kernel/kexec_loaded: " + loaded.unreadable() + ")"));
        out.println("skip flag /tmp/no-kexec-reboot: "
                + (Files.isRegularFile(context.paths().skipFlag()) ? "set (the next reboot skips kexec)" : "not set"));
        out.println("skip flag /no-kexec-reboot (coldreboot): "
                + (Files.isRegularFile(context.paths().coldRebootFlag()) ? "set (the next reboot skips kexec)" : "not set"));
        try {
            KexecDefaults defaults = readDefaults();
            out.println("kexec enabled: " + (defaults.loadEnabled() ? "yes" : "no") + " (LOAD_KEXEC=\""
                    + defaults.loadKexec() + "\")");
        } catch (DefaultsFile.Unreadable e) {
            out.println("kexec enabled: no (" + e.getMessage() + ")");
        }
        RebootPath path = rebootPath();
        out.println("init system: " + path.init());
        for (String line : path.systemdLines()) {
            out.println(line);
        }
        return 0;
    }

    int skipOnce() {
        try {
            Path flag = context.paths().skipFlag();
            if (!Files.exists(flag)) {
                Files.createFile(flag);
            }
        } catch (IOException e) {
            System.err.println("kexec-reboot: cannot create /tmp/no-kexec-reboot: " + e.getMessage());
            return 1;
        }
        out.println("The next reboot goes through the firmware and GRUB (/tmp/no-kexec-reboot is set).");
        if (LoadedState.of(context.paths().kexecLoaded()).loaded()) {
            out.println("But a kernel is already loaded, and S85kexec will run it: `kexec-reboot cold` unloads it.");
        }
        return 0;
    }

    int cold() {
        if (LoadedState.of(context.paths().kexecLoaded()).loaded()) {
            Outcome unload = system().run(List.of(kexecBinary(), "-u"));
            if (!(unload instanceof Outcome.Exited exited && exited.status() == 0)) {
                System.err.println("kexec-reboot: kexec -u failed (" + unload + "); not rebooting");
                return 1;
            }
        }
        int skip = skipOnce();
        return skip != 0 ? skip : reboot();
    }

    int now() {
        LoadDecision.Decision decision = LoadDecision.decide(context, context.stderr(), true);
        Verdict verdict = decision.verdict();
        if (verdict instanceof Verdict.Nothing nothing && nothing.why().startsWith("a kernel is already loaded")) {
            out.println("A kernel is already loaded: rebooting into it.");
            return reboot();
        }
        if (!(verdict instanceof Verdict.Load load)) {
            System.err.println("kexec-reboot: not loading a kernel: " + describe(verdict));
            return 1;
        }
        InitrdBundle bundle;
        try {
            bundle = InitrdBundle.of(context.paths(), load.target());
        } catch (InitrdBundle.JoinFailed e) {
            System.err.println("kexec-reboot: " + e.getMessage());
            return 1;
        }
        Kexec kexec = new Kexec(kexecBinary(), context.environmentWithPath(KexecLoad.PATH),
                KexecTimeout.of(load.defaults(), new Diagnostics("kexec-reboot")),
                context.stdout(), context.stderr());
        context.console().actionBegin("Loading new kernel image into memory");
        Outcome outcome = kexec.load(bundle.target());
        boolean loaded = outcome instanceof Outcome.Exited exited && exited.status() == 0;
        context.console().actionEnd(loaded);
        bundle.removeTemporary();
        return loaded ? reboot() : 1;
    }

    private String describe(Verdict verdict) {
        if (verdict instanceof Verdict.Nothing n) {
            return n.why();
        } else if (verdict instanceof Verdict.SkipOnce skip) {
            return "the skip flag " + String.join(" and ", skip.flags()) + " is set (remove it, or use `kexec-reboot cold`)";
        } else if (verdict instanceof Verdict.Fail f) {
            return f.reason();
        } else if (verdict instanceof Verdict.ColdReboot c) {
            return c.why();
        } else if (verdict instanceof Verdict.Unreadable u) {
            return u.why();
        }
        return verdict.toString();
    }

    /** A normal reboot, so that services stop cleanly: `systemctl reboot` on systemd, else `reboot`. */
    private int reboot() {
        List<String> argv = InitSystem.of(context.paths()) == InitSystem.SYSTEMD
                ? List.of(context.paths().systemctl().toString(), "reboot")
                : List.of("/sbin/reboot");
        Outcome outcome = system().run(argv);
        if (outcome instanceof Outcome.Exited exited) {
            return exited.status();
        }
        System.err.println("kexec-reboot: reboot: " + outcome);
        return 1;
    }

    private KexecDefaults readDefaults() throws DefaultsFile.Unreadable {
        return DefaultsFile.read(context.paths(), "kexec-reboot", context.environmentWithPath(KexecLoad.PATH),
                OutputStream.nullOutputStream(), context.stderr());
    }

    private String kexecBinary() {
        return context.paths().kexecBinary().toString();
    }

    /** Runs a program of the system (kexec -u, reboot) with the init scripts' PATH, bounded. */
    private Runner system() {
        return argv -> BoundedCommand.run(argv, context.environmentWithPath(KexecLoad.PATH), Duration.ofSeconds(60),
                context.stdout(), context.stderr());
    }

    private interface Runner {
        Outcome run(List<String> argv);
    }
}
