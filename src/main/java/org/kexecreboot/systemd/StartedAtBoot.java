package org.kexecreboot.systemd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kexecreboot.SystemPaths;

/**
 * Whether a service starts at boot, from files alone (no systemctl: this runs at shutdown), the way
 * each init system decides it.
 *
 * <ul>
 * <li>systemd: a link {@code TARGET.wants/UNIT} in one of its unit directories for a target the boot
 * reaches, that resolves (removing a package without purging leaves the admin's links dangling),
 * and the unit is not masked (a link to /dev/null in /etc or /run wins over every link).
 * <li>sysvinit: a start link {@code S??NAME} in /etc/rc2.d to rc5.d, the multi-user runlevels, and
 * an executable /etc/init.d/NAME (dpkg's remove takes the execute bit and leaves the links;
 * {@code update-rc.d disable} turns S links into K links).
 * </ul>
 */
public final class StartedAtBoot {

    /** The targets a boot reaches that packages' units are wanted by. */
    static final String[] TARGETS = {"multi-user.target", "default.target", "graphical.target"};
    /** An rc directory holds a few dozen links; more is not an rc directory. */
    static final int MAX_LINKS = 4096;

    private StartedAtBoot() {
    }

    /** The link that makes systemd start {@code unit} at boot, or null when none does. */
    public static Path systemdUnit(SystemPaths paths, String unit) {
        for (Path dir : paths.systemdUnitDirs().subList(0, 2)) {
            if (isMask(dir.resolve(unit))) {
                return null;
            }
        }
        for (Path dir : paths.systemdUnitDirs()) {
            for (String target : TARGETS) {
                Path link = dir.resolve(target + ".wants").resolve(unit);
                if (resolves(paths, link)) {
                    return link;
                }
            }
        }
        return null;
    }

    /** The start link that makes sysvinit run /etc/init.d/{@code name} at boot, or null when none does. */
    public static Path sysvScript(SystemPaths paths, String name) {
        if (!Files.isExecutable(paths.initScript(name))) {
            return null;
        }
        for (int runlevel = 2; runlevel <= 5; runlevel++) {
            try (DirectoryStream<Path> links = Files.newDirectoryStream(paths.rcDir(runlevel))) {
                int seen = 0;
                for (Path link : links) {
                    String file = link.getFileName().toString();
                    if (file.length() == name.length() + 3 && file.startsWith("S") && file.endsWith(name)
                            && Character.isDigit(file.charAt(1)) && Character.isDigit(file.charAt(2))) {
                        return link;
                    }
                    if (++seen >= MAX_LINKS) {
                        break;
                    }
                }
            } catch (IOException e) {
                // no such runlevel directory: nothing starts there
            }
        }
        return null;
    }

    /** Hops a chain of links may take; more is a loop. */
    static final int MAX_HOPS = 8;

    /**
     * Whether {@code file} is there, its links followed within the system {@code paths} names (an
     * absolute target is the system's path, as deb-systemd-helper writes it, not this machine's).
     */
    static boolean resolves(SystemPaths paths, Path file) {
        Path at = file;
        try {
            for (int hop = 0; hop < MAX_HOPS; hop++) {
                if (!Files.isSymbolicLink(at)) {
                    return Files.exists(at);
                }
                String target = Files.readSymbolicLink(at).toString();
                at = target.startsWith("/") ? paths.resolve(target) : at.resolveSibling(target);
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** A unit masked there: a link to /dev/null (systemctl mask). */
    static boolean isMask(Path file) {
        try {
            return Files.isSymbolicLink(file) && Files.readSymbolicLink(file).toString().equals("/dev/null");
        } catch (IOException e) {
            return false;
        }
    }
}
