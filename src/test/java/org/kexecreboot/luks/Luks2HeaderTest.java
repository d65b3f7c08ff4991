package org.kexecreboot.luks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LUKS2 headers made by the real tools (src/test/luks/make-headers.sh: cryptsetup 2.6.1,
 * systemd-cryptenroll of systemd 252 and clevis 19 against swtpm), and the forms they do not cover.
 */
class Luks2HeaderTest {

    private static final Duration LIMIT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path file = dir.resolve(name + ".hdr");
        try (InputStream in = Luks2HeaderTest.class.getResourceAsStream("/luks/" + name + ".hdr")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    private List<TpmBinding> bindings(String name) throws IOException {
        Luks2Header.Read read = Luks2Header.read(fixture(name), LIMIT);
        assertTrue(read instanceof Luks2Header.Read.Bindings, read.toString());
        return ((Luks2Header.Read.Bindings) read).bindings();
    }

    @Test
    void aPassphraseOnlyVolumeHasNoBinding() throws IOException {
        assertEquals(List.of(), bindings("passphrase-only"));
    }

    @Test
    void systemdCryptenrollsDefaultPcr7WorksAfterAKexec() throws IOException {
        assertEquals(List.of(new TpmBinding("systemd-tpm2 token 0, PCRs 7", true, null)), bindings("tpm2-pcrs-7"));
    }

    @Test
    void pcr11BreaksAfterAKexec() throws IOException {
        assertEquals(List.of(new TpmBinding("systemd-tpm2 token 0, PCRs 7+11", true, "it binds PCR 11 (systemd-pcrphase's"
                + " boot phases, extended up to this shutdown, and the old UKI)")), bindings("tpm2-pcrs-7-11"));
    }

    @Test
    void aSignedPolicyIsForAFreshBoot() throws IOException {
        TpmBinding binding = bindings("tpm2-signed-11").get(0);
        assertEquals("systemd-tpm2 token 0, PCRs 7, a signed policy for PCRs 11", binding.what());
        assertEquals("its signed policy is for a fresh boot's PCR 11, and a kexec'd boot's PCR 11 holds the old boot's"
                + " phases too", binding.breaks());
    }

    @Test
    void clevisTpm2PinReadsPcrIdsFromTheJweHeader() throws IOException {
        assertEquals(List.of(new TpmBinding("clevis token 0, tpm2 pin, PCRs 7+9", true,
                "it binds PCR 9 (the kernel and initrd the old boot read)")), bindings("clevis-tpm2-7-9"));
    }

    @Test
    void clevisSssWorksWhileEnoughOfItsPinsDo() throws IOException {
        // t=1 of a PCR 7 pin and a PCR 4+7 pin: the first still unseals.
        assertEquals(List.of(new TpmBinding("clevis token 0, sss pin (1 of tpm2 pin, PCRs 7; tpm2 pin, PCRs 4+7)", true,
                null)), bindings("clevis-sss"));
    }

    /** A header: the binary part (magic, version, hdr_size) and the JSON area. */
    private Path header(int version, long size, String json) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.max(size, 4096 + json.length() + 1));
        b.put(new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe}).putShort((short) version).putLong(size);
        b.position(4096);
        b.put(json.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("made.hdr");
        Files.write(file, b.array());
        return file;
    }

    private static String metadata(String tokens) {
        return "{\"keyslots\":{},\"tokens\":{" + tokens + "},\"segments\":{},\"digests\":{},\"config\":{}}";
    }

    @Test
    void luks1HasNoTokens() throws IOException {
        assertEquals(new Luks2Header.Read.NotLuks2("LUKS version 1, which has no tokens"),
                Luks2Header.read(header(1, 16384, ""), LIMIT));
    }

    @Test
    void noMagicIsNotLuks() throws IOException {
        Path file = dir.resolve("ext4");
        Files.write(file, new byte[8192]);
        assertEquals(new Luks2Header.Read.NotLuks2("no LUKS header"), Luks2Header.read(file, LIMIT));
    }

    @Test
    void aHeaderSizeOutOfRangeIsUnreadable() throws IOException {
        assertEquals(new Luks2Header.Read.Unreadable("its LUKS2 header size 5000 is out of range"),
                Luks2Header.read(header(2, 5000, metadata("")), LIMIT));
    }

    @Test
    void metadataThatIsNotJsonIsUnreadable() throws IOException {
        Luks2Header.Read read = Luks2Header.read(header(2, 16384, "{\"keyslots\":"), LIMIT);
        assertTrue(read instanceof Luks2Header.Read.Unreadable u && u.why().startsWith("its LUKS2 metadata is not JSON"),
                read.toString());
    }

    @Test
    void absentIsUnreadable() {
        assertEquals(new Luks2Header.Read.Unreadable("is not there"), Luks2Header.read(dir.resolve("none"), LIMIT));
    }

    @Test
    void otherTokensAreLeftOut() throws IOException {
        Luks2Header.Read read = Luks2Header.read(header(2, 16384, metadata("\"0\":{\"type\":\"systemd-fido2\","
                + "\"keyslots\":[\"1\"]}")), LIMIT);
        assertEquals(new Luks2Header.Read.Bindings(List.of()), read);
    }

    @Test
    void aPcrlockPolicyPredictsAFreshBoot() throws IOException {
        // systemd 255+: tpm2_pcrlock, with no PCRs of its own in tpm2-pcrs.
        Luks2Header.Read read = Luks2Header.read(header(2, 16384, metadata("\"2\":{\"type\":\"systemd-tpm2\","
                + "\"keyslots\":[\"2\"],\"tpm2-pcrs\":[],\"tpm2_pcrlock\":true}")), LIMIT);
        assertEquals(new Luks2Header.Read.Bindings(List.of(new TpmBinding("systemd-tpm2 token 2, PCRs none, a pcrlock"
                + " policy", true, "its pcrlock policy predicts a fresh boot's event log, which a kexec does not make"))),
                read);
    }

    private static String jwe(String protectedHeader) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(protectedHeader.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTangPinNeedsNoTpm() {
        TpmBinding binding = TpmBinding.of("1", Map.of("type", "clevis", "jwe", Map.of("protected",
                jwe("{\"alg\":\"ECDH-ES\",\"clevis\":{\"pin\":\"tang\",\"tang\":{\"url\":\"http://tang\"}}}"))));
        assertEquals(new TpmBinding("clevis token 1, tang pin", false, null), binding);
    }

    @Test
    void sssNeedingBothOfATangAndABrokenTpm2PinBreaks() {
        String tang = jwe("{\"clevis\":{\"pin\":\"tang\"}}") + ".x.y.z.w";
        String tpm = jwe("{\"clevis\":{\"pin\":\"tpm2\",\"tpm2\":{\"pcr_ids\":\"7,15\"}}}") + ".x.y.z.w";
        TpmBinding binding = TpmBinding.of("0", Map.of("type", "clevis", "jwe", Map.of("protected",
                jwe("{\"clevis\":{\"pin\":\"sss\",\"sss\":{\"t\":2,\"jwe\":[\"" + tang + "\",\"" + tpm + "\"]}}}"))));
        assertTrue(binding.tpm2());
        assertEquals("fewer than 2 of its pins still work (tpm2 pin, PCRs 7+15: it binds PCR 15 (systemd-pcrextend's"
                + " machine-id, file systems and volume keys, extended in this boot))", binding.breaks());
    }

    @Test
    void aClevisTokenThatCannotBeReadSavesNothingAndIsNoTpm() {
        TpmBinding binding = TpmBinding.of("0", Map.of("type", "clevis", "jwe", Map.of("protected", "!!!")));
        assertEquals(new TpmBinding("clevis token 0, a pin whose configuration cannot be read", false,
                "nothing says it works"), binding);
        assertNull(TpmBinding.of("0", Map.of("type", "luks2-keyring")));
    }

    @Test
    void pcrsAKexecKeepsAreTheFirmwaresAndSecureBoots() {
        for (long kept : new long[] {0, 1, 2, 3, 5, 6, 7, 14}) {
            assertNull(Pcrs.affected(kept), "PCR " + kept);
        }
        for (long affected : new long[] {4, 8, 9, 10, 11, 12, 13, 15, 16, 17, 22, 23}) {
            assertTrue(Pcrs.affected(affected).startsWith(affected + " ("), "PCR " + affected);
        }
    }
}
