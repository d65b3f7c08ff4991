package org.kexecreboot.initd;

import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.efi.EfiVariables;
import org.kexecreboot.efi.EfiVariables.Read;

/**
 * {@code loader-one-shot}: systemd-boot was asked for something once, at its next start, that only
 * the boot loader itself can honour: its menu ({@code systemctl reboot --boot-loader-menu} sets
 * LoaderConfigTimeoutOneShot) or one entry ({@code systemctl reboot --boot-loader-entry} sets
 * LoaderEntryOneShot); the loader consumes the variable (systemd's Boot Loader Interface). A kexec
 * never starts the loader.
 */
final class LoaderOneShotRule implements FirmwareRule {

    static final String MENU = "LoaderConfigTimeoutOneShot";
    static final String ENTRY = "LoaderEntryOneShot";

    @Override
    public String name() {
        return "loader-one-shot";
    }

    @Override
    public String subject() {
        return "systemd-boot one-shot";
    }

    @Override
    public Finding check(Context context, KexecDefaults defaults, Trace trace) {
        EfiVariables variables = new EfiVariables(context.paths());
        if (!variables.available()) {
            return Finding.notHere();
        }
        Finding menu = asked(variables, MENU, "systemctl reboot --boot-loader-menu", "its menu");
        if (menu != null) {
            return menu;
        }
        Finding entry = asked(variables, ENTRY, "systemctl reboot --boot-loader-entry", "that entry");
        if (entry != null) {
            return entry;
        }
        return Finding.no("neither " + MENU + " nor " + ENTRY + " is set");
    }

    private static Finding asked(EfiVariables variables, String name, String setBy, String what) {
        Read read = variables.read(name, EfiVariables.LOADER);
        if (read instanceof Read.Absent) {
            return null;
        }
        String value = read instanceof Read.Value v && v.utf16() != null ? "=" + EfiVariables.shown(v.utf16())
                : read instanceof Read.Unreadable u ? " (" + u.why() + ")" : " (not UTF-16 text)";
        return Finding.yes("systemd-boot's " + name + value + " (" + setBy + ") asks the boot loader for " + what
                + " once, so this reboot goes through the firmware");
    }
}
