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
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

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

    // ---- the value channel (issue 12 item 7): the file cannot reach it by accident

    private KexecDefaults readCapturingStderr(String content) throws Exception {
        Path file = root.resolve("etc/default/kexec");
        Files.createDirectories(file.getParent());
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return DefaultsFile.read(new SystemPaths(root), "/etc/init.d/kexec-load", Map.of("PATH", PATH), stdout, stderr);
    }

    @Test
    void fileThatSendsItsStdoutToDevNullStillGivesItsValues() throws Exception {
        KexecDefaults d = readCapturingStderr("exec >/dev/null\necho hidden\nLOAD_KEXEC=true\nKERNEL_IMAGE=/vmlinuz\n");
        assertEquals("true", d.loadKexec());
        assertEquals("/vmlinuz", d.kernelImage());
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fileThatSendsItsStdoutToStderrStillGivesItsValuesAndTheRecordStaysOffTheConsole() throws Exception {
        KexecDefaults d = readCapturingStderr("exec 1>&2\necho to stderr\nLOAD_KEXEC=true\n");
        assertEquals("true", d.loadKexec());
        assertEquals("to stderr\n", stderr.toString(StandardCharsets.UTF_8));
        assertFalse(stdout.toString(StandardCharsets.UTF_8).contains("kexec-reboot-defaults"));
    }

    @Test
    void fileThatDefinesAFunctionNamedPrintfStillGivesItsValues() throws Exception {
        KexecDefaults d = readCapturingStderr("printf() { echo fake; }\ncommand() { echo fake; }\nLOAD_KEXEC=true\n");
        assertEquals("true", d.loadKexec());
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fileThatDefinesAnAliasNamedPrintfStillGivesItsValues() throws Exception {
        assertEquals("true", readCapturingStderr("alias printf=false command=false\nLOAD_KEXEC=true\n").loadKexec());
    }

    @Test
    void hugeValuesAreRefusedWithOneLineAndNeverShown() throws Exception {
        String append = "x".repeat(3 << 20);
        DefaultsFile.Unreadable e = assertThrows(DefaultsFile.Unreadable.class,
                () -> readCapturingStderr("LOAD_KEXEC=true\nAPPEND=" + append + "\n"));
        assertTrue(e.getMessage().contains("KiB"), e.getMessage());
        assertTrue(stdout.size() + stderr.size() < 4096, "nothing of it on the console");
    }

    @Test
    void kexecSyscallIsCarried() throws Exception {
        assertEquals("kexec_file_load", read("KEXEC_SYSCALL=kexec_file_load\n").kexecSyscall());
    }

    @Test
    void kexecIgnoreRulesIsCarriedAndSplitIntoNames() throws Exception {
        KexecDefaults d = read("KEXEC_IGNORE_RULES=\"tpm2-unlock, boot-next\tloader-one-shot\"\n");
        assertEquals("tpm2-unlock, boot-next\tloader-one-shot", d.ignoreRules());
        assertEquals(java.util.List.of("tpm2-unlock", "boot-next", "loader-one-shot"), d.ignoredRules());
        assertEquals(java.util.List.of(), read("LOAD_KEXEC=true\n").ignoredRules());
        assertEquals(java.util.List.of(), read("KEXEC_IGNORE_RULES=\" , ,\"\n").ignoredRules(), "separators only");
        assertEquals(java.util.List.of("boot-next"), read("KEXEC_IGNORE_RULES=\",boot-next,\"\n").ignoredRules());
    }

    @Test
    void kexecColdEveryIsHandedBackAsWritten() throws Exception {
        assertEquals("10", read("KEXEC_COLD_EVERY=10\n").coldEvery());
        assertEquals("", read("LOAD_KEXEC=true\n").coldEvery());
    }

    // ---- /etc/default/kexec.d (issue 10 item 4): after the file, in run-parts --list order

    private void snippet(String name, String content) throws IOException {
        Path dir = root.resolve("etc/default/kexec.d");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void kexecDSnippetsComeAfterTheFileInRunPartsOrder() throws Exception {
        snippet("20-b", "APPEND=b\n");
        snippet("10-a", "APPEND=a\nLOAD_KEXEC=true\n");
        snippet("Z_upper", "KERNEL_IMAGE=/z\n");  // C locale: upper case sorts before digits? no: after them
        KexecDefaults d = read("LOAD_KEXEC=false\nAPPEND=file\nKERNEL_IMAGE=/file\n");
        assertEquals("true", d.loadKexec());
        assertEquals("b", d.append());
        assertEquals("/z", d.kernelImage());
    }

    @Test
    void kexecDNamesRunPartsWouldSkipAreSkipped() throws Exception {
        snippet("enable.conf", "LOAD_KEXEC=true\n");
        snippet("old~", "LOAD_KEXEC=true\n");
        snippet(".hidden", "LOAD_KEXEC=true\n");
        snippet("50 space", "LOAD_KEXEC=true\n");
        assertEquals("false", read("LOAD_KEXEC=false\n").loadKexec());
    }

    @Test
    void kexecDWithoutTheFileIsStillRead() throws Exception {
        snippet("50-kexec", "LOAD_KEXEC=true\n");
        KexecDefaults d = DefaultsFile.read(new SystemPaths(root), "kexec-load", Map.of("PATH", PATH), stdout, System.err);
        assertEquals("true", d.loadKexec());
    }

    @Test
    void kexecDSnippetThatExitsStopsTheShellAsInDebian() throws Exception {
        snippet("10-bad", "exit 4\n");
        DefaultsFile.Unreadable e = assertThrows(DefaultsFile.Unreadable.class, () -> read("LOAD_KEXEC=true\n"));
        assertTrue(e.getMessage().contains("exit status 4"), e.getMessage());
    }

    // ---- the shim's channel, read by the JVM

    private static final String HEADER = "\0kexec-reboot-defaults\0";

    private KexecDefaults fromShim(String channel) throws DefaultsFile.Unreadable {
        return DefaultsFile.fromShim(new java.io.ByteArrayInputStream(channel.getBytes(StandardCharsets.UTF_8)),
                new SystemPaths(root), java.time.Duration.ofSeconds(5));
    }

    @Test
    void shimRecordAndStatusGiveTheValues() throws Exception {
        assertEquals(new KexecDefaults("true", "/vmlinuz", "/initrd.img", "ro quiet", "false", "12", "auto"),
                fromShim(HEADER + "true\0/vmlinuz\0/initrd.img\0ro quiet\0false\0012\0auto\0\0\0S0\n"
                        .replace("\0012", "\0" + "12")));
    }

    @Test
    void shimRecordReadOneByteAtATime() throws Exception {
        byte[] bytes = (HEADER + "true\0a\0b\0c\0d\0e\0f\0g\0h\0S0\n").getBytes(StandardCharsets.UTF_8);
        java.io.InputStream trickle = new java.io.InputStream() {
            int at;

            @Override
            public int read() {
                return at < bytes.length ? bytes[at++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[at++];
                return 1;
            }
        };
        assertEquals("f", DefaultsFile.fromShim(trickle, new SystemPaths(root), java.time.Duration.ofSeconds(5))
                .kexecSyscall());
    }

    @Test
    void shimStatusWithoutRecordSaysHowTheShellStopped() {
        DefaultsFile.Unreadable e = assertThrows(DefaultsFile.Unreadable.class, () -> fromShim("S2\n"));
        assertTrue(e.getMessage().endsWith("stopped the shell (exit status 2)"), e.getMessage());
        e = assertThrows(DefaultsFile.Unreadable.class, () -> fromShim("S124\n"));
        assertTrue(e.getMessage().endsWith("did not finish evaluating within 10 seconds"), e.getMessage());
    }

    @Test
    void shimChannelThatEndsEmptySaysSo() {
        DefaultsFile.Unreadable e = assertThrows(DefaultsFile.Unreadable.class, () -> fromShim(""));
        assertTrue(e.getMessage().contains("ended without an answer"), e.getMessage());
    }

    @Test
    void shimChannelHeldOpenWithoutARecordEndsAtTheDeadline() throws Exception {
        java.io.PipedOutputStream writer = new java.io.PipedOutputStream();
        java.io.PipedInputStream held = new java.io.PipedInputStream(writer);
        writer.write(HEADER.substring(0, 5).getBytes(StandardCharsets.UTF_8)); // and never more, never closed
        DefaultsFile.Unreadable e = assertThrows(DefaultsFile.Unreadable.class,
                () -> DefaultsFile.fromShim(held, new SystemPaths(root), java.time.Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("no values from the shell within"), e.getMessage());
    }

    @Test
    void shimRecordIsTakenWithoutWaitingForTheEndOfTheChannel() throws Exception {
        java.io.PipedOutputStream writer = new java.io.PipedOutputStream();
        java.io.PipedInputStream held = new java.io.PipedInputStream(writer, 1 << 16);
        writer.write((HEADER + "true\0\0\0\0\0\0\0\0\0S0\n").getBytes(StandardCharsets.UTF_8)); // never closed
        assertEquals("true", DefaultsFile.fromShim(held, new SystemPaths(root), java.time.Duration.ofSeconds(5))
                .loadKexec());
    }

    @Test
    void shimChannelLargerThanTheCapIsRefused() {
        DefaultsFile.Unreadable e = assertThrows(DefaultsFile.Unreadable.class,
                () -> fromShim(HEADER + "true\0" + "x".repeat(3 << 20) + "\0"));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void fileThatClosesTheChannelGetsATrueMessage() {
        DefaultsFile.Unreadable e = assertThrows(DefaultsFile.Unreadable.class,
                () -> readCapturingStderr("exec 8>&-\nLOAD_KEXEC=true\n"));
        assertTrue(e.getMessage().contains("without handing back its values"), e.getMessage());
    }

    @Test
    void fileThatExitsZeroGetsATrueMessage() {
        DefaultsFile.Unreadable e = assertThrows(DefaultsFile.Unreadable.class, () -> fromShim("S0\n"));
        assertTrue(e.getMessage().endsWith("ended the shell (exit status 0) without handing back its values (an exit, or "
                + "descriptor 8 closed)"), e.getMessage());
    }
}
