package org.kexecreboot.luks;

import java.util.ArrayList;
import java.util.List;

/**
 * What a kexec does to each TPM PCR (the UAPI group's Linux TPM PCR Registry names them). The TPM is
 * reset only by a platform reset, and a kexec is none: no PCR goes back to zero, and nothing between
 * the old kernel's shutdown and the new kernel's start measures anything.
 *
 * <ul>
 * <li>Changed: extended while the system runs, so after a kexec they hold the old boot's events
 * and more. A policy bound to them no longer unseals: 10 (IMA), 11 (systemd-pcrphase's boot
 * phases, up to "shutdown" and "final"; the UKI's sections), 15 (systemd-pcrextend: machine-id,
 * file systems, unlocked volumes' keys), 16 and 23 (resettable by programs), 17-22 (a dynamic
 * launch's, TXT/SKINIT).
 * <li>Stale: measured by the firmware, shim, GRUB or systemd-stub on the way to the old kernel and
 * never again: 4 (the boot loader and the kernel the firmware started), 8 (GRUB's commands), 9
 * (the files GRUB and the kernel's EFI stub read: kernel, initrd), 12 (systemd-stub: command line,
 * credentials), 13 (system extensions). After a kexec they describe the old kernel, not the one
 * running: a policy re-sealed for the new kernel (what a kernel update's re-enrolment, pcrlock or
 * a signed policy predict) fails, and what they attest is no longer true.
 * <li>Kept: the firmware, its configuration and the Secure Boot state, the same after a kexec as
 * after the cold boot: 0, 1, 2, 3, 5, 6, 7 (Secure Boot policy), 14 (shim's MOK).
 * </ul>
 */
public final class Pcrs {

    private static final String[] AFFECTED = new String[24];

    static {
        AFFECTED[4] = "4 (boot loader code: the kernel the firmware started, not the one a kexec starts)";
        AFFECTED[8] = "8 (GRUB's commands, of the old boot)";
        AFFECTED[9] = "9 (the kernel and initrd the old boot read)";
        AFFECTED[10] = "10 (IMA, extended all the time the system runs)";
        AFFECTED[11] = "11 (systemd-pcrphase's boot phases, extended up to this shutdown, and the old UKI)";
        AFFECTED[12] = "12 (systemd-stub's command line and credentials, of the old boot)";
        AFFECTED[13] = "13 (systemd-stub's system extensions, of the old boot)";
        AFFECTED[15] = "15 (systemd-pcrextend's machine-id, file systems and volume keys, extended in this boot)";
        AFFECTED[16] = "16 (debug, resettable by programs)";
        for (int pcr = 17; pcr <= 22; pcr++) {
            AFFECTED[pcr] = pcr + " (a dynamic launch's, TXT/SKINIT)";
        }
        AFFECTED[23] = "23 (application support, resettable by programs)";
    }

    private Pcrs() {
    }

    /** What a kexec does to this PCR, in words, or null when it keeps it (0-3, 5-7, 14). */
    public static String affected(long pcr) {
        return pcr < 0 || pcr >= AFFECTED.length ? null : AFFECTED[(int) pcr];
    }

    /** The PCRs of {@code pcrs} that a kexec changes or leaves stale, each in words. */
    public static List<String> affected(List<Long> pcrs) {
        List<String> affected = new ArrayList<>();
        for (long pcr : pcrs) {
            String why = affected(pcr);
            if (why != null && !affected.contains(why)) {
                affected.add(why);
            }
        }
        return affected;
    }

    /** "7+11", as systemd-cryptenroll writes a PCR list. */
    public static String shown(List<Long> pcrs) {
        StringBuilder s = new StringBuilder();
        for (long pcr : pcrs) {
            s.append(s.length() == 0 ? "" : "+").append(pcr);
        }
        return s.length() == 0 ? "none" : s.toString();
    }
}
