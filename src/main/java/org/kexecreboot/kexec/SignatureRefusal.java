package org.kexecreboot.kexec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A kexec_file_load that the kernel refused for the kernel's signature, told in words a sysadmin
 * reading the shutdown console understands. kexec-tools says only {@code kexec_file_load failed: No
 * data available} (ENODATA: Debian 12's locked-down kernel given an unsigned one, seen in the VM test,
 * with "Enforced kernel signature verification failed (-61)" in the kernel log), {@code … Key was
 * rejected by service} (EKEYREJECTED: a signature by a key it does not trust), {@code … Operation not
 * permitted} (EPERM: lockdown without enforced signatures), or another of the key errors.
 */
public final class SignatureRefusal {

    /** strerror() of the errors the kernel gives for a signature it will not accept. */
    static final List<String> REASONS = List.of("Operation not permitted", "Key was rejected by service",
            "Required key not available", "Key has been revoked", "Key has expired", "Bad message",
            "Package not installed", "Accessing a corrupted shared library", "Message too long", "No data available");

    private static final String PREFIX = "kexec_file_load failed: ";

    private SignatureRefusal() {
    }

    /** kexec's own complaint (its stderr) says the kernel refused the signature. */
    public static boolean in(String kexecStderr) {
        for (String line : kexecStderr.split("\n")) {
            int at = line.indexOf(PREFIX);
            if (at >= 0 && REASONS.contains(line.substring(at + PREFIX.length()).strip())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The one line, without what happens instead: which kernel, and why.
     *
     * @param kernel the kernel as kexec was given it
     * @param file that kernel on this system, to tell whether it carries a signature at all
     */
    public static String explain(String kernel, Path file) {
        String signature = switch (PeSignature.of(file)) {
            case SIGNED -> "its signature is not from a key this kernel trusts";
            case UNSIGNED -> "it carries no signature";
            case NOT_PE -> "it is not a signed EFI image";
            default -> "its signature could not be checked";
        };
        return "the running kernel refused to load " + kernel + " (" + signature + "): with Secure Boot this"
                + " kernel is locked down and loads only a kernel signed by a key it trusts (Debian's own"
                + " signed linux-image packages are)";
    }

    /**
     * Passes kexec's stderr on as it comes and keeps its last few KiB, to look for the refusal after
     * kexec has exited.
     */
    public static final class Tail extends OutputStream {
        static final int KEEP = 4096;
        private final OutputStream target;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        public Tail(OutputStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
            kept.write(b, off, len);
            if (kept.size() > 2 * KEEP) {
                byte[] all = kept.toByteArray();
                kept.reset();
                kept.write(all, all.length - KEEP, KEEP);
            }
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        public synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
