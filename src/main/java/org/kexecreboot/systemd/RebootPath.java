package org.kexecreboot.systemd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kexecreboot.SystemPaths;

/**
 * Which way the next reboot goes through our code, for {@code plan} and {@code status}: the init
 * system, and on systemd our two units (installed, masked, enabled) and what this systemd does with
 * a kernel that is loaded when the reboot is asked for.
 *
 * @param init the running init system
 * @param loadUnit kexec-load.service: installed / enabled (started at boot, so its stop runs at shutdown)
 * @param execUnit kexec.service: installed / enabled (wanted by reboot.target)
 * @param systemdVersion 0 when unknown or not systemd
 */
public record RebootPath(InitSystem init, Unit loadUnit, Unit execUnit, int systemdVersion) {

    public static final String LOAD_UNIT = "kexec-load.service";
    public static final String EXEC_UNIT = "kexec.service";

    /** First systemd whose `systemctl reboot` kexecs a kernel loaded at that moment (logind). */
    public static final int AUTO_KEXEC_SINCE = 255;

    /** One unit file's state. */
    public record Unit(String name, boolean installed, boolean masked, boolean enabled) {

        static Unit of(SystemPaths paths, String name, String wantedBy) {
            Path file = paths.systemdUnit(name);
            boolean masked = StartedAtBoot.isMask(file) || StartedAtBoot.isMask(paths.resolve("/etc/systemd/system/" + name));
            return new Unit(name, Files.isRegularFile(file) && !masked, masked,
                    Files.exists(paths.systemdWants(wantedBy, name), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }

        boolean works() {
            return installed && enabled;
        }

        String state() {
            return masked ? "masked" : !installed ? "not installed" : enabled ? "enabled" : "installed, not enabled";
        }
    }

    public static RebootPath of(SystemPaths paths, Systemctl systemctl) {
        InitSystem init = InitSystem.of(paths);
        return new RebootPath(init, Unit.of(paths, LOAD_UNIT, "multi-user.target"),
                Unit.of(paths, EXEC_UNIT, "reboot.target"), init == InitSystem.SYSTEMD ? systemctl.version() : 0);
    }

    /** Both units will act at the next reboot. */
    public boolean unitsReady() {
        return loadUnit.works() && execUnit.works();
    }

    /** The header of the plan: who runs the decision at the next reboot. */
    public String who() {
        if (init == InitSystem.SYSVINIT) {
            return "The next reboot (sysvinit, runlevel 6: /etc/init.d/kexec-load stop, then /etc/init.d/kexec stop)";
        }
        return "The next reboot (systemd" + (systemdVersion > 0 ? " " + systemdVersion : "")
                + ": kexec-load.service stops and runs /etc/init.d/kexec-load stop, then kexec.service runs"
                + " systemctl --force kexec)";
    }

    /** What the plan and status add on systemd: the units, and what systemd does with a loaded kernel. */
    public List<String> systemdLines() {
        List<String> lines = new ArrayList<>();
        if (init != InitSystem.SYSTEMD) {
            return lines;
        }
        lines.add(LOAD_UNIT + ": " + loadUnit.state() + " (loads the kernel when it is stopped for a reboot;"
                + " never for poweroff or halt)");
        lines.add(EXEC_UNIT + ": " + execUnit.state() + " (after every service has stopped, when a kernel is loaded:"
                + " systemctl --force kexec, so that systemd-shutdown runs kexec -e once every file system is"
                + " unmounted or read-only)");
        if (!unitsReady()) {
            lines.add("the units are not both enabled: this reboot goes through the firmware"
                    + " (enable them: systemctl enable kexec-load.service kexec.service)");
        }
        if (systemdVersion >= AUTO_KEXEC_SINCE) {
            lines.add("systemd " + systemdVersion + ": `systemctl reboot` itself jumps into a kernel that is already"
                    + " loaded when it is run (kexec-reboot cold unloads it)");
        } else if (systemdVersion > 0) {
            lines.add("systemd " + systemdVersion + ": a loaded kernel is run by kexec.service at reboot");
        }
        return lines;
    }
}
