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

import org.kexecreboot.Privileges;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.boot.InitrdBundle;
import org.kexecreboot.config.DefaultsFile;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.console.Diagnostics;
import org.kexecreboot.console.OneLine;
import org.kexecreboot.exec.BoundedCommand;
import org.kexecreboot.exec.BoundedCommand.Outcome;
import org.kexecreboot.exec.Watchdog;
import org.kexecreboot.initd.Context;
import org.kexecreboot.initd.FirmwareOverride;
import org.kexecreboot.initd.FirmwareRules;
import org.kexecreboot.initd.KexecLoad;
import org.kexecreboot.initd.KernelLoad;
import org.kexecreboot.initd.LoadDecision;
import org.kexecreboot.initd.LoadDecision.Verdict;
import org.kexecreboot.initd.SkipFlag;
import org.kexecreboot.kexec.BootLoaderType;
import org.kexecreboot.kexec.Kexec;
import org.kexecreboot.kexec.KexecSyscall;
import org.kexecreboot.kexec.LoadedState;
import org.kexecreboot.kexec.Lockdown;
import org.kexecreboot.systemd.InitSystem;
import org.kexecreboot.systemd.RebootPath;
import org.kexecreboot.state.BootMarks;
import org.kexecreboot.state.Event;
import org.kexecreboot.state.EventLog;
import org.kexecreboot.state.KexecStreak;
import org.kexecreboot.state.RebootHistory;
import org.kexecreboot.state.Uptime;
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
              status     is a kernel loaded, is the skip flag set, is kexec enabled, lockdown, syscall
              skip-once  make the next reboot go through the firmware (touch /tmp/no-kexec-reboot)
              cold       skip once, then reboot
              now        load the next kernel now, even when LOAD_KEXEC is not true, then reboot
                         (--force: even when the firmware has work, see FIRMWARE in kexec-reboot(8))
              enable     make the next reboots go through kexec (LOAD_KEXEC=true in /etc/default/kexec.d)
              disable    undo enable: reboots go through the firmware again
              boot-complete  this boot reached its target (run late at boot: the circuit breaker, the history)
              last       the recent reboots: kexec or firmware and why, and the seconds each took
            Run `kexec-reboot COMMAND --help` for one command; see kexec-reboot(8).
            """;

    private static final Map<String, String> HELP = Map.of(
            "plan", """
                    Usage: kexec-reboot plan [--check] [--json] [--root DIR]
                    Prints which init system runs and which path the next reboot takes (on systemd:
                    kexec-load.service and kexec.service), then every check the next `kexec-load stop` will
                    make, in order, with its result on this machine, and the exact kexec command it would
                    run, or why it would not.
                    Changes nothing; works as a normal user. --root DIR reads a mounted system image.
                    --check prints only "next reboot: kexec: WHY" (or firmware, or cannot tell) and exits 0
                    when the next reboot goes through kexec, 4 when it goes through the firmware, 3 when it
                    cannot tell: a monitoring check needs no parsing.
                    --json prints the plan as one JSON object instead (schema
                    /usr/share/kexec-reboot/plan-v1.json); with --check, the object instead of the line.
                    """,
            "status", """
                    Usage: kexec-reboot status [--json] [--root DIR]
                    Says whether a kernel is loaded now (/sys/kernel/kexec_loaded), whether a skip flag
                    (/tmp/no-kexec-reboot, /no-kexec-reboot) is set, whether kexec is enabled (LOAD_KEXEC in
                    /etc/default/kexec), the kernel's lockdown state (Secure Boot) and the syscall kexec will
                    load with, which init system runs, and on systemd the state of kexec-load.service and
                    kexec.service and what this systemd does with a loaded kernel. Without --root also whether
                    the init scripts' JVM uses the class-data sharing archive (after a Java update it does not
                    until the archive is made again).
                    --json prints one JSON object instead (schema /usr/share/kexec-reboot/status-v1.json),
                    with booted_via_kexec: whether this kernel was started by kexec (x86 only, else null).
                    """,
            "boot-complete", """
                    Usage: kexec-reboot boot-complete
                    Run late at boot (kexec-boot-complete.service after multi-user.target; the
                    kexec-boot-complete init script, last in runlevels 2-5): when kexec-load loaded a kernel
                    in an earlier boot (/var/lib/kexec-reboot/pending), says whether the kexec'd boot got
                    this far. A boot that came through kexec takes the mark away; a boot that came through
                    the firmware instead (the kexec'd boot hung and the machine was reset, or kexec -e
                    failed) trips the circuit breaker: the next reboot goes through the firmware once.
                    Then records this boot in /var/lib/kexec-reboot/history (`kexec-reboot last`) and in the
                    journal. One line when the circuit breaker did something. Needs root.
                    """,
            "last", """
                    Usage: kexec-reboot last [--json]
                    Shows the recent reboots of this machine, newest first (/var/lib/kexec-reboot/history, the
                    last 100): when each boot reached multi-user.target, whether it came through kexec or the
                    firmware (x86's bootloader_type; "?" elsewhere), the seconds from the start of the reboot
                    (kexec-load's decision, at the start of the shutdown) to that target, the kernel, and why
                    the reboot went that way; then the median seconds of each way, and what kexec saved.
                    --json prints one JSON object instead (schema /usr/share/kexec-reboot/last-v1.json).
                    Changes nothing; works as a normal user.
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
                    Usage: kexec-reboot now [--force]
                    Loads the next kernel now, as kexec-load would with LOAD_KEXEC=true (USE_GRUB_CONFIG,
                    KERNEL_IMAGE, INITRD, APPEND as configured), then reboots (systemctl reboot on systemd):
                    services stop cleanly and S85kexec (sysvinit) or kexec.service and systemd-shutdown
                    (systemd) jump into it. Fails (changing nothing) when a skip flag is set, or when the
                    firmware has work at the next boot (EFI BootNext, OsIndications, systemd-boot's one-shot
                    variables: see `kexec-reboot plan`). --force kexecs anyway, this once: the firmware's work
                    waits for a later cold boot (/run/kexec-reboot.firmware-override marks this reboot).
                    Needs root.
                    """,
            "enable", """
                    Usage: kexec-reboot enable [--grub]
                    Writes /etc/default/kexec.d/90-kexec-reboot with LOAD_KEXEC=true (--grub: also
                    USE_GRUB_CONFIG=true, load the entry GRUB would boot): the next reboots go through kexec.
                    Kept across kexec-tools' upgrades, which rewrite /etc/default/kexec. Running it again
                    changes nothing. Then evaluates the configuration as kexec-load will, and says (exit 1)
                    when a file read after ours sets the value back. Needs root.
                    """,
            "disable", """
                    Usage: kexec-reboot disable
                    Removes /etc/default/kexec.d/90-kexec-reboot (what enable wrote), then says (exit 1)
                    when LOAD_KEXEC is still true elsewhere (/etc/default/kexec, another file in kexec.d).
                    Needs root.
                    """);

    /**
     * How root evaluates an image's /etc/default/kexec (`--root`): util-linux's setpriv, as nobody,
     * without groups, capabilities (inheritable, bounding set) or a way to gain privileges again.
     */
    static final List<String> UNPRIVILEGED = List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup",
            "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--");

    private final Context context;
    private final PrintStream out;
    private final List<String> runAs;

    KexecReboot(Context context, PrintStream out) {
        this(context, out, List.of());
    }

    KexecReboot(Context context, PrintStream out, List<String> runAs) {
        this.context = context;
        this.out = out;
        this.runAs = runAs;
    }

    /**
     * Why an image's defaults cannot be evaluated without privileges, or null when they can: no
     * setpriv, or a file that nobody may read (the shell's `test -r` would then say "absent").
     */
    private static String unprivilegedRefusal(SystemPaths paths) {
        Path setpriv = Path.of(UNPRIVILEGED.get(0));
        if (!Files.isExecutable(setpriv)) {
            return setpriv + " (util-linux) is missing, and an image's /etc/default/kexec is never run as root;"
                    + " nothing read";
        }
        Path file = paths.defaultsFile();
        if (!Files.exists(file)) {
            return null;
        }
        List<String> argv = new java.util.ArrayList<>(UNPRIVILEGED);
        argv.addAll(List.of(SystemPaths.shell().toString(), "-c", "test -r \"$1\"", "sh", file.toString()));
        Outcome readable = BoundedCommand.run(argv, Map.of("PATH", KexecLoad.PATH), Duration.ofSeconds(10),
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        if (readable instanceof Outcome.Exited exited && exited.status() == 0) {
            return null;
        }
        return file + " is not readable by nobody, and an image's file is evaluated only as nobody, never as root:"
                + " cannot tell what it sets; make it readable (chmod o+r) to plan with it";
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
            System.err.println("kexec-reboot: unknown command '" + OneLine.escape(command) + "' (see kexec-reboot --help)");
            return ExitStatus.USAGE;
        }
        if (args.contains("--help") || args.contains("-h")) {
            out.print(HELP.get(command));
            return 0;
        }
        Arguments arguments;
        try {
            arguments = Arguments.parse(command, args.subList(1, args.size()));
        } catch (Arguments.Invalid e) {
            System.err.println("kexec-reboot: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        SystemPaths paths = SystemPaths.system();
        if (command.equals("enable") || command.equals("disable")) {
            Enablement enablement = new Enablement(paths, Privileges.isRoot(),
                    Context.onRoot(paths, "kexec-reboot").environmentWithPath(KexecLoad.PATH), out, System.err);
            return command.equals("enable") ? enablement.enable(arguments.grub()) : enablement.disable();
        }
        if (arguments.root() != null) {
            String refusal = Arguments.rootRefusal(arguments.root());
            if (refusal != null) {
                System.err.println("kexec-reboot: " + refusal);
                return ExitStatus.CANNOT_TELL;
            }
            paths = new SystemPaths(Path.of(arguments.root()).toAbsolutePath());
        }
        List<String> runAs = List.of();
        if (!paths.root().equals(Path.of("/")) && Privileges.isRoot()) {
            // An image's /etc/default/kexec is not ours to run as root: the shell runs as nobody.
            runAs = UNPRIVILEGED;
            String refusal = unprivilegedRefusal(paths);
            if (refusal != null) {
                System.err.println("kexec-reboot: " + refusal);
                return ExitStatus.CANNOT_TELL;
            }
        }
        if (command.equals("boot-complete") && !Privileges.isRoot()) {
            System.err.println("kexec-reboot: boot-complete needs root (it is run at boot, as root)");
            return ExitStatus.FAILED;
        }
        if (Privileges.isRoot() && !command.equals("skip-once") && !command.equals("cold")) {
            // Root's plan reads what the reboot reads (a FIFO, a hung /boot): one deadline for all of it.
            Watchdog.arm("kexec-reboot " + command, Watchdog.BUDGET, paths.kexecLoaded(), "no kernel is loaded");
        }
        KexecReboot cli = new KexecReboot(Context.onRoot(paths, "/etc/init.d/kexec-load"), out, runAs);
        return switch (command) {
            case "plan" -> cli.plan(arguments.check(), arguments.json());
            case "status" -> cli.status(arguments.json());
            case "skip-once" -> cli.skipOnce();
            case "cold" -> cli.cold();
            case "boot-complete" -> cli.bootComplete();
            case "last" -> cli.last(arguments.json());
            default -> cli.now(arguments.force());
        };
    }

    int plan() {
        return plan(false, false);
    }

    /**
     * @param check answer with the exit status (0 kexec, 4 firmware, 3 cannot tell) and one line, for
     *     a monitoring check or an Ansible assert; else the whole plan, 0 (3 when it cannot tell)
     * @param json the plan as one JSON object (plan-v1.json) instead of the text; with check, the
     *     object instead of the line
     */
    int plan(boolean check, boolean json) {
        RebootPath path = rebootPath();
        LoadDecision.Decision decision = LoadDecision.decide(context, context.stderr(), false, runAs);
        NextReboot next = NextReboot.of(context.paths(), path, decision);
        if (json) {
            out.println(Json.write(PlanJson.of(path, decision, next, "/sbin/kexec")));
        } else if (check) {
            out.println(next.line());
        }
        if (check) {
            return next.exitStatus();
        }
        if (json) {
            return next.way() == null ? ExitStatus.CANNOT_TELL : ExitStatus.OK;
        }
        Plan.print(path, decision, "/sbin/kexec", out);
        return decision.verdict() instanceof Verdict.CannotTell ? ExitStatus.CANNOT_TELL : ExitStatus.OK;
    }

    private RebootPath rebootPath() {
        return RebootPath.of(context.paths(), new Systemctl(context.paths(), context.environmentWithPath(KexecLoad.PATH)));
    }

    int status() {
        return status(false);
    }

    /**
     * LOAD_KEXEC and KEXEC_SYSCALL as the reboot will read them.
     *
     * @param enabled null when this user cannot tell
     * @param shown the status line's words after "kexec enabled: "
     * @param syscallSetting KEXEC_SYSCALL ("" when unset or unreadable); null when this user cannot tell
     * @param defaults what was read (for the firmware rules); null when it could not be
     */
    private record Enabled(Boolean enabled, String shown, String syscallSetting, KexecDefaults defaults) {
    }

    private Enabled enabled() {
        Path file = context.paths().defaultsFile();
        if (Files.exists(file) && !Files.isReadable(file) && !Privileges.isRoot()) {
            return new Enabled(null, "cannot tell as this user; run as root (/etc/default/kexec is not readable)", null,
                    null);
        }
        try {
            KexecDefaults defaults = readDefaults();
            return new Enabled(defaults.loadEnabled(), (defaults.loadEnabled() ? "yes" : "no") + " (LOAD_KEXEC=\""
                    + OneLine.escape(defaults.loadKexec()) + "\")", defaults.kexecSyscall(), defaults);
        } catch (DefaultsFile.Unreadable e) {
            // The reboot's kexec-load finds the same and loads nothing: "no" is the answer.
            return new Enabled(false, "no (" + e.getMessage() + ")", "", null);
        }
    }

    /** @param json the answer as one JSON object (status-v1.json) instead of the text */
    int status(boolean json) {
        LoadedState loaded = LoadedState.of(context.paths().kexecLoaded());
        SkipFlag seed = skipFlag();
        SkipFlag debian = SkipFlag.at(context.paths().coldRebootFlag(), LoadDecision.COLD_REBOOT_FLAG);
        Enabled enabled = enabled();
        Lockdown lockdown = Lockdown.read(context.paths().lockdown());
        KexecSyscall.Choice choice = enabled.syscallSetting() == null ? null
                : KexecSyscall.choose(enabled.syscallSetting(), lockdown);
        int answer = enabled.enabled() == null ? ExitStatus.CANNOT_TELL : ExitStatus.OK;
        if (json) {
            out.println(Json.write(StatusJson.of(InitSystem.of(context.paths()), enabled.enabled(), loaded,
                    seed.set() || debian.set(), lockdown, choice == null ? null : choice.syscall(),
                    BootLoaderType.read(context.paths().bootloaderType()))));
            return answer;
        }
        out.println("kernel loaded for kexec: " + (loaded.loaded() ? "yes" : "no")
                + (loaded.unreadable() == null ? "" : " (/sys/kernel/kexec_loaded: " + loaded.unreadable() + ")"));
        out.println("skip flag /tmp/no-kexec-reboot: " + describe(seed));
        out.println("skip flag /no-kexec-reboot (coldreboot): " + describe(debian));
        out.println("kexec enabled: " + enabled.shown());
        if (enabled.defaults() != null) {
            String firmware = firmwareLine(enabled.defaults());
            if (firmware != null) {
                out.println(firmware);
            }
        }
        out.println("lockdown (/sys/kernel/security/lockdown): " + lockdown.describe());
        if (choice == null) {
            out.println("syscall: cannot tell as this user; run as root (KEXEC_SYSCALL in /etc/default/kexec)");
        } else {
            out.println("syscall: " + choice.syscall().describe() + ": " + choice.why()
                    + (choice.complaint() == null ? "" : " (" + OneLine.escape(choice.complaint()) + ")"));
        }
        String launch = System.getProperty("kexec.launch");
        String jar = System.getProperty("kexec.jar");
        if (launch != null && jar != null && context.paths().equals(SystemPaths.system())) {
            out.println("class-data sharing archive: " + ArchiveStatus.of(Path.of(launch), Path.of(jar)));
        }
        RebootPath path = rebootPath();
        out.println("init system: " + path.init());
        for (String line : path.systemdLines()) {
            out.println(line);
        }
        return answer;
    }

    /**
     * Whether the firmware has work at the next boot (the first {@link FirmwareRules} rule that
     * applies), as one status line; null when no rule has anything to say (no efivarfs: a BIOS machine),
     * so that such a machine's status stays as it was.
     */
    private String firmwareLine(KexecDefaults defaults) {
        org.kexecreboot.boot.Trace trace = new org.kexecreboot.boot.Trace();
        FirmwareRules.Pending pending = FirmwareRules.check(FirmwareRules.ALL, context, defaults, trace);
        if (pending == null) {
            return trace.steps().isEmpty() ? null : "firmware work pending: no";
        }
        if (pending.finding().cannotTell()) {
            return "firmware work pending: cannot tell as this user (" + pending.rule().name() + "): "
                    + OneLine.escape(pending.finding().why()) + "; run as root";
        }
        return "firmware work pending: yes (" + pending.rule().name() + "): " + OneLine.escape(pending.finding().why())
                + (FirmwareOverride.set(context.paths()) ? "; but `kexec-reboot now --force` overrides it for this reboot"
                        : "");
    }

    /** The syscall a load or unload uses now: the lockdown state, and KEXEC_SYSCALL when readable. */
    private KexecSyscall syscall() {
        String setting = "";
        try {
            setting = readDefaults().kexecSyscall();
        } catch (DefaultsFile.Unreadable e) {
            // auto
        }
        return KexecSyscall.choose(setting, Lockdown.read(context.paths().lockdown())).syscall();
    }

    /**
     * The circuit breaker's end of a kexec boot (see {@link BootMarks}): a mark of a load in an
     * earlier boot is taken away when this boot came through kexec (or cannot tell: no
     * bootloader_type outside x86), and trips the breaker when this boot came through the firmware.
     */
    /**
     * This boot reached its target: the circuit breaker's mark settled ({@link #settleBreaker}), then the
     * boot recorded in the history with the request of the reboot before it, and its journal line.
     */
    int bootComplete() {
        int status = settleBreaker();
        String problem = recordThisBoot();
        if (problem != null) {
            System.err.println("kexec-reboot: " + problem);
            return ExitStatus.FAILED;
        }
        return status;
    }

    /** The circuit breaker's part of boot-complete: the pending mark of a kexec load, taken away or tripped. */
    private int settleBreaker() {
        BootMarks.Read pending = BootMarks.read(context.paths(), BootMarks.PENDING);
        if (pending instanceof BootMarks.Read.Unreadable unreadable) {
            System.err.println("kexec-reboot: " + unreadable.why());
            return ExitStatus.FAILED;
        }
        if (!(pending instanceof BootMarks.Read.Present present)) {
            return ExitStatus.OK;
        }
        BootMarks.Mark mark = present.mark();
        String current = BootMarks.currentBoot(context.paths());
        if (!current.isEmpty() && current.equals(mark.bootId())) {
            return ExitStatus.OK; // loaded in this boot (kexec-reboot now, by hand): its reboot has not come yet
        }
        String loaded = OneLine.escape(mark.kernel()) + ", loaded in " + BootMarks.Mark.boot(mark.bootId());
        Boolean viaKexec = BootLoaderType.read(context.paths().bootloaderType()).viaKexec();
        String problem;
        if (Boolean.FALSE.equals(viaKexec)) {
            problem = BootMarks.write(context.paths(), BootMarks.TRIPPED,
                    new BootMarks.Mark(mark.bootId(), mark.kernel(), mark.time(), current));
            if (problem == null || problem.isEmpty()) {
                problem = BootMarks.remove(context.paths(), BootMarks.PENDING);
                out.println("kexec-reboot: the kexec boot into " + OneLine.escape(mark.kernel()) + " (loaded in "
                        + BootMarks.Mark.boot(mark.bootId()) + ") did not reach its target: this boot came"
                        + " through the firmware instead, so the next reboot goes through the firmware once (circuit"
                        + " breaker)");
            }
        } else {
            problem = BootMarks.remove(context.paths(), BootMarks.PENDING);
            out.println(viaKexec == null ? "kexec-reboot: this boot reached its target after the load of " + loaded
                    + " (whether it came through kexec cannot be told without /proc/sys/kernel/bootloader_type)"
                    : "kexec-reboot: this boot came through kexec (" + loaded + ") and reached its target");
        }
        if (problem != null && !problem.isEmpty()) {
            System.err.println("kexec-reboot: " + problem);
            return ExitStatus.FAILED;
        }
        return ExitStatus.OK;
    }

    /**
     * This boot's record in /var/lib/kexec-reboot/history, and its journal line (booted): how it came,
     * what the reboot before it decided, and the seconds from that decision to multi-user.target.
     *
     * @return null when recorded, else why not (a read-only /var records nothing, silently)
     */
    private String recordThisBoot() {
        SystemPaths paths = context.paths();
        String current = BootMarks.currentBoot(paths);
        RebootHistory.Read history = RebootHistory.read(paths);
        if (history.problem() == null && RebootHistory.recorded(history, current)) {
            return null; // run twice in one boot (by hand): once is its record
        }
        long now = System.currentTimeMillis() / 1000;
        long bootedAt = now;
        if (InitSystem.of(paths) == InitSystem.SYSTEMD) {
            // multi-user.target's moment, not ours: the unit may start a few seconds after it.
            Long reached = new Systemctl(paths, context.environmentWithPath(KexecLoad.PATH))
                    .activeEnterMonotonic("multi-user.target");
            double uptime = Uptime.seconds(paths);
            if (reached != null && reached > 0 && uptime > 0) {
                bootedAt = Math.min(now, now - Math.round(uptime - reached / 1e6));
            }
        }
        RebootHistory.Request request = RebootHistory.pendingRequest(paths);
        if (request != null && !current.isEmpty() && current.equals(request.bootId())) {
            request = null; // this boot's own (kexec-load run by hand): its reboot has not come yet
        }
        long seconds = request == null || request.time() <= 0 || bootedAt < request.time() ? -1 : bootedAt - request.time();
        Boolean viaKexec = BootLoaderType.read(paths.bootloaderType()).viaKexec();
        String via = viaKexec == null ? "" : viaKexec ? KexecStreak.KEXEC : KexecStreak.FIRMWARE;
        RebootHistory.Reboot reboot = new RebootHistory.Reboot(current, bootedAt, via, Uptime.release(paths), request,
                seconds);
        String problem = RebootHistory.append(paths, history, reboot);
        String unsaid = EventLog.forThisRun(paths).add(Event.BOOTED, "kexec-reboot boot-complete", bootedLine(reboot),
                "VIA", via, "SECONDS", seconds < 0 ? "" : Long.toString(seconds), "RELEASE", reboot.release(),
                "PLANNED", request == null ? "" : request.planned(), "KERNEL", request == null ? "" : request.kernel(),
                "FROM_BOOT", request == null ? "" : request.bootId());
        if (problem != null && !problem.isEmpty()) {
            return problem + "; this boot is not in `kexec-reboot last`";
        }
        return unsaid == null ? null : unsaid + "; the journal does not get this boot's line";
    }

    /** The journal's line of a boot: how it came, and how long its reboot took. */
    static String bootedLine(RebootHistory.Reboot reboot) {
        String came = reboot.via().isEmpty() ? "this boot (" + reboot.release() + ") reached multi-user.target"
                : "this boot (" + reboot.release() + ") came through " + (reboot.via().equals(KexecStreak.KEXEC) ? "kexec" : "the firmware")
                        + " and reached multi-user.target";
        RebootHistory.Request request = reboot.request();
        if (request == null) {
            return came + "; no reboot was recorded before it (the first boot, a power-off, a crash or a reset)";
        }
        String took = reboot.seconds() < 0 ? "" : " " + reboot.seconds() + " s after its reboot began";
        String meant = reboot.unplanned() ? ", although the reboot was meant for " + request.planned() : "";
        return came + took + meant + " (" + BootMarks.Mark.boot(request.bootId()) + ": " + request.why() + ")";
    }

    /** The history, newest first, as text or one JSON object; 3 when it cannot be read. */
    int last(boolean json) {
        RebootHistory.Read history = RebootHistory.read(context.paths());
        if (history.problem() != null) {
            System.err.println("kexec-reboot: " + history.problem());
            return ExitStatus.CANNOT_TELL;
        }
        if (json) {
            out.println(Json.write(Last.json(history.reboots())));
        } else {
            Last.print(history.reboots(), java.time.ZoneId.systemDefault(), out);
        }
        return ExitStatus.OK;
    }

    int skipOnce() {
        String problem = setSkipFlag();
        if (problem != null) {
            System.err.println("kexec-reboot: " + problem);
            return 1;
        }
        out.println("The next reboot goes through the firmware and GRUB (/tmp/no-kexec-reboot is set).");
        if (LoadedState.of(context.paths().kexecLoaded()).loaded()) {
            out.println("But a kernel is already loaded, and S85kexec will run it: `kexec-reboot cold` unloads it.");
        }
        return 0;
    }

    /**
     * Checks first, then sets the flag: a regular file kexec-load will honour, made exclusively
     * (never through a link). Something else already there (anyone can make a directory, a FIFO, a
     * dangling link in /tmp) is refused, changing nothing. Null when the flag is set.
     */
    private String setSkipFlag() {
        SkipFlag flag = skipFlag();
        if (flag.ignored()) {
            return refusal(flag);
        }
        if (flag.set()) {
            return null;
        }
        try {
            Files.createFile(context.paths().skipFlag()); // O_CREAT|O_EXCL
            return null;
        } catch (IOException e) {
            SkipFlag now = skipFlag(); // made by someone else in between?
            if (now.set()) {
                return null;
            }
            return now.ignored() ? refusal(now)
                    : "cannot create /tmp/no-kexec-reboot: " + SystemFiles.reason(e) + "; nothing changed";
        }
    }

    private static String refusal(SkipFlag flag) {
        return "/tmp/no-kexec-reboot is " + OneLine.escape(flag.what()) + ", not a regular file: kexec-load would"
                + " not honour it as the skip flag; nothing changed. Remove it (" + flag.removal()
                + ") and run this again";
    }

    /** A flag as status shows it: set only as kexec-load's `[ -f ]` sees it; anything else named. */
    private static String describe(SkipFlag flag) {
        return flag.set() ? "set (the next reboot skips kexec)"
                : !flag.present() ? "not set"
                : "not set: " + OneLine.escape(flag.what()) + " is there, which kexec-load ignores (it honours only"
                        + " a regular file); `" + flag.removal() + "` clears it";
    }

    private SkipFlag skipFlag() {
        return SkipFlag.at(context.paths().skipFlag(), "/tmp/no-kexec-reboot");
    }

    int cold() {
        // Check first, then act: the flag before `kexec -u`, so that a flag that cannot be set leaves
        // the loaded kernel as it was.
        boolean flagWasSet = skipFlag().set();
        String problem = setSkipFlag();
        if (problem != null) {
            System.err.println("kexec-reboot: " + problem);
            return 1;
        }
        if (LoadedState.of(context.paths().kexecLoaded()).loaded()) {
            List<String> argv = Kexec.unloadArgv(kexecBinary(), syscall());
            Outcome unload = system().run(argv);
            if (!(unload instanceof Outcome.Exited exited && exited.status() == 0)) {
                if (!flagWasSet) {
                    try {
                        Files.deleteIfExists(context.paths().skipFlag());
                    } catch (IOException e) {
                        // Then it stays set: a cold reboot later is what was asked for anyway.
                    }
                }
                System.err.println("kexec-reboot: " + Shell.quote(argv) + " failed (" + unload + "); not rebooting"
                        + (flagWasSet ? "" : ", and the skip flag is cleared again"));
                return 1;
            }
            String markLeft = BootMarks.forgetLoadOfThisBoot(context.paths());
            if (markLeft != null && !markLeft.isEmpty()) {
                System.err.println("kexec-reboot: " + markLeft);
            }
        }
        out.println("The next reboot goes through the firmware and GRUB (/tmp/no-kexec-reboot is set).");
        return reboot();
    }

    int now(boolean force) {
        LoadDecision.Decision decision = LoadDecision.decide(context, context.stderr(), true, List.of(), force);
        Verdict verdict = decision.verdict();
        if (verdict instanceof Verdict.Firmware firmware) {
            System.err.println("kexec-reboot: not loading a kernel: " + OneLine.escape(firmware.why())
                    + " (`kexec-reboot now --force` kexecs anyway)");
            return 1;
        }
        if (LoadDecision.alreadyLoaded(verdict)) {
            if (!markForced(force, decision)) {
                return 1;
            }
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
        KernelLoad.Result result = KernelLoad.run(context, load, bundle, new Diagnostics("kexec-reboot"));
        String unsaid = EventLog.forThisRun(context.paths()).add(result.loaded() ? Event.LOADED : Event.LOAD_FAILED,
                "kexec-reboot now", result.loaded() ? KernelLoad.loadedLine(load.target())
                        : KernelLoad.failedLine(load.target(), result),
                "PLANNED", result.loaded() ? KexecStreak.KEXEC : KexecStreak.FIRMWARE, "KERNEL", load.target().kernel());
        if (unsaid != null) {
            System.err.println("kexec-reboot: " + OneLine.escape(unsaid) + "; the journal does not get this load's line");
        }
        if (result.refusal() != null) {
            System.err.println("kexec-reboot: " + OneLine.escape(result.refusal()) + "; not rebooting");
        }
        if (!result.loaded()) {
            return 1;
        }
        if (!markForced(force, decision)) {
            return 1;
        }
        // The reboot's kexec-load then finds the kernel loaded and does nothing: GRUB's grubenv change
        // for the loaded entry (a one-time next_entry used up) was made here, as kexec-load would.
        if (result.markFailure() != null) {
            System.err.println("kexec-reboot: " + OneLine.escape(result.markFailure()));
        }
        if (result.grubEnvFailure() != null) {
            System.err.println("kexec-reboot: " + OneLine.escape(result.grubEnvFailure()));
        }
        return reboot();
    }

    /**
     * When --force set a firmware rule aside, marks the reboot for kexec-load (else it would unload the
     * kernel). False, having said why, when the mark cannot be made: then it does not reboot.
     */
    private boolean markForced(boolean force, LoadDecision.Decision decision) {
        if (!force || !firmwareOverridden(decision)) {
            return true;
        }
        String problem = FirmwareOverride.make(context.paths());
        if (problem == null) {
            return true;
        }
        System.err.println("kexec-reboot: " + problem + "; not rebooting (a kernel loaded stays loaded:"
                + " `kexec-reboot cold` unloads it)");
        return false;
    }

    /** Whether --force set a firmware rule aside in this decision (else no mark is needed). */
    private static boolean firmwareOverridden(LoadDecision.Decision decision) {
        for (org.kexecreboot.boot.Trace.Step step : decision.trace().steps()) {
            if (step.subject().equals(LoadDecision.FORCED)) {
                return true;
            }
        }
        return false;
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
        } else if (verdict instanceof Verdict.Firmware f) {
            return f.why();
        } else if (verdict instanceof Verdict.Unreadable u) {
            return u.why();
        } else if (verdict instanceof Verdict.CannotTell c) {
            return c.what() + ": cannot tell as this user; run as root";
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
                OutputStream.nullOutputStream(), context.stderr(), runAs);
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
