package org.kexecreboot.luks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * How a LUKS2 token unlocks its volume without a person, and whether that still works after a
 * kexec: a {@code systemd-tpm2} token (systemd-cryptenroll --tpm2-device), or a {@code clevis}
 * token (clevis luks bind) whose pin is {@code tpm2}, {@code tang} (a network server: a kexec changes
 * nothing there) or {@code sss} (a threshold of other pins).
 *
 * @param what the token in words ("systemd-tpm2 token 0, PCRs 7+11")
 * @param tpm2 whether the TPM2 takes part at all
 * @param breaks why the binding no longer unlocks after a kexec, or null when it does
 */
public record TpmBinding(String what, boolean tpm2, String breaks) {

    /** How deep clevis' sss pins may nest (a pin of pins of pins). */
    private static final int MAX_NESTING = 8;

    /** The binding of one token of a LUKS2 header's {@code tokens}, or null when it is none of these. */
    public static TpmBinding of(String id, Map<?, ?> token) {
        Object type = token.get("type");
        if ("systemd-tpm2".equals(type)) {
            return systemdTpm2(id, token);
        }
        if ("clevis".equals(type)) {
            return clevis(id, token);
        }
        return null;
    }

    /**
     * systemd's token: {@code tpm2-pcrs} (the PCRs the policy binds to their values at enrolment),
     * {@code tpm2_pubkey_pcrs} (a signed policy: values signed for a fresh boot, systemd-measure),
     * {@code tpm2_pcrlock} (systemd-pcrlock's prediction of a fresh boot's event log).
     */
    private static TpmBinding systemdTpm2(String id, Map<?, ?> token) {
        List<Long> pcrs = numbers(token.get("tpm2-pcrs"));
        List<Long> signed = numbers(token.get("tpm2_pubkey_pcrs"));
        String what = "systemd-tpm2 token " + id + ", PCRs " + Pcrs.shown(pcrs)
                + (signed.isEmpty() ? "" : ", a signed policy for PCRs " + Pcrs.shown(signed))
                + (Boolean.TRUE.equals(token.get("tpm2_pcrlock")) ? ", a pcrlock policy" : "");
        List<String> affected = Pcrs.affected(pcrs);
        if (!affected.isEmpty()) {
            return new TpmBinding(what, true, "it binds PCR " + String.join(", PCR ", affected));
        }
        if (!signed.isEmpty()) {
            return new TpmBinding(what, true, "its signed policy is for a fresh boot's PCR " + Pcrs.shown(signed)
                    + ", and a kexec'd boot's PCR 11 holds the old boot's phases too");
        }
        if (Boolean.TRUE.equals(token.get("tpm2_pcrlock"))) {
            return new TpmBinding(what, true, "its pcrlock policy predicts a fresh boot's event log, which a kexec"
                    + " does not make");
        }
        return new TpmBinding(what, true, null);
    }

    /**
     * clevis keeps its pin's configuration in the JWE's protected header (base64url JSON):
     * {@code clevis.pin} and, for tpm2, {@code clevis.tpm2.pcr_ids} ("7,9"); for sss, {@code
     * clevis.sss.t} of the compact JWEs in {@code clevis.sss.jwe}, each with a header of its own.
     */
    private static TpmBinding clevis(String id, Map<?, ?> token) {
        Object jwe = token.get("jwe");
        Object header = jwe instanceof Map<?, ?> map ? decode(map.get("protected")) : null;
        Pin pin = pin(header, 0);
        return new TpmBinding("clevis token " + id + ", " + pin.what, pin.tpm2, pin.breaks);
    }

    /** One clevis pin: what it is, whether a TPM2 takes part, why it fails after a kexec (or null). */
    private record Pin(String what, boolean tpm2, String breaks) {
    }

    private static Pin pin(Object header, int depth) {
        Map<?, ?> clevis = header instanceof Map<?, ?> h && h.get("clevis") instanceof Map<?, ?> c ? c : null;
        Object name = clevis == null ? null : clevis.get("pin");
        if (clevis == null || !(name instanceof String) || depth > MAX_NESTING) {
            return new Pin("a pin whose configuration cannot be read", false, "nothing says it works");
        }
        if (name.equals("tpm2")) {
            Object config = clevis.get("tpm2");
            List<Long> pcrs = config instanceof Map<?, ?> t ? pcrIds(t.get("pcr_ids")) : List.of();
            List<String> affected = Pcrs.affected(pcrs);
            return new Pin("tpm2 pin, PCRs " + Pcrs.shown(pcrs), true,
                    affected.isEmpty() ? null : "it binds PCR " + String.join(", PCR ", affected));
        }
        if (!name.equals("sss")) {
            return new Pin(name + " pin", false, null); // tang and others: nothing a kexec touches
        }
        Object config = clevis.get("sss");
        Map<?, ?> sss = config instanceof Map<?, ?> s ? s : Map.of();
        long threshold = sss.get("t") instanceof Long t ? t : 1;
        List<Pin> pins = new ArrayList<>();
        if (sss.get("jwe") instanceof List<?> jwes) {
            for (Object compact : jwes) {
                Object nested = compact instanceof String c ? decode(c.split("\\.", 2)[0]) : null;
                pins.add(pin(nested, depth + 1));
            }
        }
        boolean tpm2 = false;
        int working = 0;
        List<String> shown = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        for (Pin p : pins) {
            tpm2 |= p.tpm2;
            shown.add(p.what);
            if (p.breaks == null) {
                working++;
            } else {
                broken.add(p.what + ": " + p.breaks);
            }
        }
        String what = "sss pin (" + threshold + " of " + String.join("; ", shown) + ")";
        if (working >= threshold) {
            return new Pin(what, tpm2, null);
        }
        return new Pin(what, tpm2, "fewer than " + threshold + " of its pins still work (" + String.join("; ", broken)
                + ")");
    }

    private static Object decode(Object base64url) {
        if (!(base64url instanceof String text)) {
            return null;
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(text.replace("=", ""));
            return JsonReader.read(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JsonReader.Malformed e) {
            return null;
        }
    }

    /** A JSON array of integers (systemd writes numbers; a string or other value in it is left out). */
    private static List<Long> numbers(Object array) {
        List<Long> numbers = new ArrayList<>();
        if (array instanceof List<?> list) {
            for (Object n : list) {
                if (n instanceof Long l) {
                    numbers.add(l);
                }
            }
        }
        return numbers;
    }

    /** clevis' "7,9" (tpm2 pin's pcr_ids: a string of comma-separated numbers; an array is taken too). */
    private static List<Long> pcrIds(Object ids) {
        if (ids instanceof List<?>) {
            return numbers(ids);
        }
        List<Long> pcrs = new ArrayList<>();
        if (ids instanceof String s) {
            for (String part : s.split(",")) {
                try {
                    pcrs.add(Long.parseLong(part.strip()));
                } catch (NumberFormatException e) {
                    // not a PCR number: clevis itself would refuse it
                }
            }
        }
        return pcrs;
    }
}
