package org.kexecreboot.kexec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a kernel file carries a signature at all, as Secure Boot signs an x86 kernel: an
 * Authenticode certificate table, named by entry 4 ("certificate table") of the data directory in
 * the PE optional header (a bzImage with the EFI stub is a PE file; {@code sbsign} adds the table,
 * {@code sbattach --remove} takes it away). Whether the running kernel trusts the key is for the
 * kernel to say when it loads; this only tells an unsigned kernel from a signed one, in advance.
 *
 * <p>Only a few headers are read, each at an offset the file itself gives, and every offset is
 * checked against the file's size first: a huge or garbage file costs a handful of small reads.
 */
public final class PeSignature {

    /** What the file turned out to be. */
    public enum Presence {
        /** A certificate table is present (type PKCS#7 signed data). */
        SIGNED,
        /** A PE file without a certificate table. */
        UNSIGNED,
        /** Not a PE file (no "MZ"/"PE" headers): kexec_file_load cannot check a signature on it. */
        NOT_PE,
        /** The file could not be read. */
        UNREADABLE
    }

    /** The PE header is near the start; Linux puts it at 0x40-0x80. */
    static final long MAX_PE_OFFSET = 1 << 16;
    private static final int DIRECTORY_CERTIFICATE_TABLE = 4;
    private static final int WIN_CERT_TYPE_PKCS_SIGNED_DATA = 0x0002;

    private PeSignature() {
    }

    public static Presence of(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return inspect(channel);
        } catch (IOException e) {
            return Presence.UNREADABLE;
        }
    }

    private static Presence inspect(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer dos = read(channel, 0, 64, size);
        if (dos == null || dos.getShort(0) != 0x5A4D) { // "MZ"
            return Presence.NOT_PE;
        }
        long pe = Integer.toUnsignedLong(dos.getInt(0x3C));
        if (pe > MAX_PE_OFFSET) {
            return Presence.NOT_PE;
        }
        // "PE\0\0", the COFF file header (20 bytes), then the optional header's first 2 bytes: its magic.
        ByteBuffer coff = read(channel, pe, 24 + 2, size);
        if (coff == null || coff.getInt(0) != 0x00004550) {
            return Presence.NOT_PE;
        }
        int optionalSize = Short.toUnsignedInt(coff.getShort(4 + 16));
        long optional = pe + 24;
        int magic = Short.toUnsignedInt(coff.getShort(24));
        int countOffset; // NumberOfRvaAndSizes; the data directory follows it
        if (magic == 0x10B) {
            countOffset = 92; // PE32
        } else if (magic == 0x20B) {
            countOffset = 108; // PE32+
        } else {
            return Presence.NOT_PE;
        }
        int entryOffset = countOffset + 4 + DIRECTORY_CERTIFICATE_TABLE * 8;
        if (optionalSize < entryOffset + 8) {
            return Presence.UNSIGNED; // the directory is too short to hold the entry
        }
        ByteBuffer header = read(channel, optional, entryOffset + 8, size);
        if (header == null) {
            return Presence.NOT_PE;
        }
        long count = Integer.toUnsignedLong(header.getInt(countOffset));
        if (count <= DIRECTORY_CERTIFICATE_TABLE) {
            return Presence.UNSIGNED;
        }
        // For this one entry the "address" is a file offset, not an RVA.
        long tableOffset = Integer.toUnsignedLong(header.getInt(entryOffset));
        long tableSize = Integer.toUnsignedLong(header.getInt(entryOffset + 4));
        if (tableOffset == 0 || tableSize < 8 || tableOffset + tableSize > size) {
            return Presence.UNSIGNED;
        }
        // WIN_CERTIFICATE: dwLength, wRevision, wCertificateType.
        ByteBuffer certificate = read(channel, tableOffset, 8, size);
        if (certificate == null || Short.toUnsignedInt(certificate.getShort(6)) != WIN_CERT_TYPE_PKCS_SIGNED_DATA) {
            return Presence.UNSIGNED;
        }
        return Presence.SIGNED;
    }

    /** {@code length} bytes at {@code offset}, little-endian, or null if the file ends before. */
    private static ByteBuffer read(FileChannel channel, long offset, int length, long size) throws IOException {
        if (offset < 0 || offset + length > size) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer;
    }
}
