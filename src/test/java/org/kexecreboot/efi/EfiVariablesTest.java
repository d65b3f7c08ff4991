package org.kexecreboot.efi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.efi.EfiVariables.Read;

class EfiVariablesTest {

    @TempDir
    Path root;

    private EfiVariables variables() {
        return new EfiVariables(new SystemPaths(root));
    }

    private void put(String name, String guid, byte[] content) throws IOException {
        Path dir = root.resolve("sys/firmware/efi/efivars");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + "-" + guid), content);
    }

    @Test
    void aBiosMachineHasNoVariables() {
        assertFalse(variables().available());
        assertInstanceOf(Read.Absent.class, variables().read("BootNext", EfiVariables.GLOBAL));
    }

    @Test
    void bootNextIsALittleEndianUint16AfterTheAttributes() throws IOException {
        put("BootNext", EfiVariables.GLOBAL, EfiVariables.encode(EfiVariables.NV_BS_RT, new byte[] {0x05, 0x01}));
        Read read = variables().read("BootNext", EfiVariables.GLOBAL);
        Read.Value value = assertInstanceOf(Read.Value.class, read);
        assertEquals(7, value.attributes());
        assertEquals(0x0105, value.uint16());
        assertNull(value.uint64());
        assertTrue(variables().available());
    }

    @Test
    void osIndicationsIsALittleEndianUint64() throws IOException {
        put("OsIndications", EfiVariables.GLOBAL,
                EfiVariables.encode(7, new byte[] {0x01, 0, 0, 0, 0, 0, 0, (byte) 0x80}));
        Read.Value value = assertInstanceOf(Read.Value.class, variables().read("OsIndications", EfiVariables.GLOBAL));
        assertEquals(0x8000000000000001L, value.uint64());
    }

    @Test
    void systemdBootStringsAreUtf16UpToTheirNul() throws IOException {
        byte[] text = "auto-windows\0".getBytes(StandardCharsets.UTF_16LE);
        put("LoaderEntryOneShot", EfiVariables.LOADER, EfiVariables.encode(6, text));
        Read.Value value = assertInstanceOf(Read.Value.class,
                variables().read("LoaderEntryOneShot", EfiVariables.LOADER));
        assertEquals("auto-windows", value.utf16());
        assertEquals("", new Read.Value(7, new byte[0]).utf16());
        assertNull(new Read.Value(7, new byte[] {0x41}).utf16());
        assertEquals("ab", new Read.Value(7, "ab".getBytes(StandardCharsets.UTF_16LE)).utf16());
    }

    @Test
    void aFileShorterThanItsAttributesIsUnreadable() throws IOException {
        put("BootNext", EfiVariables.GLOBAL, new byte[] {7, 0});
        Read.Unreadable read = assertInstanceOf(Read.Unreadable.class, variables().read("BootNext", EfiVariables.GLOBAL));
        assertTrue(read.why().contains("shorter than a variable's 4 attribute bytes"), read.why());
    }

    @Test
    void aHugeVariableIsRefusedNotRead() throws IOException {
        put("Huge", EfiVariables.GLOBAL, new byte[EfiVariables.MAX_BYTES + 5]);
        Read.Unreadable read = assertInstanceOf(Read.Unreadable.class, variables().read("Huge", EfiVariables.GLOBAL));
        assertTrue(read.why().contains("larger than"), read.why());
    }

    @Test
    void aDirectoryWhereAVariableShouldBeIsUnreadable() throws IOException {
        Files.createDirectories(root.resolve("sys/firmware/efi/efivars/BootNext-" + EfiVariables.GLOBAL));
        Read.Unreadable read = assertInstanceOf(Read.Unreadable.class, variables().read("BootNext", EfiVariables.GLOBAL));
        assertTrue(read.why().contains("not a regular file"), read.why());
    }

    @Test
    void encodeAndDecodeAreInverse() {
        byte[] data = {1, 2, 3};
        Read.Value value = assertInstanceOf(Read.Value.class,
                EfiVariables.decode("x", EfiVariables.encode(0x80000007, data)));
        assertEquals(0x80000007, value.attributes());
        assertEquals(new Read.Value(0x80000007, data), value);
    }

    @Test
    void aLoadOptionsDescriptionFollowsItsAttributesAndPathLength() {
        byte[] text = "Linux-Firmware-Updater\0".getBytes(StandardCharsets.UTF_16LE);
        byte[] option = new byte[6 + text.length + 4];
        option[0] = 1; // LOAD_OPTION_ACTIVE
        option[4] = 4; // FilePathListLength: the end node below
        System.arraycopy(text, 0, option, 6, text.length);
        option[6 + text.length] = 0x7f;
        option[7 + text.length] = (byte) 0xff;
        option[8 + text.length] = 4;
        assertEquals("Linux-Firmware-Updater", new Read.Value(7, option).loadOptionDescription());
        assertNull(new Read.Value(7, new byte[] {1, 0, 0, 0, 4, 0, 0x41, 0}).loadOptionDescription(), "no NUL");
        assertNull(new Read.Value(7, new byte[] {1, 0}).loadOptionDescription(), "shorter than its header");
    }

    @Test
    void shownTextIsOneLineAndBounded() {
        assertEquals("a\\nb", EfiVariables.shown("a\\nb"));
        assertEquals("a\\nb", EfiVariables.shown("a\nb"));
        assertEquals("x".repeat(100) + "...", EfiVariables.shown("x".repeat(500)));
    }
}
