package org.kexecreboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;

/** DefaultsFile runs the real /bin/sh on tempDir/etc/default/kexec. */
class DefaultsFileTest {

    private static final String PATH = "/sbin:/bin:/usr/sbin:/usr/bin";

    @TempDir
    Path root;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private KexecDefaults read(String content) throws Exception {
        Path file = root.resolve("etc/default/kexec");
        Files.createDirectories(file.getParent());
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return DefaultsFile.read(new SystemPaths(root), "/etc/init.d/kexec-load", Map.of("PATH", PATH), stdout, System.err);
    }

    @Test
    void missingFileGivesAllEmpty() throws Exception {
        KexecDefaults d = DefaultsFile.read(new SystemPaths(root), "/etc/init.d/kexec-load", Map.of("PATH", PATH), stdout, System.err);
        assertEquals(new KexecDefaults("", "", "", "", "", ""), d);
        assertFalse(d.loadEnabled());
        assertFalse(d.grubEnabled());
        assertEquals(0, stdout.size());
    }

    @Test
    void emptyFileGivesAllEmpty() throws Exception {
        assertEquals(new KexecDefaults("", "", "", "", "", ""), read(""));
    }

    @Test
    void plainValuesAreRead() throws Exception {
        KexecDefaults d = read("LOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=/initrd.img\nAPPEND=ro\n"
                + "USE_GRUB_CONFIG=false\nKEXEC_TIMEOUT=12\n");
        assertEquals(new KexecDefaults("true", "/vmlinuz", "/initrd.img", "ro", "false", "12"), d);
        assertTrue(d.loadEnabled());
        assertFalse(d.grubEnabled());
    }

    @Test
    void originalDebianDefaultsFileIsRead() throws Exception {
        KexecDefaults d = read("# Defaults for kexec initscript\n# sourced by /etc/init.d/kexec and /etc/init.d/kexec-load\n\n"
                + "# Load a kexec kernel (true/false)\nLOAD_KEXEC=true\n\n# Kernel and initrd image\n"
                + "KERNEL_IMAGE=\"/vmlinuz\"\nINITRD=\"/initrd.img\"\n\n"
                + "# If empty, use current /proc/cmdline\nAPPEND=\"\"\n\n"
                + "# Load the default kernel from grub config (true/false)\nUSE_GRUB_CONFIG=false\n");
        assertEquals(new KexecDefaults("true", "/vmlinuz", "/initrd.img", "", "false", ""), d);
    }

    @Test
    void singleQuotedValueIsTakenLiterally() throws Exception {
        assertEquals("a $HOME \"b\" \\n", read("APPEND='a $HOME \"b\" \\n'\n").append());
    }

    @Test
    void doubleQuotedValueIsExpanded() throws Exception {
        assertEquals("root=/dev/sda1 ro x", read("X=x\nAPPEND=\"root=/dev/sda1 ro $X\"\n").append());
    }

    @Test
    void exportedAssignmentIsRead() throws Exception {
        assertEquals("true", read("export LOAD_KEXEC=true\n").loadKexec());
    }

    @Test
    void exportOfEarlierAssignmentIsRead() throws Exception {
        assertEquals("/vmlinuz", read("KERNEL_IMAGE=/vmlinuz\nexport KERNEL_IMAGE\n").kernelImage());
    }

    @Test
    void laterAssignmentWins() throws Exception {
        assertEquals("false", read("LOAD_KEXEC=true\nLOAD_KEXEC=false\n").loadKexec());
    }

    @Test
    void commandSubstitutionIsEvaluated() throws Exception {
        assertEquals("/boot/vmlinuz-6.1.0", read("KERNEL_IMAGE=/boot/vmlinuz-$(echo 6.1.0)\n").kernelImage());
    }

    @Test
    void backquoteSubstitutionIsEvaluated() throws Exception {
        assertEquals("true", read("LOAD_KEXEC=`echo true`\n").loadKexec());
    }

    @Test
    void variablesMayReferenceOthers() throws Exception {
        KexecDefaults d = read("V=6.1.0-13-amd64\nKERNEL_IMAGE=/boot/vmlinuz-$V\nINITRD=/boot/initrd.img-${V}\n");
        assertEquals("/boot/vmlinuz-6.1.0-13-amd64", d.kernelImage());
        assertEquals("/boot/initrd.img-6.1.0-13-amd64", d.initrd());
    }

    @Test
    void commentsAreIgnored() throws Exception {
        KexecDefaults d = read("# LOAD_KEXEC=true\nLOAD_KEXEC=false # LOAD_KEXEC=true\n");
        assertEquals("false", d.loadKexec());
    }

    @Test
    void crlfLineEndingsLeaveCarriageReturnInValueAndDoNotEnable() throws Exception {
        KexecDefaults d = read("LOAD_KEXEC=true\r\nKERNEL_IMAGE=\"/vmlinuz\"\r\n");
        assertEquals("true\r", d.loadKexec());
        assertFalse(d.loadEnabled());
        assertEquals("/vmlinuz\r", d.kernelImage());
    }

