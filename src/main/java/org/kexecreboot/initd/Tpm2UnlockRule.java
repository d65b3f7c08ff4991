package org.kexecreboot.initd;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.Privileges;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.luks.Crypttab;
import org.kexecreboot.luks.Luks2Header;
import org.kexecreboot.luks.TpmBinding;

/**
 * {@code tpm2-unlock}: a volume the boot unlocks (/etc/crypttab) is unlocked by the TPM2 alone, with a
 * policy a kexec breaks: the PCRs it binds are changed or left stale by a kexec ({@link
 * org.kexecreboot.luks.Pcrs}), or it is a signed or pcrlock policy made for a fresh boot. After a
 * kexec the unseal fails and the boot waits at the console for a passphrase, which on a server
 * nobody types: so the reboot goes through the firmware, which measures the boot afresh.
 *
 * <p>Only what needs no person counts: a volume with a key file in crypttab, or with any binding
 * that still works after a kexec (a TPM2 policy of PCRs a kexec keeps, such as systemd-cryptenroll's
 * default PCR 7; a clevis tang pin), unlocks as before. Headers are read bounded and never unlocked.
 * Someone who knows that their policy survives a kexec sets KEXEC_IGNORE_RULES=tpm2-unlock.
 */
final class Tpm2UnlockRule implements FirmwareRule {

    /** Volumes beyond this many are not read: a crypttab this long is not a boot's (one line says so). */
    static final int MAX_VOLUMES = 16;
    /** One header read (the binary header, then its JSON area). */
    static final Duration READ_LIMIT = Duration.ofSeconds(2);
    /** All of the rule's reads: a hung disk must not eat the run's budget (Watchdog.BUDGET). */
    static final Duration TOTAL_LIMIT = Duration.ofSeconds(5);

    @Override
    public String name() {
        return "tpm2-unlock";
    }

    @Override
    public String subject() {
        return "TPM2 disk unlock";
    }

    @Override
    public Finding check(Context context, KexecDefaults defaults, Trace trace) {
        Path crypttab = context.paths().crypttab();
        if (!Files.exists(crypttab)) {
            return Finding.notHere();
        }
        List<Crypttab.Volume> volumes;
        try {
            volumes = Crypttab.parse(BoundedRead.regularFile(crypttab, Crypttab.MAX_BYTES, BoundedRead.LIMIT));
        } catch (AccessDeniedException e) {
            return Privileges.isRoot() ? Finding.no("/etc/crypttab cannot be read (" + SystemFiles.reason(e) + ")")
                    : Finding.cannotTell("/etc/crypttab is not readable by this user");
        } catch (IOException e) {
            return Finding.no("/etc/crypttab cannot be read (" + SystemFiles.reason(e) + ")");
        }
        List<Crypttab.Volume> atBoot = new ArrayList<>();
        for (Crypttab.Volume volume : volumes) {
            if (volume.atBoot()) {
                atBoot.add(volume);
            }
        }
        if (atBoot.isEmpty()) {
            return Finding.notHere(); // nothing unlocked at boot: the plan stays as it was
        }
        long deadline = System.nanoTime() + TOTAL_LIMIT.toNanos();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < atBoot.size(); i++) {
            Crypttab.Volume volume = atBoot.get(i);
            if (i == MAX_VOLUMES) {
                found.add((atBoot.size() - MAX_VOLUMES) + " more not read (at most " + MAX_VOLUMES + ")");
                break;
            }
            Finding verdict = volume(context, volume, deadline, found);
            if (verdict != null) {
                return verdict;
            }
        }
        return Finding.no(String.join("; ", found));
    }

    /**
     * One volume: a finding that decides (applies, cannot tell), or null with what was found added
     * to {@code found}.
     */
    private static Finding volume(Context context, Crypttab.Volume volume, long deadline, List<String> found) {
        String name = volume.name() + " (" + volume.source() + ")";
        if (!volume.keyFile().isEmpty()) {
            found.add(name + ": unlocked with its key file");
            return null;
        }
        String headerPath = volume.headerPath();
        if (headerPath == null) {
            return unknown(volume, name, "names no device this can read", found);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return unknown(volume, name, "not read: the rule's " + TOTAL_LIMIT.toSeconds() + " seconds are used up",
                    found);
        }
        Duration limit = Duration.ofNanos(Math.min(left, READ_LIMIT.toNanos()));
        Luks2Header.Read read = Luks2Header.read(context.paths().resolve(headerPath), limit);
        if (read instanceof Luks2Header.Read.NotLuks2 not) {
            found.add(name + ": " + not.what());
            return null;
        }
        if (read instanceof Luks2Header.Read.Unreadable unreadable) {
            if (!Privileges.isRoot() && Files.exists(context.paths().resolve(headerPath))) {
                return Finding.cannotTell(headerPath + " (" + volume.name() + "'s LUKS header) is not readable by this user");
            }
            return unknown(volume, name, headerPath + " " + unreadable.why(), found);
        }
        List<TpmBinding> bindings = ((Luks2Header.Read.Bindings) read).bindings();
        List<String> broken = new ArrayList<>();
        boolean tpm2 = false;
        for (TpmBinding binding : bindings) {
            tpm2 |= binding.tpm2();
            if (binding.breaks() == null) {
                found.add(name + ": " + binding.what() + ", which works after a kexec as after a cold boot");
                return null;
            }
            broken.add(binding.what() + ": " + binding.breaks());
        }
        if (!tpm2) {
            found.add(name + ": " + (bindings.isEmpty() ? "no TPM2 binding (a passphrase, FIDO2 or PKCS#11 at the"
                    + " console, as after a cold boot)" : String.join("; ", broken)));
            return null;
        }
        return Finding.yes(name + " is unlocked by the TPM2 (" + String.join("; ", broken)
                + "): after a kexec the unlock would wait for a passphrase, so this reboot goes through the firmware");
    }

    /**
     * A header that cannot be read: when crypttab asks for the TPM2 ({@code tpm2-device=}), the cold
     * boot is the safe side; otherwise nothing says the TPM2 is involved.
     */
    private static Finding unknown(Crypttab.Volume volume, String name, String why, List<String> found) {
        if (volume.option("tpm2-device") != null) {
            return Finding.yes(name + ": tpm2-device=" + volume.option("tpm2-device") + " in /etc/crypttab asks for the"
                    + " TPM2, and its LUKS header cannot be read (" + why + "): whether a kexec keeps its policy cannot"
                    + " be told, so this reboot goes through the firmware");
        }
        found.add(name + ": " + why);
        return null;
    }
}
