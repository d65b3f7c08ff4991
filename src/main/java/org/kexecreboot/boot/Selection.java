package org.kexecreboot.boot;

/** What kexec-load is to load, or why it loads nothing. */
public sealed interface Selection {

    /** Load this target; after a successful load, make the change to grubenv that GRUB would have made. */
    record Load(BootTarget target, GrubEnvUpdate afterLoad) implements Selection {
        public Load(BootTarget target) {
            this(target, GrubEnvUpdate.NONE);
        }
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
