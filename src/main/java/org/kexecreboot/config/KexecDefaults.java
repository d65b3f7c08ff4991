package org.kexecreboot.config;

/**
 * The variables of /etc/default/kexec after /bin/sh has evaluated it. An unset variable is the empty
 * string, as "$VAR" is in the original scripts.
 *
 * @param loadKexec LOAD_KEXEC: only the exact word "true" enables loading
 * @param kernelImage KERNEL_IMAGE: the kernel to load when GRUB is not consulted
 * @param initrd INITRD: its initrd; empty means none
 * @param append APPEND: the command line; empty means the running kernel's /proc/cmdline
 * @param useGrubConfig USE_GRUB_CONFIG: only the exact word "true" makes GRUB's default entry win
 * @param kexecTimeout KEXEC_TIMEOUT: seconds kexec may take before it is killed (ours, not the original's)
 * @param kexecSyscall KEXEC_SYSCALL: which system call loads the kernel (auto, kexec_load, kexec_file_load)
 * @param ignoreRules KEXEC_IGNORE_RULES: the names of firmware rules that do not decide (ours), separated
 *     by white space or commas
 * @param coldEvery KEXEC_COLD_EVERY: N sends every N-th reboot through the firmware (ours); empty: never
 */
public record KexecDefaults(String loadKexec, String kernelImage, String initrd, String append,
        String useGrubConfig, String kexecTimeout, String kexecSyscall, String ignoreRules, String coldEvery) {

    /** The variables, in the order the evaluating shell prints them (DefaultsFile.READER). */
    static final String[] NAMES = {"LOAD_KEXEC", "KERNEL_IMAGE", "INITRD", "APPEND", "USE_GRUB_CONFIG", "KEXEC_TIMEOUT",
        "KEXEC_SYSCALL", "KEXEC_IGNORE_RULES", "KEXEC_COLD_EVERY"};

    /** Without KEXEC_SYSCALL, KEXEC_IGNORE_RULES and KEXEC_COLD_EVERY (unset). */
    public KexecDefaults(String loadKexec, String kernelImage, String initrd, String append, String useGrubConfig,
            String kexecTimeout) {
        this(loadKexec, kernelImage, initrd, append, useGrubConfig, kexecTimeout, "", "", "");
    }

    /** Without KEXEC_IGNORE_RULES and KEXEC_COLD_EVERY (unset). */
    public KexecDefaults(String loadKexec, String kernelImage, String initrd, String append, String useGrubConfig,
            String kexecTimeout, String kexecSyscall) {
        this(loadKexec, kernelImage, initrd, append, useGrubConfig, kexecTimeout, kexecSyscall, "", "");
    }

    /** Without KEXEC_COLD_EVERY (unset). */
    public KexecDefaults(String loadKexec, String kernelImage, String initrd, String append, String useGrubConfig,
            String kexecTimeout, String kexecSyscall, String ignoreRules) {
        this(loadKexec, kernelImage, initrd, append, useGrubConfig, kexecTimeout, kexecSyscall, ignoreRules, "");
    }

    /** KEXEC_IGNORE_RULES's separators, compiled when a value first needs them (not at every reboot). */
    private static final class Separators {
        static final java.util.regex.Pattern RULES = java.util.regex.Pattern.compile("[\\s,]+");
    }

    /**
     * The rule names KEXEC_IGNORE_RULES lists, in its order. Asked at every reboot: unset (nearly
     * always) costs nothing.
     */
    public java.util.List<String> ignoredRules() {
        if (ignoreRules.isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String name : Separators.RULES.split(ignoreRules)) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return java.util.List.copyOf(names);
    }

    public boolean loadEnabled() {
        return "true".equals(loadKexec);
    }

    public boolean grubEnabled() {
        return "true".equals(useGrubConfig);
    }
}
