package org.kexecreboot.luks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;

/**
 * The tokens of a LUKS2 header (cryptsetup's on-disk format, LUKS2 specification 1.1): a 4096-byte
 * binary header (magic {@code LUKS\xba\xbe}, version 2, {@code hdr_size} at offset 8, big-endian),
 * then the JSON area up to {@code hdr_size}, whose {@code tokens} object holds what
 * systemd-cryptenroll and clevis enrolled. Read only, bounded, never unlocking anything: the binary
 * header first, then exactly its JSON area. The primary header only: cryptsetup itself repairs a
 * damaged one from the secondary copy at the next unlock.
 */
public final class Luks2Header {

    private static final byte[] MAGIC = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe};
    private static final int BINARY = 4096;
    /** The largest header the specification allows (a 4 MiB JSON area, the binary header in it). */
    private static final long MAX_HEADER = 4L << 20;

    /** What was read. */
    public sealed interface Read {
        /** A LUKS2 header with these bindings (tokens of other types, e.g. fido2, left out). */
        record Bindings(List<TpmBinding> bindings) implements Read {
            public Bindings {
                bindings = List.copyOf(bindings);
            }
        }

        /** Not LUKS2 (LUKS1 keeps no tokens, plain dm-crypt no header): nothing a TPM2 token could be in. */
        record NotLuks2(String what) implements Read {
        }

        /** Cannot be read now (absent, refused, too slow, not JSON): nothing is known of its tokens. */
        record Unreadable(String why) implements Read {
        }
    }

    private Luks2Header() {
    }

    /** @param limit the bound of each of the two reads */
    public static Read read(Path header, Duration limit) {
        byte[] binary;
        try {
            binary = BoundedRead.region(header, 0, BINARY, limit);
        } catch (NoSuchFileException e) {
            return new Read.Unreadable("is not there");
        } catch (IOException e) {
            return new Read.Unreadable(SystemFiles.reason(e));
        }
        if (binary.length < BINARY || !startsWithMagic(binary)) {
            return new Read.NotLuks2("no LUKS header");
        }
        ByteBuffer fields = ByteBuffer.wrap(binary);
        int version = fields.getShort(6) & 0xffff;
        if (version != 2) {
            return new Read.NotLuks2("LUKS version " + version + ", which has no tokens");
        }
        long size = fields.getLong(8);
        if (size < 2 * BINARY || size > MAX_HEADER) {
            return new Read.Unreadable("its LUKS2 header size " + size + " is out of range");
        }
        byte[] area;
        try {
            area = BoundedRead.region(header, BINARY, (int) size - BINARY, limit);
        } catch (IOException e) {
            return new Read.Unreadable(SystemFiles.reason(e));
        }
        return tokens(area);
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The JSON area: the text up to its first NUL (the rest of the area is zeros). */
    static Read tokens(byte[] area) {
        int end = 0;
        while (end < area.length && area[end] != 0) {
            end++;
        }
        Object json;
        try {
            json = JsonReader.read(new String(area, 0, end, StandardCharsets.UTF_8));
        } catch (JsonReader.Malformed e) {
            return new Read.Unreadable("its LUKS2 metadata is not JSON (" + e.getMessage() + ")");
        }
        if (!(json instanceof Map<?, ?> metadata) || !(metadata.get("keyslots") instanceof Map<?, ?>)) {
            return new Read.Unreadable("its LUKS2 metadata has no keyslots");
        }
        List<TpmBinding> bindings = new ArrayList<>();
        if (metadata.get("tokens") instanceof Map<?, ?> tokens) {
            for (Map.Entry<?, ?> token : tokens.entrySet()) {
                if (token.getValue() instanceof Map<?, ?> t) {
                    TpmBinding binding = TpmBinding.of(String.valueOf(token.getKey()), t);
                    if (binding != null) {
                        bindings.add(binding);
                    }
                }
            }
        }
        return new Read.Bindings(bindings);
    }
}
