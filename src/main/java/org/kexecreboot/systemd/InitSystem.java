package org.kexecreboot.systemd;

import java.nio.file.Files;

import org.kexecreboot.SystemPaths;

/**
 * Which init system runs this machine: the edge the shutdown path is wired to. systemd runs when
 * /run/systemd/system is a directory (sd_booted()'s own test, and what kexec-tools' script checks).
 */
public enum InitSystem {
    SYSTEMD("systemd"), SYSVINIT("sysvinit");

    private final String shown;

    InitSystem(String shown) {
        this.shown = shown;
    }

    public static InitSystem of(SystemPaths paths) {
        return Files.isDirectory(paths.systemdRuntime()) ? SYSTEMD : SYSVINIT;
    }

    @Override
    public String toString() {
        return shown;
    }
}
