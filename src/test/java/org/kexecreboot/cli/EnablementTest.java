package org.kexecreboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.config.DefaultsFile;
import org.kexecreboot.config.KexecDefaults;

/** enable and disable, rule by rule, in a temporary root (the evaluation is the real /bin/sh and run-parts). */
class EnablementTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Enablement enablement(boolean asRoot) {
        return new Enablement(new SystemPaths(root), asRoot, ENV, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path ours() {
        return root.resolve("etc/default/kexec.d/90-kexec-reboot");
    }

    private void write(String absolute, String text) throws IOException {
        Path file = root.resolve(absolute.substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private KexecDefaults evaluated() throws DefaultsFile.Unreadable {
        return DefaultsFile.read(new SystemPaths(root), "test", ENV, PrintStream.nullOutputStream(),
                PrintStream.nullOutputStream());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void enableWritesOurFileAndKexecLoadThenReadsLoadKexecTrue() throws Exception {
        write("/etc/default/kexec", "LOAD_KEXEC=false\n");
        assertEquals(0, enablement(true).enable(false), err());
        assertEquals("Enabled: " + ours() + " to set LOAD_KEXEC=true.\n", out());
        assertEquals("", err());
        assertEquals(Enablement.content(false), Files.readString(ours()));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(ours())));
        assertTrue(evaluated().loadEnabled());
        assertFalse(evaluated().grubEnabled());
        try (var names = Files.list(ours().getParent())) {
            assertEquals(1, names.count(), "no temporary file is left beside ours");
        }
    }

    @Test
    void enableTwiceChangesNothingTheSecondTime() throws Exception {
        assertEquals(0, enablement(true).enable(true));
        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(ours(), written);
        out.reset();
        assertEquals(0, enablement(true).enable(true));
        assertEquals("Already enabled: " + ours() + " sets LOAD_KEXEC=true USE_GRUB_CONFIG=true.\n", out());
        assertEquals(written, Files.getLastModifiedTime(ours()));
        assertTrue(evaluated().grubEnabled());
    }

    @Test
    void enableWithoutGrubAfterEnableWithGrubDropsUseGrubConfig() throws Exception {
        assertEquals(0, enablement(true).enable(true));
        out.reset();
        assertEquals(0, enablement(true).enable(false));
        assertEquals("Enabled: rewrote " + ours() + " to set LOAD_KEXEC=true.\n", out());
        assertFalse(evaluated().grubEnabled());
    }

    @Test
    void notRootIsRefusedAndNothingIsWritten() {
        assertEquals(1, enablement(false).enable(false));
        assertEquals("kexec-reboot: enable needs root (it writes " + ours() + "); nothing changed\n", err());
        assertFalse(Files.exists(ours()));
        err.reset();
        assertEquals(1, enablement(false).disable());
        assertEquals("kexec-reboot: disable needs root (it removes " + ours() + "); nothing changed\n", err());
    }

    @Test
    void aFileReadAfterOursThatSetsLoadKexecAgainIsNamed() throws Exception {
        write("/etc/default/kexec.d/95-site", "LOAD_KEXEC=false\n");
        write("/etc/default/kexec.d/10-early", "LOAD_KEXEC=false\n"); // read before ours: ours wins over it
        assertEquals(1, enablement(true).enable(false));
        assertEquals("kexec-reboot: but LOAD_KEXEC is \"false\" once every file is read, set by " + root
                + "/etc/default/kexec.d/95-site (read after ours): the next reboot does not go through kexec\n", err());
        assertTrue(Files.exists(ours()), "ours is written all the same: the admin decides which file goes");
    }

    @Test
    void aLaterFileThatUnsetsUseGrubConfigIsNamed() throws Exception {
        write("/etc/default/kexec.d/99-z", "USE_GRUB_CONFIG=\n");
        assertEquals(1, enablement(true).enable(true));
        assertTrue(err().startsWith("kexec-reboot: but USE_GRUB_CONFIG is \"\" once every file is read, set by "
                + root + "/etc/default/kexec.d/99-z (read after ours)"), err());
    }

    @Test
    void namesRunPartsSkipsAreNotRead() throws Exception {
        write("/etc/default/kexec.d/99-x.conf", "LOAD_KEXEC=false\n"); // a dot: run-parts does not list it
        assertEquals(0, enablement(true).enable(false), err());
    }

    @Test
    void aConfigurationTheShellStopsOnIsCannotTell() throws Exception {
        write("/etc/default/kexec", "exit 0\n");
        assertEquals(3, enablement(true).enable(false));
        assertTrue(err().startsWith("kexec-reboot: but the configuration cannot be evaluated ("), err());
        assertTrue(err().endsWith("): kexec-load will load nothing\n"), err());
        assertEquals(1, err().split("\n").length, err());
    }

    @Test
    void somethingElseAtOurNameIsLeftAlone() throws Exception {
        Files.createDirectories(ours());
        assertEquals(1, enablement(true).enable(false));
        assertEquals("kexec-reboot: cannot read " + ours() + ": a directory is there, not our file; nothing changed\n",
                err());
        assertTrue(Files.isDirectory(ours()));
    }

    @Test
    void aKexecDThatIsNotADirectoryFailsWithOneLine() throws Exception {
        write("/etc/default/kexec.d", "not a directory\n");
        assertEquals(1, enablement(true).enable(false));
        assertTrue(err().startsWith("kexec-reboot: cannot "), err());
        assertTrue(err().endsWith("; nothing changed\n"), err());
        assertEquals(1, err().split("\n").length, err());
    }

    @Test
    void disableRemovesOursAndIsIdempotent() throws Exception {
        assertEquals(0, enablement(true).enable(false));
        out.reset();
        assertEquals(0, enablement(true).disable(), err());
        assertEquals("Disabled: removed " + ours() + ".\n", out());
        assertFalse(Files.exists(ours()));
        assertFalse(evaluated().loadEnabled());
        out.reset();
        assertEquals(0, enablement(true).disable());
        assertEquals("Already disabled: " + ours() + " is not there.\n", out());
    }

    @Test
    void disableSaysWhereLoadKexecIsStillTrue() throws Exception {
        write("/etc/default/kexec", "LOAD_KEXEC=true\n");
        assertEquals(1, enablement(true).disable());
        assertEquals("kexec-reboot: but LOAD_KEXEC is \"true\" once every file is read, set by " + root
                + "/etc/default/kexec: the next reboot still goes through kexec\n", err());
    }
}
