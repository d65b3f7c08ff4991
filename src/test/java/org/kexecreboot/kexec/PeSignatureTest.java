package org.kexecreboot.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.kexec.PeSignature.Presence;

/** Small crafted PE files: the headers a bzImage with the EFI stub has, with and without a signature. */
class PeSignatureTest {

    @TempDir
    Path dir;

    private static final int PE = 0x40;
    private static final int OPTIONAL = PE + 24;

    /**
     * A PE32+ image of {@code size} bytes; with {@code certSize > 0} its certificate table (a
     * WIN_CERTIFICATE of type {@code certType}) is at the end of the file.
     */
    private static ByteBuffer image(int size, int magic, int directories, int certSize, int certType) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 0x5A4D);
        b.putInt(0x3C, PE);
        b.putInt(PE, 0x00004550);
        b.putShort(PE + 4, (short) 0x8664);
        int countOffset = magic == 0x20B ? 108 : 92;
        b.putShort(PE + 4 + 16, (short) (countOffset + 4 + directories * 8)); // SizeOfOptionalHeader
        b.putShort(OPTIONAL, (short) magic);
        b.putInt(OPTIONAL + countOffset, directories);
        if (certSize > 0) {
            int at = size - certSize;
            b.putInt(OPTIONAL + countOffset + 4 + 4 * 8, at);
            b.putInt(OPTIONAL + countOffset + 4 + 4 * 8 + 4, certSize);
            b.putInt(at, certSize);
            b.putShort(at + 4, (short) 0x0200);
            b.putShort(at + 6, (short) certType);
        }
        return b;
    }

    private Presence of(ByteBuffer bytes) throws IOException {
        Path file = dir.resolve("vmlinuz");
        Files.write(file, bytes.array());
        return PeSignature.of(file);
    }

    @Test
    void aSignedImageHasACertificateTable() throws IOException {
        assertEquals(Presence.SIGNED, of(image(4096, 0x20B, 16, 1024, 2)));
        assertEquals(Presence.SIGNED, of(image(4096, 0x10B, 16, 1024, 2)), "PE32 as well");
    }

    @Test
    void withoutTheTableItIsUnsigned() throws IOException {
        assertEquals(Presence.UNSIGNED, of(image(4096, 0x20B, 16, 0, 0)), "sbattach --remove zeroes the entry");
        assertEquals(Presence.UNSIGNED, of(image(4096, 0x20B, 4, 0, 0)), "a directory without entry 4");
        assertEquals(Presence.UNSIGNED, of(image(4096, 0x20B, 16, 1024, 1)), "not PKCS#7 signed data");
    }

    @Test
    void aTablePastTheEndOfTheFileIsNoSignature() throws IOException {
        ByteBuffer b = image(4096, 0x20B, 16, 1024, 2);
        b.putInt(OPTIONAL + 108 + 4 + 32 + 4, 1 << 30);
        assertEquals(Presence.UNSIGNED, of(b));
    }

    @Test
    void whatIsNotPeSaysSo() throws IOException {
        assertEquals(Presence.NOT_PE, of(ByteBuffer.allocate(0)));
        assertEquals(Presence.NOT_PE, of(ByteBuffer.wrap("not a kernel\n".getBytes())));
        ByteBuffer farPe = image(4096, 0x20B, 16, 0, 0);
        farPe.putInt(0x3C, 0x7FFFFFF0);
        assertEquals(Presence.NOT_PE, of(farPe), "e_lfanew past the bound and the file");
        ByteBuffer rom = image(4096, 0x107, 16, 0, 0);
        assertEquals(Presence.NOT_PE, of(rom), "an unknown optional header magic");
        ByteBuffer cut = ByteBuffer.wrap(java.util.Arrays.copyOf(image(4096, 0x20B, 16, 0, 0).array(), 100));
        assertEquals(Presence.NOT_PE, of(cut), "cut off inside the headers");
    }

    @Test
    void aMissingFileIsUnreadable() {
        assertEquals(Presence.UNREADABLE, PeSignature.of(dir.resolve("absent")));
    }

    @Test
    void aHugeSparseFileCostsOnlyTheHeaders() throws IOException {
        Path file = dir.resolve("huge");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.write(image(4096, 0x20B, 16, 0, 0).array());
            f.setLength(8L << 30);
        }
        assertEquals(Presence.UNSIGNED, PeSignature.of(file));
    }
}
