package org.kexecreboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class SystemPathsTest {

    private static final Path ROOT = Path.of("/tmp/some-root");
    private final SystemPaths paths = new SystemPaths(ROOT);

    @Test
    void defaultsFileIsEtcDefaultKexecUnderRoot() {
        assertEquals(ROOT.resolve("etc/default/kexec"), paths.defaultsFile());
    }

    @Test
    void kexecLoadedIsSysKernelKexecLoadedUnderRoot() {
        assertEquals(ROOT.resolve("sys/kernel/kexec_loaded"), paths.kexecLoaded());
    }

    @Test
    void procCmdlineIsUnderRoot() {
        assertEquals(ROOT.resolve("proc/cmdline"), paths.procCmdline());
    }

    @Test
    void kexecBinaryIsSbinKexecUnderRoot() {
        assertEquals(ROOT.resolve("sbin/kexec"), paths.kexecBinary());
    }

    @Test
    void skipFlagIsTmpNoKexecRebootUnderRoot() {
        assertEquals(ROOT.resolve("tmp/no-kexec-reboot"), paths.skipFlag());
    }

    @Test
    void bootAndGrubFilesAreUnderRoot() {
        assertEquals(ROOT.resolve("boot"), paths.boot());
        assertEquals(ROOT.resolve("boot/grub/grub.cfg"), paths.grubCfg());
        assertEquals(ROOT.resolve("boot/grub/grubenv"), paths.grubEnv());
    }

    @Test
    void efiFirmwareAndRunAreUnderRoot() {
        assertEquals(ROOT.resolve("sys/firmware/efi"), paths.efiFirmware());
        assertEquals(ROOT.resolve("run"), paths.run());
    }

    @Test
    void everyPathStartsWithTheRoot() {
        for (Path p : List.of(paths.defaultsFile(), paths.kexecLoaded(), paths.procCmdline(), paths.kexecBinary(),
                paths.skipFlag(), paths.boot(), paths.grubCfg(), paths.grubEnv(), paths.efiFirmware(), paths.run(),
                paths.efiVariables(), paths.firmwareOverride())) {
            assertTrue(p.startsWith(ROOT), p.toString());
        }
    }

    @Test
    void systemRootIsSlash() {
        assertEquals(Path.of("/"), SystemPaths.system().root());
        assertEquals(Path.of("/etc/default/kexec"), SystemPaths.system().defaultsFile());
    }

    @Test
    void shellIsBinSh() {
        assertEquals(Path.of("/bin/sh"), SystemPaths.shell());
    }

    @Test
    void resolveSlashIsTheRoot() {
        assertEquals(ROOT, paths.resolve("/"));
    }

    @Test
    void resolveDoubleSlashPathStaysUnderRoot() {
        assertEquals(ROOT.resolve("x"), paths.resolve("//x"));
    }

    @Test
    void resolveManySlashesIsTheRoot() {
        assertEquals(ROOT, paths.resolve("///"));
    }

    @Test
    void resolveAbsolutePathIsUnderRoot() {
        assertEquals(ROOT.resolve("boot/vmlinuz-6.1"), paths.resolve("/boot/vmlinuz-6.1"));
    }

    @Test
    void resolveEmptyIsTheRoot() {
        assertEquals(ROOT, paths.resolve(""));
    }

    /** As in a chroot, "/.." is "/": a configured KERNEL_IMAGE=/../vmlinuz must not be looked up outside the root. */
    @Test
    void resolveDotDotDoesNotLeaveTheRoot() {
        assertTrue(paths.resolve("/../vmlinuz").normalize().startsWith(ROOT), paths.resolve("/../vmlinuz").toString());
    }
}
