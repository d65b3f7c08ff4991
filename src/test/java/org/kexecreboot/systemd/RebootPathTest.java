package org.kexecreboot.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;

class RebootPathTest {

    @TempDir
    Path root;

    private SystemPaths paths() {
        return new SystemPaths(root);
    }

    private void file(String absolute, String content) throws IOException {
        Path p = paths().resolve(absolute);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private void link(String absolute, String target) throws IOException {
        Path p = paths().resolve(absolute);
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(target));
    }

    private RebootPath path() {
        return RebootPath.of(paths(), new Systemctl(paths(), Map.of("PATH", "/usr/bin:/bin")));
    }

    @Test
    void withoutRunSystemdSystemItIsSysvinitAndSaysNothingOfUnits() {
        RebootPath p = path();
        assertEquals(InitSystem.SYSVINIT, p.init());
        assertEquals(List.of(), p.systemdLines());
        assertTrue(p.who().startsWith("The next reboot (sysvinit, runlevel 6"));
    }

    @Test
    void enabledUnitsOnSystemd() throws IOException {
        Files.createDirectories(root.resolve("run/systemd/system"));
        file("/usr/lib/systemd/system/kexec-load.service", "[Unit]\n");
        file("/usr/lib/systemd/system/kexec.service", "[Unit]\n");
        link("/etc/systemd/system/multi-user.target.wants/kexec-load.service", "/usr/lib/systemd/system/kexec-load.service");
        link("/etc/systemd/system/reboot.target.wants/kexec.service", "/usr/lib/systemd/system/kexec.service");
        RebootPath p = path();
        assertEquals(InitSystem.SYSTEMD, p.init());
        assertTrue(p.unitsReady());
        assertTrue(p.systemdLines().get(0).startsWith("kexec-load.service: enabled"));
        assertTrue(p.systemdLines().get(1).startsWith("kexec.service: enabled"));
        assertEquals(0, p.systemdVersion(), "no systemctl here");
    }

    @Test
    void kexecToolsMaskIsMasked() throws IOException {
        Files.createDirectories(root.resolve("run/systemd/system"));
        link("/usr/lib/systemd/system/kexec.service", "/dev/null");
        RebootPath p = path();
        assertTrue(p.execUnit().masked());
        assertFalse(p.unitsReady());
        assertTrue(p.systemdLines().get(1).startsWith("kexec.service: masked"));
        assertTrue(p.systemdLines().get(2).startsWith("the units are not both enabled"));
    }

    @Test
    void systemd255AndLaterSayWhatAReboot() {
        RebootPath p = new RebootPath(InitSystem.SYSTEMD, new RebootPath.Unit("kexec-load.service", true, false, true),
                new RebootPath.Unit("kexec.service", true, false, true), 257);
        assertTrue(p.systemdLines().get(2).startsWith("systemd 257: `systemctl reboot` itself jumps"));
        RebootPath old = new RebootPath(InitSystem.SYSTEMD, p.loadUnit(), p.execUnit(), 252);
        assertTrue(old.systemdLines().get(2).startsWith("systemd 252: a loaded kernel is run by kexec.service"));
    }
}
