package org.kexecreboot.initd;

import java.util.List;

/**
 * The rules that send a reboot through the firmware, in the order they are asked (the first that
 * applies decides, the others are not asked). The one list for every edge: kexec-load (sysvinit and
 * systemd), plan, status and `kexec-reboot now`.
 */
public final class FirmwareRules {

    /** Asked in this order. */
    public static final List<FirmwareRule> ALL = List.of();

    private FirmwareRules() {
    }
}
