package org.kexecreboot.boot;

/** What kexec-load is to load, or why it loads nothing. */
public sealed interface Selection {

    /** Load this target. */
    record Load(BootTarget target) implements Selection {
    }

    /** Loading would be wrong or impossible: the load fails, with this reason, before kexec runs. */
    record Fail(String reason) implements Selection {
    }

    /** GRUB's default entry is not a Linux kernel: the reboot goes through firmware and GRUB, as chosen. */
    record ColdReboot(String why) implements Selection {
    }

    /** Run as a user who cannot read what the decision needs: only root can tell (plan, status). */
    record CannotTell(String what) implements Selection {
    }
}
