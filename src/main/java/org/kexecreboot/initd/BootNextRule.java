package org.kexecreboot.initd;

import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.efi.EfiVariables;
import org.kexecreboot.efi.EfiVariables.Read;

/**
 * {@code boot-next}: the EFI variable BootNext is set. It names the Boot#### entry the firmware boots
 * once, at its next boot, and then deletes: what {@code efibootmgr -n}, fwupd's UEFI capsule update
 * (its Linux-Firmware-Updater entry) and "restart into the other system" tools set. A kexec never
 * reaches the firmware, so the one-time boot would be skipped and BootNext would wait for a later
 * cold boot to surprise someone.
 */
final class BootNextRule implements FirmwareRule {

    static final String VARIABLE = "BootNext";

    @Override
    public String name() {
        return "boot-next";
    }

    @Override
    public String subject() {
        return "EFI BootNext";
    }

    @Override
    public Finding check(Context context, KexecDefaults defaults, Trace trace) {
        EfiVariables variables = new EfiVariables(context.paths());
        if (!variables.available()) {
            return Finding.notHere();
        }
        Read read = variables.read(VARIABLE, EfiVariables.GLOBAL);
        if (read instanceof Read.Absent) {
            return Finding.no("not set: the firmware's next boot is by BootOrder, nothing to do there");
        }
        // Whatever is there, the firmware acts on it; a reboot through the firmware is the normal one.
        if (read instanceof Read.Unreadable unreadable) {
            return Finding.yes("BootNext is set but " + unreadable.why()
                    + ": the firmware will act on it, so this reboot goes through the firmware");
        }
        Integer number = ((Read.Value) read).uint16();
        if (number == null) {
            return Finding.yes("BootNext is set (" + ((Read.Value) read).data().length + " bytes, not the 2 of an entry"
                    + " number): the firmware will act on it, so this reboot goes through the firmware");
        }
        // Not String.format: its Formatter costs milliseconds of class loading at every reboot.
        String hex = Integer.toHexString(number).toUpperCase(java.util.Locale.ROOT);
        String entry = "Boot" + "0000".substring(hex.length()) + hex;
        return Finding.yes("BootNext=" + entry + description(variables, entry)
                + ": the firmware boots that entry once, so this reboot goes through the firmware");
    }

    /** " (its description)" when the entry can be read, else "". */
    private static String description(EfiVariables variables, String entry) {
        if (variables.read(entry, EfiVariables.GLOBAL) instanceof Read.Value option) {
            String description = option.loadOptionDescription();
            if (description != null && !description.isEmpty()) {
                return " (" + EfiVariables.shown(description) + ")";
            }
        }
        return "";
    }
}
