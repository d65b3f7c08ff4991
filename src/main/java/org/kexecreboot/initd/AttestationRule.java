package org.kexecreboot.initd;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.systemd.InitSystem;
import org.kexecreboot.systemd.StartedAtBoot;

/**
 * {@code attestation}: a remote verifier attests this machine's measured boot, and a kexec'd boot
 * would not verify. A kexec resets no PCR and measures nothing of the new kernel: PCRs 0-9 and the
 * firmware's event log stay the previous boot's (a quote replays, and describes the old kernel), and
 * Debian's kernels do not carry IMA's log across a kexec (CONFIG_IMA_KEXEC is not set in 6.1 or
 * 6.12), so PCR 10 keeps the old boot's extends while the log starts afresh, and IMA's replay fails.
 * Upstream's IMA/kexec work says as much: a remote attestation needs a cold boot.
 *
 * <p>Which agents, from files alone (none is in Debian's archive; each is enabled when installed):
 * keylime's (rust-keylime's keylime_agent.service or keylime_push_model_agent.service, a cargo-deb
 * package or a make install; the older python agent's unit had the same name), started at boot as
 * {@link StartedAtBoot} tells it; Azure's Guest Attestation extension (Trusted Launch's boot
 * integrity monitoring), installed by walinuxagent under /var/lib/waagent, with walinuxagent started
 * at boot. TPM services that do not attest (tpm2-abrmd, tcsd, strongSwan without attestation
 * collectors, systemd-pcrphase) do not count: they are enabled on install everywhere. An agent this
 * does not know: LOAD_KEXEC=false, or KEXEC_COLD_EVERY=1.
 */
final class AttestationRule implements FirmwareRule {

    static final String NAME = "attestation";
    static final String[] KEYLIME_UNITS = {"keylime_agent.service", "keylime_push_model_agent.service"};
    static final String KEYLIME_SCRIPT = "keylime_agent";
    static final String WAAGENT_UNIT = "walinuxagent.service";
    static final String WAAGENT_SCRIPT = "walinuxagent";
    /** The extension's directory: {@code Publisher.Type-version}. */
    static final String GUEST_ATTESTATION = "Microsoft.Azure.Security.LinuxAttestation.GuestAttestation-";
    /** /var/lib/waagent holds a directory per extension and a few files; more is not waagent's. */
    static final int MAX_ENTRIES = 4096;

    private static final String WHY = ": a remote verifier checks this machine's measured boot, and after a kexec"
            + " the TPM's PCRs and event log are the previous boot's (and IMA's log starts afresh), so this reboot goes"
            + " through the firmware";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String subject() {
        return "remote attestation";
    }

    @Override
    public Finding check(Context context, KexecDefaults defaults, Trace trace) {
        boolean systemd = InitSystem.of(context.paths()) == InitSystem.SYSTEMD;
        for (String unit : KEYLIME_UNITS) {
            Path started = systemd ? StartedAtBoot.systemdUnit(context.paths(), unit) : null;
            if (started != null) {
                return Finding.yes("keylime's agent " + unit + " starts at boot (" + shown(context, started) + ")" + WHY);
            }
        }
        if (!systemd) {
            Path started = StartedAtBoot.sysvScript(context.paths(), KEYLIME_SCRIPT);
            if (started != null) {
                return Finding.yes("keylime's agent starts at boot (" + shown(context, started) + ")" + WHY);
            }
        }
        String extension = guestAttestation(context.paths().waagentState());
        if (extension != null) {
            Path started = systemd ? StartedAtBoot.systemdUnit(context.paths(), WAAGENT_UNIT)
                    : StartedAtBoot.sysvScript(context.paths(), WAAGENT_SCRIPT);
            if (started != null) {
                return Finding.yes("Azure's Guest Attestation extension (/var/lib/waagent/" + extension + ") is installed"
                        + " and walinuxagent starts at boot" + WHY);
            }
        }
        return Finding.notHere();
    }

    /** The extension's directory name, or null when waagent has none (or there is no waagent). */
    static String guestAttestation(Path waagent) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(waagent)) {
            int seen = 0;
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(GUEST_ATTESTATION) && Files.isDirectory(entry)) {
                    return name;
                }
                if (++seen >= MAX_ENTRIES) {
                    break;
                }
            }
        } catch (IOException e) {
            // no waagent state: no extension
        }
        return null;
    }

    /** The link as the system names it (/etc/systemd/system/multi-user.target.wants/…). */
    private static String shown(Context context, Path link) {
        return "/" + context.paths().resolve("/").relativize(link);
    }
}
