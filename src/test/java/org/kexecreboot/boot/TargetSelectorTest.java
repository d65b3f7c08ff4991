package org.kexecreboot.boot;

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
import org.kexecreboot.config.KexecDefaults;

class TargetSelectorTest {

    private static final String CMDLINE = "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet";

    @TempDir
    Path root;

    private TargetSelector selector;

    @BeforeEach
    void system() throws IOException {
        selector = new TargetSelector(new SystemPaths(root));
        file("/vmlinuz", "kernel");
        file("/initrd.img", "initrd");
        file("/proc/cmdline", CMDLINE + "\n");
    }

    private Path file(String absolute, String content) throws IOException {
        Path p = root.resolve(absolute.substring(1));
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private static KexecDefaults defaults(String kernel, String initrd, String append) {
        return new KexecDefaults("true", kernel, initrd, append, "false", "");
    }

    private BootTarget loaded(Selection selection) {
        return assertInstanceOf(Selection.Load.class, selection).target();
    }

    private String failure(Selection selection) {
        return assertInstanceOf(Selection.Fail.class, selection).reason();
    }

    @Test
    void kernelInitrdAndAppendComeFromTheDefaults() {
        assertEquals(new BootTarget("/vmlinuz", List.of("/initrd.img"), "root=/dev/sdb2 ro"),
                loaded(selector.select(defaults("/vmlinuz", "/initrd.img", "root=/dev/sdb2 ro"), new Trace())));
    }

    @Test
    void emptyInitrdMeansNoInitrd() {
        assertEquals(new BootTarget("/vmlinuz", List.of(), "root=/dev/sdb2 ro"),
                loaded(selector.select(defaults("/vmlinuz", "", "root=/dev/sdb2 ro"), new Trace())));
    }

    @Test
    void pathsStayAsConfiguredNotResolvedUnderRoot() {
        BootTarget target = loaded(selector.select(defaults("/vmlinuz", "/initrd.img", "ro"), new Trace()));
        assertEquals("/vmlinuz", target.kernel());
        assertEquals(List.of("/initrd.img"), target.initrds());
    }

    @Test
    void emptyAppendTakesProcCmdlineWithoutTrailingNewline() {
        assertEquals(CMDLINE, loaded(selector.select(defaults("/vmlinuz", "/initrd.img", ""), new Trace())).append());
    }

    @Test
    void emptyAppendTakesProcCmdlineKeepingTrailingSpace() throws IOException {
        file("/proc/cmdline", CMDLINE + " \n");
        assertEquals(CMDLINE + " ", loaded(selector.select(defaults("/vmlinuz", "/initrd.img", ""), new Trace())).append());
    }

    @Test
    void emptyAppendTakesProcCmdlineDroppingAllTrailingNewlines() throws IOException {
        file("/proc/cmdline", CMDLINE + "\n\n");
        assertEquals(CMDLINE, loaded(selector.select(defaults("/vmlinuz", "/initrd.img", ""), new Trace())).append());
    }

    @Test
    void setAppendDoesNotReadProcCmdline() throws IOException {
        Files.delete(root.resolve("proc/cmdline"));
        assertEquals("root=/dev/sdb2", loaded(selector.select(defaults("/vmlinuz", "/initrd.img", "root=/dev/sdb2"), new Trace())).append());
    }

    @Test
    void setAppendWinsOverProcCmdline() {
        assertEquals("quiet", loaded(selector.select(defaults("/vmlinuz", "", "quiet"), new Trace())).append());
    }

    @Test
    void appendWithSpacesIsKeptExactly() {
        assertEquals(" ro  quiet ", loaded(selector.select(defaults("/vmlinuz", "", " ro  quiet "), new Trace())).append());
    }

    @Test
    void missingProcCmdlineWithEmptyAppendFails() throws IOException {
        Files.delete(root.resolve("proc/cmdline"));
        String reason = failure(selector.select(defaults("/vmlinuz", "/initrd.img", ""), new Trace()));
        assertTrue(reason.contains("/proc/cmdline"), reason);
        assertTrue(reason.contains("No such file or directory"), reason);
    }

    @Test
    void emptyProcCmdlineWithEmptyAppendFails() throws IOException {
        file("/proc/cmdline", "");
        String reason = failure(selector.select(defaults("/vmlinuz", "/initrd.img", ""), new Trace()));
        assertTrue(reason.contains("/proc/cmdline"), reason);
    }

    @Test
    void procCmdlineOfOnlyNewlineWithEmptyAppendFails() throws IOException {
        file("/proc/cmdline", "\n");
        assertInstanceOf(Selection.Fail.class, selector.select(defaults("/vmlinuz", "/initrd.img", ""), new Trace()));
    }

    @Test
    void missingKernelFailsNamingIt() {
        String reason = failure(selector.select(defaults("/boot/vmlinuz-absent", "/initrd.img", "ro"), new Trace()));
        assertTrue(reason.contains("/boot/vmlinuz-absent"), reason);
        assertTrue(reason.contains("kernel"), reason);
    }

    @Test
    void kernelThatIsADirectoryFailsNamingIt() throws IOException {
        Files.createDirectories(root.resolve("boot/dir"));
        String reason = failure(selector.select(defaults("/boot/dir", "/initrd.img", "ro"), new Trace()));
        assertTrue(reason.contains("/boot/dir"), reason);
        assertTrue(reason.contains("not a regular file"), reason);
    }

    @Test
    void emptyKernelImageFails() {
        String reason = failure(selector.select(defaults("", "/initrd.img", "ro"), new Trace()));
        assertTrue(reason.contains("kernel"), reason);
    }

    @Test
    void relativeKernelPathFailsNamingIt() throws IOException {
        file("/vmlinuz-rel", "kernel");
        String reason = failure(selector.select(defaults("vmlinuz-rel", "", "ro"), new Trace()));
        assertTrue(reason.contains("vmlinuz-rel"), reason);
        assertTrue(reason.contains("absolute"), reason);
    }

    @Test
    void kernelSymlinkToRegularFileIsAccepted() throws IOException {
        Files.createSymbolicLink(root.resolve("vmlinuz.link"), root.resolve("vmlinuz"));
        assertEquals("/vmlinuz.link", loaded(selector.select(defaults("/vmlinuz.link", "", "ro"), new Trace())).kernel());
    }

    @Test
    void danglingKernelSymlinkFails() throws IOException {
        Files.createSymbolicLink(root.resolve("vmlinuz.link"), root.resolve("nowhere"));
        String reason = failure(selector.select(defaults("/vmlinuz.link", "", "ro"), new Trace()));
        assertTrue(reason.contains("/vmlinuz.link"), reason);
    }

    @Test
    void missingInitrdFailsNamingIt() {
        String reason = failure(selector.select(defaults("/vmlinuz", "/initrd-absent.img", "ro"), new Trace()));
        assertTrue(reason.contains("/initrd-absent.img"), reason);
        assertTrue(reason.contains("initrd"), reason);
    }

    @Test
    void relativeInitrdPathFails() {
        assertInstanceOf(Selection.Fail.class, selector.select(defaults("/vmlinuz", "initrd.img", "ro"), new Trace()));
    }

    @Test
    void kernelWithCarriageReturnFromCrlfFileFails() {
        // KERNEL_IMAGE="/vmlinuz"\r from a CRLF defaults file names a file that does not exist.
        assertInstanceOf(Selection.Fail.class, selector.select(defaults("/vmlinuz\r", "", "ro"), new Trace()));
    }

    @Test
    void useGrubConfigWithoutGrubCfgKeepsTheConfiguredKernel() {
        KexecDefaults d = new KexecDefaults("true", "/vmlinuz", "/initrd.img", "ro", "true", "");
        assertEquals(new BootTarget("/vmlinuz", List.of("/initrd.img"), "ro"), loaded(selector.select(d, new Trace())));
    }

    @Test
    void useGrubConfigWithoutGrubCfgStillFallsBackToProcCmdline() {
        KexecDefaults d = new KexecDefaults("true", "/vmlinuz", "", "", "true", "");
        assertEquals(CMDLINE, loaded(selector.select(d, new Trace())).append());
    }

    @Test
    void useGrubConfigNotExactlyTrueIgnoresGrub() throws IOException {
        file("/boot/grub/grub.cfg", "menuentry 'x' {\n\tlinux /other root=/dev/sdz\n}\n");
        KexecDefaults d = new KexecDefaults("true", "/vmlinuz", "", "ro", "TRUE", "");
        assertEquals(new BootTarget("/vmlinuz", List.of(), "ro"), loaded(selector.select(d, new Trace())));
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNamingTheVariableNeverPassedOnChanged() throws IOException {
        // What DefaultsFile hands over for a byte 0xff: U+FFFD. An existing kernel of that name is
        // never "does not exist": the value is refused first, by name.
        String reason = failure(selector.select(defaults("/vmlinuz-\uFFFD", "/initrd.img", "ro"), new Trace()));
        assertTrue(reason.startsWith("KERNEL_IMAGE holds bytes that are not UTF-8 text"), reason);
        reason = failure(selector.select(defaults("/vmlinuz", "/initrd-\uFFFD.img", "ro"), new Trace()));
        assertTrue(reason.startsWith("INITRD holds bytes that are not UTF-8 text"), reason);
        reason = failure(selector.select(defaults("/vmlinuz", "/initrd.img", "root=/dev/sda1 quiet=\uFFFD"), new Trace()));
        assertTrue(reason.startsWith("APPEND holds bytes that are not UTF-8 text"), reason);
    }

    @Test
    void bytesThatAreNotUtf8InGrubsEntryAreRefusedToo() throws IOException {
        file("/boot/grub/grub.cfg", "menuentry 'x' {\n\tlinux /vmlinuz root=/dev/sda1 \u00ff\n}\n");
        Files.write(root.resolve("boot/grub/grub.cfg"),
                "menuentry 'x' {\n\tlinux /vmlinuz root=/dev/sda1 x=\377\n}\n".getBytes(StandardCharsets.ISO_8859_1));
        KexecDefaults d = new KexecDefaults("true", "/vmlinuz", "", "ro", "true", "");
        String reason = failure(selector.select(d, new Trace()));
        assertTrue(reason.startsWith("the command line of GRUB's entry holds bytes that are not UTF-8 text"), reason);
    }

    @Test
    void aProcCmdlineThatBlocksEndsAtTheBound() throws Exception {
        Path cmdline = root.resolve("proc/cmdline");
        Files.delete(cmdline);
        assertEquals(0, new ProcessBuilder("mkfifo", cmdline.toString()).start().waitFor());
        String reason = failure(selector.select(defaults("/vmlinuz", "/initrd.img", ""), new Trace()));
        assertEquals("cannot read /proc/cmdline (did not answer within 5 seconds) and APPEND is empty: the new kernel"
                + " would get no root=", reason);
    }

    @Test
    void aKernelThatIsADeviceIsNamedForWhatItIs() throws IOException {
        Files.createSymbolicLink(root.resolve("vmlinuz.zero"), Path.of("/dev/zero"));
        String reason = failure(selector.select(defaults("/vmlinuz.zero", "", "ro"), new Trace()));
        assertEquals("kernel /vmlinuz.zero is not a regular file (a character device)", reason);
    }

    @Test
    void grubEntryReadingFromALoopDeviceLoadsNothingAndSaysSo() throws IOException {
        file("/casper/vmlinuz", "this system's file of the same name");
        file("/boot/grub/grub.cfg", "loopback loop /ubuntu.iso\nmenuentry 'Live ISO' {\n\tlinux (loop)/casper/vmlinuz boot=casper\n}\n");
        KexecDefaults d = new KexecDefaults("true", "/vmlinuz", "", "", "true", "");
        String why = failure(selector.select(d, new Trace()));
        assertTrue(why.contains("\"Live ISO\" reads (loop)/casper/vmlinuz from GRUB's device (loop)"), why);
    }

    @Test
    void prefixExpandsToGrubsDirectory() throws IOException {
        file("/boot/grub/vmlinux", "kernel in GRUB's directory");
        file("/boot/grub/grub.cfg", "menuentry 'x' {\n\tlinux ${prefix}/vmlinux ro\n}\n");
        KexecDefaults d = new KexecDefaults("true", "/vmlinuz", "", "", "true", "");
        assertEquals(new BootTarget("/boot/grub/vmlinux", List.of(), "ro"), loaded(selector.select(d, new Trace())));
    }

    /** Issue 20: an entry whose search names a file system this system cannot identify (no /dev/disk, no mount table). */
    @Test
    void anEntryOnAFileSystemThatCannotBeIdentifiedIsNotReadHere() throws IOException {
        file("/boot/vmlinuz-other", "this system's kernel of the same name");
        KexecDefaults grub = new KexecDefaults("true", "/vmlinuz", "", "", "true", "");
        file("/boot/grub/grub.cfg", "menuentry 'Other Linux' {\n search --no-floppy --fs-uuid --set=root 2c2c-77\n"
                + " linux /boot/vmlinuz-other root=UUID=2c2c-77 ro\n}\n");
        assertEquals("GRUB's default entry \"Other Linux\" reads its kernel from the file system with UUID 2c2c-77"
                + " (search --fs-uuid), which this system cannot identify as the one holding grub.cfg or as one it has"
                + " mounted: rebooting through the firmware and GRUB",
                assertInstanceOf(Selection.ColdReboot.class, selector.select(grub, new Trace())).why());
        file("/boot/grub/grub.cfg", "menuentry 'Other Linux' {\n search -l -s root OTHER\n linux /boot/vmlinuz-other\n}\n");
        assertTrue(assertInstanceOf(Selection.ColdReboot.class, selector.select(grub, new Trace())).why()
                .contains("from the file system labelled \"OTHER\" (search --label), which this system cannot identify"));
        file("/boot/grub/grub.cfg", "menuentry 'Other Linux' {\n set root='hd1,gpt2'\n linux /boot/vmlinuz-other\n}\n");
        assertTrue(assertInstanceOf(Selection.ColdReboot.class, selector.select(grub, new Trace())).why()
                .contains("from GRUB's device hd1,gpt2, which this system cannot identify"));
        file("/boot/grub/grub.cfg", "menuentry 'Other Linux' {\n linux (hd1,gpt2)/boot/vmlinuz-other\n}\n");
        assertTrue(assertInstanceOf(Selection.ColdReboot.class, selector.select(grub, new Trace())).why()
                .contains("from GRUB's device hd1,gpt2, which this system cannot identify"));
        // without search or set root, $root is grub.cfg's own device: read here
        file("/boot/grub/grub.cfg", "menuentry 'This Linux' {\n linux /boot/vmlinuz-other root=/dev/sda1\n}\n");
        assertEquals("/boot/vmlinuz-other", loaded(selector.select(grub, new Trace())).kernel());
    }

    /** The mount table names grub.cfg's device, but what is at its source is not that device: not read, not trusted. */
    @Test
    void aSourceThatIsNotTheMountedDeviceIsNotRead() throws IOException {
        Object dev = Files.getAttribute(root.resolve("boot").getParent(), "unix:dev");
        long device = (Long) dev;
        String majorMinor = MountedFileSystem.major(device) + ":" + MountedFileSystem.minor(device);
        file("/dev/fake-boot", "not a block device");
        file("/proc/self/mountinfo", "22 1 " + majorMinor + " / / rw - ext4 /dev/fake-boot rw\n");
        assertEquals(null, MountedFileSystem.holding(new SystemPaths(root), root));
        file("/boot/vmlinuz-other", "k");
        KexecDefaults grub = new KexecDefaults("true", "/vmlinuz", "", "", "true", "");
        file("/boot/grub/grub.cfg", "menuentry 'Other Linux' {\n search --fs-uuid --set=root 2c2c-77\n"
                + " linux /boot/vmlinuz-other\n}\n");
        assertInstanceOf(Selection.ColdReboot.class, selector.select(grub, new Trace()));
    }
}
