package org.kexecreboot.initd;

import java.util.ArrayList;
import java.util.List;

import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.efi.EfiVariables;
import org.kexecreboot.efi.EfiVariables.Read;

/**
 * {@code os-indications}: the EFI variable OsIndications asks the firmware for work at its next boot
 * (UEFI spec 8.5.4; the firmware clears the bits when it has done it): its setup screen
 * ({@code systemctl reboot --firmware-setup} sets BOOT_TO_FW_UI), capsules on the ESP to apply (a
 * firmware update: fwupd's capsule-on-disk sets FILE_CAPSULE_DELIVERY_SUPPORTED), a revocation or a
 * recovery. Under kexec the firmware never boots, so none of it would happen.
 */
final class OsIndicationsRule implements FirmwareRule {

    static final String VARIABLE = "OsIndications";

    /** The bits that ask the firmware for something at the next boot, with what they ask. */
    private record Request(long bit, String what) {
    }

    private static final List<Request> REQUESTS = List.of(
            new Request(0x1, "its setup screen (BOOT_TO_FW_UI: systemctl reboot --firmware-setup)"),
            new Request(0x2, "timestamp revocation (TIMESTAMP_REVOCATION)"),
            new Request(0x4, "the capsules on the ESP, a firmware update (FILE_CAPSULE_DELIVERY_SUPPORTED)"),
            new Request(0x20, "OS recovery (START_OS_RECOVERY)"),
            new Request(0x40, "platform recovery (START_PLATFORM_RECOVERY)"),
            new Request(0x80, "a configuration refresh (JSON_CONFIG_DATA_REFRESH)"));

    @Override
    public String name() {
        return "os-indications";
    }

    @Override
    public String subject() {
        return "EFI OsIndications";
    }

    @Override
    public Finding check(Context context, KexecDefaults defaults, Trace trace) {
        EfiVariables variables = new EfiVariables(context.paths());
        if (!variables.available()) {
            return Finding.notHere();
        }
        Read read = variables.read(VARIABLE, EfiVariables.GLOBAL);
        if (read instanceof Read.Absent) {
            return Finding.no("not set: the firmware has nothing asked of it");
        }
        if (read instanceof Read.Unreadable unreadable) {
            return Finding.yes("OsIndications is set but " + unreadable.why()
                    + ": the firmware will act on it, so this reboot goes through the firmware");
        }
        Long value = ((Read.Value) read).uint64();
        if (value == null) {
            return Finding.yes("OsIndications is set (" + ((Read.Value) read).data().length + " bytes, not 8):"
                    + " the firmware will act on it, so this reboot goes through the firmware");
        }
        List<String> asked = new ArrayList<>();
        for (Request request : REQUESTS) {
            if ((value & request.bit()) != 0) {
                asked.add(request.what());
            }
        }
        String shown = "OsIndications=0x" + Long.toHexString(value);
        if (asked.isEmpty()) {
            return Finding.no(shown + ": asks the firmware for nothing at the next boot");
        }
        return Finding.yes(shown + " asks the firmware for " + String.join(" and ", asked)
                + " at its next boot, so this reboot goes through the firmware");
    }
}
