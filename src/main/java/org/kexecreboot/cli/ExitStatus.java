package org.kexecreboot.cli;

/**
 * kexec-reboot's exit statuses, a contract (kexec-reboot(8), EXIT STATUS): a monitoring check or an
 * Ansible task tells the answers apart without parsing the text.
 */
final class ExitStatus {

    /** A valid answer, or the command did what it says. */
    static final int OK = 0;
    /** The command could not do what it says (nothing was changed then, or the reboot did not start). */
    static final int FAILED = 1;
    /** A usage error: an unknown command or option, an option the command does not take. One line. */
    static final int USAGE = 2;
    /**
     * No answer can be given: --root names no directory, or the configuration the reboot would read
     * cannot be read (an image's file nobody may read, a mode 0600 file read as a user).
     */
    static final int CANNOT_TELL = 3;
    /** `plan --check`: the next reboot goes through the firmware (and GRUB), not through kexec. */
    static final int FIRMWARE = 4;

    private ExitStatus() {
    }
}