    @Test
    void valueWithSpacesIsKept() throws Exception {
        assertEquals("root=/dev/sda1 ro quiet", read("APPEND=\"root=/dev/sda1 ro quiet\"\n").append());
    }

    @Test
    void valueWithTabsIsKept() throws Exception {
        assertEquals("a\tb\t", read("APPEND=\"a\tb\t\"\n").append());
    }

    @Test
    void valueWithBackslashesIsKept() throws Exception {
        assertEquals("a\\b\\\\c\\n", read("APPEND='a\\b\\\\c\\n'\n").append());
    }

    @Test
    void valueWithNewlinesIsKept() throws Exception {
        assertEquals("a\nb\n\n", read("APPEND='a\nb\n\n'\n").append());
    }

    @Test
    void leadingAndTrailingSpacesAreKept() throws Exception {
        assertEquals("  ro quiet  ", read("APPEND='  ro quiet  '\n").append());
    }

    @Test
    void nonAsciiValueIsKept() throws Exception {
        assertEquals("/boot/vmlinüz-ĸ", read("KERNEL_IMAGE='/boot/vmlinüz-ĸ'\n").kernelImage());
    }

    @Test
    void percentAndPrintfEscapesInValueAreNotInterpreted() throws Exception {
        assertEquals("%s %d \\0 \\x41", read("APPEND='%s %d \\0 \\x41'\n").append());
    }

    @Test
    void valueLookingLikeTheMarkerDoesNotConfuse() throws Exception {
        KexecDefaults d = read("printf '\\0kexec-reboot-defaults\\0x\\0y\\0'\nLOAD_KEXEC=true\n");
        assertEquals("true", d.loadKexec());
    }

    @Test
    void fileOutputIsPassedOnAndValuesStillRead() throws Exception {
        KexecDefaults d = read("echo hello from the defaults\nLOAD_KEXEC=true\nprintf 'no newline'\n");
        assertEquals("true", d.loadKexec());
        assertEquals("hello from the defaults\nno newline", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fileSeesTheScriptsPath() throws Exception {
        assertEquals(PATH, read("APPEND=\"$PATH\"\n").append());
    }

    @Test
    void fileSeesScriptNameAsDollarZero() throws Exception {
        assertEquals("/etc/init.d/kexec-load", read("APPEND=\"$0\"\n").append());
    }

    @Test
    void syntaxErrorIsUnreadable() {
        assertThrows(DefaultsFile.Unreadable.class, () -> read("LOAD_KEXEC=true\nif then (\n"));
    }

    @Test
    void exitInsideIsUnreadable() {
        DefaultsFile.Unreadable e = assertThrows(DefaultsFile.Unreadable.class, () -> read("LOAD_KEXEC=true\nexit 3\n"));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void exitZeroInsideIsUnreadable() {
        assertThrows(DefaultsFile.Unreadable.class, () -> read("LOAD_KEXEC=true\nexit 0\n"));
    }

    @Test
    void outputBeforeExitIsStillPassedOn() {
        assertThrows(DefaultsFile.Unreadable.class, () -> read("echo bye\nexit 1\n"));
        assertEquals("bye\n", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void failingCommandDoesNotStopTheFile() throws Exception {
        assertEquals("true", read("false\nLOAD_KEXEC=true\n").loadKexec());
    }

    @Test
    void kexecTimeoutIsRead() throws Exception {
        assertEquals("45", read("KEXEC_TIMEOUT=45\n").kexecTimeout());
    }

    @Test
    void directoryInPlaceOfFileGivesAllEmptyOrUnreadable() throws IOException {
        // `test -r DIR && . DIR`: dash fails to source a directory; either way nothing is enabled.
        Files.createDirectories(root.resolve("etc/default/kexec"));
        try {
            KexecDefaults d = DefaultsFile.read(new SystemPaths(root), "kexec-load", Map.of("PATH", PATH), stdout, System.err);
            assertFalse(d.loadEnabled());
        } catch (DefaultsFile.Unreadable expected) {
            // fine
        }
    }

    /**
     * `set -u` in the file: the original scripts still load (every variable they use is set), and
     * KEXEC_TIMEOUT, which the original never reads, must not make the file unreadable.
     */
    @Test
    void setMinusUWithoutKexecTimeoutIsStillRead() throws Exception {
        KexecDefaults d = read("set -u\nLOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\nINITRD=\nAPPEND=\nUSE_GRUB_CONFIG=false\n");
        assertEquals(new KexecDefaults("true", "/vmlinuz", "", "", "false", ""), d);
    }

    @Test
    void setMinusEWithFailingCommandBeforeAssignmentsIsUnreadable() {
        // As in the original: `set -e` then a failing command ends the shell sourcing the file.
        assertThrows(DefaultsFile.Unreadable.class, () -> read("set -e\nfalse\nLOAD_KEXEC=true\n"));
    }
}
