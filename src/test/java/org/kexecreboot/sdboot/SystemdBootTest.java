package org.kexecreboot.sdboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.efi.EfiVariables;

/** One rule of systemd-boot's choice per test, on an ESP at /efi (and XBOOTLDR at /boot) in a temporary root. */
class SystemdBootTest {

    static final String MACHINE = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path root;

    private SystemdBoot sdboot;

    @BeforeEach
    void system() {
        sdboot = new SystemdBoot(new SystemPaths(root), "x64");
    }

    private void file(String absolute, String content) throws IOException {
        Path p = root.resolve(absolute.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    /** An entry as kernel-install writes one, with its kernel and initrd on the same partition. */
    private void entry(String partition, String fileName, String version, String extra) throws IOException {
        file(partition + "/loader/entries/" + fileName, "title Debian GNU/Linux\nversion " + version + "\nmachine-id "
                + MACHINE + "\nsort-key debian\noptions root=UUID=r ro\nlinux /" + MACHINE + "/" + version + "/linux\n"
                + "initrd /" + MACHINE + "/" + version + "/initrd.img-" + version + "\n" + extra);
        file(partition + "/" + MACHINE + "/" + version + "/linux", "kernel");
        file(partition + "/" + MACHINE + "/" + version + "/initrd.img-" + version, "initrd");
    }

    private void variable(String name, String value) throws IOException {
        Path p = root.resolve("sys/firmware/efi/efivars/" + name + "-" + EfiVariables.LOADER);
        Files.createDirectories(p.getParent());
        Files.write(p, EfiVariables.encode(EfiVariables.NV_BS_RT, (value + "\0").getBytes(StandardCharsets.UTF_16LE)));
    }

    private SystemdBoot.Choice.Linux linux(String xbootldr) {
        return assertInstanceOf(SystemdBoot.Choice.Linux.class, sdboot.choose(xbootldr == null ? List.of("/efi") : List.of("/efi", xbootldr), new Trace()));
    }

    private String firmware() {
        return assertInstanceOf(SystemdBoot.Choice.Firmware.class, sdboot.choose(List.of("/efi"), new Trace())).why();
    }

    @Test
    void theNewestVersionIsTheDefaultWithoutSettings() throws IOException {
        entry("/efi", MACHINE + "-6.9.0-amd64.conf", "6.9.0-amd64", "");
        entry("/efi", MACHINE + "-6.12.9-amd64.conf", "6.12.9-amd64", "");
        SystemdBoot.Choice.Linux chosen = linux(null);
        assertEquals(MACHINE + "-6.12.9-amd64.conf", chosen.id());
        assertEquals("/efi/" + MACHINE + "/6.12.9-amd64/linux", chosen.kernel());
        assertEquals(List.of("/efi/" + MACHINE + "/6.12.9-amd64/initrd.img-6.12.9-amd64"), chosen.initrds());
        assertEquals("root=UUID=r ro", chosen.options());
    }

    @Test
    void loaderConfDefaultGlobPicksTheFirstMatchInMenuOrder() throws IOException {
        entry("/efi", "a-6.1.0-9.conf", "6.1.0-9", "");
        entry("/efi", "a-6.1.0-10.conf", "6.1.0-10", "");
        entry("/efi", "b-6.12.9.conf", "6.12.9", "");
        file("/efi/loader/loader.conf", "timeout 3\n# comment\ndefault A-*\n");
        assertEquals("a-6.1.0-10.conf", linux(null).id());
    }

    @Test
    void loaderEntryDefaultWinsOverLoaderConf() throws IOException {
        entry("/efi", "a.conf", "1", "");
        entry("/efi", "b.conf", "2", "");
        file("/efi/loader/loader.conf", "default b.conf\n");
        variable("LoaderEntryDefault", "A.conf");
        assertEquals("a.conf", linux(null).id());
    }

    @Test
    void savedTakesLoaderEntryLastBooted() throws IOException {
        entry("/efi", "a.conf", "1", "");
        entry("/efi", "b.conf", "2", "");
        file("/efi/loader/loader.conf", "default @saved\n");
        variable("LoaderEntryLastBooted", "a.conf");
        assertEquals("a.conf", linux(null).id());
    }

    @Test
    void aPatternThatMatchesNothingFallsThrough() throws IOException {
        entry("/efi", "a.conf", "1", "");
        entry("/efi", "b.conf", "2", "");
        variable("LoaderEntryDefault", "gone.conf");
        assertEquals("b.conf", linux(null).id());
    }

    @Test
    void xbootldrEntriesSortWithTheEsps() throws IOException {
        entry("/efi", "a.conf", "6.1", "");
        entry("/boot", "b.conf", "6.12", "");
        SystemdBoot.Choice.Linux chosen = linux("/boot");
        assertEquals("b.conf", chosen.id());
        assertEquals("/boot/" + MACHINE + "/6.12/linux", chosen.kernel());
    }

    @Test
    void entriesWithoutTheirKernelOrForAnotherArchitectureAreLeftOut() throws IOException {
        entry("/efi", "a.conf", "1", "");
        file("/efi/loader/entries/z-missing.conf", "sort-key debian\nversion 9\nlinux /nothing-here\n");
        entry("/efi", "y-arm.conf", "8", "architecture aa64\n");
        file("/efi/loader/entries/auto-x.conf", "sort-key debian\nversion 9\nlinux /" + MACHINE + "/1/linux\n");
        assertEquals("a.conf", linux(null).id());
    }

    @Test
    void entriesWithNoTriesLeftSortLastAndCountedEntriesGoThroughTheFirmware() throws IOException {
        entry("/efi", "new+0-3.conf", "9", "");
        entry("/efi", "old.conf", "1", "");
        assertEquals("old.conf", linux(null).id());
        entry("/efi", "newer+2-1.conf", "10", "");
        assertTrue(firmware().contains("counts its boots (newer+2-1.conf: 2 tries left)"), firmware());
    }

    @Test
    void whatKexecCannotLoadAsSystemdBootWouldGoesThroughTheFirmware() throws IOException {
        entry("/efi", "dt.conf", "1", "devicetree /dtb\n");
        assertTrue(firmware().contains("loads the devicetree /dtb"), firmware());
        file("/efi/loader/entries/shell.conf", "title Shell\nsort-key a\nefi /shell.efi\n");
        file("/efi/shell.efi", "MZ");
        assertTrue(firmware().contains("starts an EFI program (/shell.efi)"), firmware());
    }

    @Test
    void unifiedKernelImagesMakeTheMenuOrderUnknown() throws IOException {
        entry("/efi", "a.conf", "1", "");
        file("/efi/EFI/Linux/debian-6.12.efi", "MZ");
        assertTrue(firmware().contains("unified kernel images (/efi/EFI/Linux/debian-6.12.efi)"), firmware());
        variable("LoaderEntryDefault", "a.conf");
        assertEquals("a.conf", linux(null).id()); // named exactly: no image can be it
        variable("LoaderEntryDefault", "a*");
        assertTrue(firmware().contains("is a pattern"), firmware());
    }

    @Test
    void aDefaultThatCanNameSystemdBootsOwnEntriesGoesThroughTheFirmware() throws IOException {
        entry("/efi", "a.conf", "1", "");
        file("/efi/loader/loader.conf", "default auto-windows\n");
        assertTrue(firmware().contains("systemd-boot's own entry auto-windows"), firmware());
    }

    @Test
    void theOneShotEntryIsSystemdBootsToConsume() throws IOException {
        entry("/efi", "a.conf", "1", "");
        entry("/efi", "b.conf", "2", "");
        variable("LoaderEntryOneShot", "a.conf");
        assertTrue(firmware().startsWith("LoaderEntryOneShot asks systemd-boot for a.conf once"), firmware());
    }

    @Test
    void noEntriesAndUnreadableConfiguration() throws IOException {
        Files.createDirectories(root.resolve("efi/loader/entries"));
        assertTrue(firmware().startsWith("systemd-boot has no Linux entry here"), firmware());
        Files.createDirectories(root.resolve("efi/loader/loader.conf"));
        assertTrue(firmware().contains("loader.conf cannot be read"), firmware());
    }

    @Test
    void oldStyleEntriesWithoutSortKeySortByIdAfterNewStyleOnes() throws IOException {
        file("/efi/loader/entries/zzz-old.conf", "linux /k\n");
        file("/efi/k", "kernel");
        entry("/efi", "aaa.conf", "1", "");
        assertEquals("aaa.conf", linux(null).id());
    }
}
