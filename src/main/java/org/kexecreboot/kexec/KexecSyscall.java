package org.kexecreboot.kexec;

import java.util.List;

/**
 * Which system call kexec loads (and unloads) with, as the argv says it. The original scripts never
 * chose: kexec-tools 2.0.25 (Debian 12) then uses kexec_load, 2.0.27+ tries kexec_file_load first
 * and falls back. A locked-down kernel refuses kexec_load, and kexec-tools' fallback does not cover
 * that refusal, so there we ask for kexec_file_load ({@code -s}) ourselves.
 */
public enum KexecSyscall {
    /** No option: kexec-tools' own default, the original's argv. */
    DEFAULT(List.of()),
    /** {@code -c}: kexec_load, forced by KEXEC_SYSCALL=kexec_load. */
    KEXEC_LOAD(List.of("-c")),
    /** {@code -s}: kexec_file_load, the only one a locked-down kernel accepts. */
    KEXEC_FILE_LOAD(List.of("-s"));

    /** The /etc/default/kexec variable. */
    public static final String VARIABLE = "KEXEC_SYSCALL";

    private final List<String> options;

    KexecSyscall(List<String> options) {
        this.options = options;
    }

    /** kexec's options for it, before -l or -u. */
    public List<String> options() {
        return options;
    }

    /**
     * The choice for a KEXEC_SYSCALL setting on a kernel in this lockdown state.
     *
     * @param setting the variable's value; empty means auto
     * @return the choice, and a complaint when the setting was not understood (else null)
     */
    public static Choice choose(String setting, Lockdown lockdown) {
        return switch (setting) {
            case "kexec_load" -> new Choice(KEXEC_LOAD, "forced by " + VARIABLE + "=kexec_load", null);
            case "kexec_file_load" -> new Choice(KEXEC_FILE_LOAD, "forced by " + VARIABLE + "=kexec_file_load", null);
            case "", "auto" -> auto(lockdown, null);
            default -> auto(lockdown, VARIABLE + "=\"" + setting
                    + "\" is not auto, kexec_load or kexec_file_load; using auto");
        };
    }

    private static Choice auto(Lockdown lockdown, String complaint) {
        return lockdown.lockedDown()
                ? new Choice(KEXEC_FILE_LOAD, "the kernel is locked down", complaint)
                : new Choice(DEFAULT, "the kernel is not locked down: kexec-tools' own default, as the original", complaint);
    }

    /** What {@link #choose} came to, and why. */
    public record Choice(KexecSyscall syscall, String why, String complaint) {
    }

    /** For plan and status: the call, the option. */
    public String describe() {
        return switch (this) {
            case DEFAULT -> "kexec-tools' default (kexec_load in 2.0.25, kexec_file_load with fallback from 2.0.27), no option";
            case KEXEC_LOAD -> "kexec_load (kexec -c)";
            case KEXEC_FILE_LOAD -> "kexec_file_load (kexec -s)";
        };
    }
}
