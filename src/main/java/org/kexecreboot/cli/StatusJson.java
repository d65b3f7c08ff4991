package org.kexecreboot.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.kexecreboot.kexec.BootLoaderType;
import org.kexecreboot.kexec.KexecSyscall;
import org.kexecreboot.kexec.LoadedState;
import org.kexecreboot.kexec.Lockdown;
import org.kexecreboot.systemd.InitSystem;

/**
 * `status --json`: one object of schema status-v1.json (src/main/schema, installed as
 * /usr/share/kexec-reboot/status-v1.json). null wherever the text status says "cannot tell".
 */
final class StatusJson {

    /** The schema's version; a change that could break a reader makes a status-v2.json. */
    static final int VERSION = 1;

    private StatusJson() {
    }

    /**
     * @param enabled LOAD_KEXEC is "true"; null when this user cannot tell
     * @param skipOnce a skip flag (/tmp/no-kexec-reboot or /no-kexec-reboot) is set as kexec-load sees it
     * @param syscall the syscall a load would use; null when this user cannot tell
     */
    static Map<String, Object> of(InitSystem init, Boolean enabled, LoadedState loaded, boolean skipOnce,
            Lockdown lockdown, KexecSyscall syscall, BootLoaderType bootLoader) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("version", VERSION);
        status.put("init_system", init.toString());
        status.put("enabled", enabled);
        // Unreadable: kexec-load counts it as not loaded, but whether one is loaded is not known.
        status.put("kexec_loaded", loaded.unreadable() == null ? loaded.loaded() : null);
        status.put("skip_once", skipOnce);
        status.put("lockdown", lockdown.mode().name().toLowerCase(Locale.ROOT));
        status.put("syscall", syscall == null ? null : syscall.name().toLowerCase(Locale.ROOT));
        status.put("booted_via_kexec", bootLoader.viaKexec());
        status.put("bootloader_type", bootLoader.value());
        return status;
    }
}
