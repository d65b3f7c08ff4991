package org.kexecreboot.state;

/**
 * The kinds of line kexec-reboot leaves in the journal (in syslog on sysvinit), one per reboot
 * decision and one per boot: each has a MESSAGE_ID of its own that never changes, so that
 * {@code journalctl MESSAGE_ID=…} finds every line of one kind on a machine or a fleet. The ids,
 * names and priorities are a contract (kexec-reboot(8), docs/history.md): never change one; add.
 */
public enum Event {
    /** kexec -l loaded the next kernel: the reboot goes through kexec. */
    LOADED("loaded", "1df62b93e2184a1e8a545b3f7c55c064", 5),
    /** A kernel was loaded before (kexec-reboot now, by hand): the reboot jumps into it. */
    ALREADY_LOADED("already-loaded", "5fbda304c99e4daf91d53e2901dc7724", 5),
    /** kexec -l failed or was not called (a missing kernel, a refused signature): the reboot goes through the firmware. */
    LOAD_FAILED("load-failed", "4eef4623f61249889f933fdd5be5053d", 4),
    /** A skip flag (/tmp/no-kexec-reboot) made this one reboot go through the firmware. */
    SKIPPED("skipped", "50cfc5195cd44814863aa7716e97eedd", 5),
    /**
     * The reboot goes through the firmware for another reason: kexec not enabled, a firmware rule
     * (BootNext, a capsule update, the circuit breaker, KEXEC_COLD_EVERY), GRUB's default not Linux.
     */
    FIRMWARE("firmware", "9253823ff7e94e29929035772adb6eb7", 5),
    /** kexec -e came back (or hung and was killed): the reboot goes on through the firmware. */
    EXEC_FAILED("exec-failed", "c3ca22a08cab481fb5ba47d875d4b8c6", 3),
    /** A boot reached its target: how it came (kexec or the firmware) and how long the reboot took. */
    BOOTED("booted", "eaa5779e60274e2cb66b85167995ad3b", 5);

    /** The SYSLOG_IDENTIFIER of every line: {@code journalctl -t kexec-reboot}. */
    public static final String IDENTIFIER = "kexec-reboot";

    private final String word;
    private final String messageId;
    private final int priority;

    Event(String word, String messageId, int priority) {
        this.word = word;
        this.messageId = messageId;
        this.priority = priority;
    }

    /** The event's name, as KEXEC_REBOOT_EVENT carries it and the documentation lists it. */
    public String word() {
        return word;
    }

    /** The journal's MESSAGE_ID: 32 lowercase hex digits. */
    public String messageId() {
        return messageId;
    }

    /** syslog's priority: 3 error, 4 warning, 5 notice. */
    public int priority() {
        return priority;
    }
}
