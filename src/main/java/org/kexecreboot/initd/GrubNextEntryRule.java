package org.kexecreboot.initd;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.boot.Trace;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.console.OneLine;
import org.kexecreboot.grub.GrubConfigException;
import org.kexecreboot.grub.GrubEnv;

/**
 * {@code grub-next-entry}: GRUB was asked to boot one entry once, at its next start ({@code grub-reboot}
 * sets {@code next_entry} in /boot/grub/grubenv; grub-mkconfig's header boots it and clears it). fwupd
 * stages a UEFI capsule update this way when it chainloads its updater from GRUB
 * ({@code EnableGrubChainLoad}, the "Linux Firmware Updater" entry of /etc/grub.d/35_fwupd,
 * {@code grub-reboot fwupd}); its other ways are BootNext and OsIndications, which rules of their own
 * see. With USE_GRUB_CONFIG=true the entry is what kexec-load reads (as GRUB would: a Linux entry is
 * loaded and next_entry used up, any other goes through the firmware), so the rule has nothing to
 * say; otherwise the kernel of /etc/default/kexec would be loaded and GRUB's one-time entry skipped.
 */
final class GrubNextEntryRule implements FirmwareRule {

    static final String NAME = "grub-next-entry";
    /** The id 35_fwupd gives its entry, and what fwupd passes to grub-reboot. */
    static final String FWUPD = "fwupd";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String subject() {
        return "GRUB next_entry";
    }

    @Override
    public Finding check(Context context, KexecDefaults defaults, Trace trace) {
        if (defaults.grubEnabled()) {
            return Finding.notHere(); // GRUB's own reading follows next_entry, as GRUB would
        }
        Map<String, String> env;
        try {
            env = GrubEnv.parse(BoundedRead.regularFile(context.paths().grubEnv(), GrubEnv.MAX_SIZE, BoundedRead.LIMIT));
        } catch (NoSuchFileException e) {
            return Finding.notHere();
        } catch (IOException e) {
            return Finding.no("/boot/grub/grubenv cannot be read (" + SystemFiles.reason(e)
                    + "): whether GRUB has a one-time entry cannot be told");
        } catch (GrubConfigException e) {
            return Finding.no(e.getMessage() + ": whether GRUB has a one-time entry cannot be told");
        }
        String next = env.get("next_entry");
        if (next == null || next.isEmpty()) {
            return Finding.notHere(); // the usual state: no line, so that every such plan stays as it was
        }
        return Finding.yes("GRUB's next_entry=\"" + OneLine.escape(next) + "\" (grub-reboot"
                + (FWUPD.equals(next) ? "; fwupd's Linux Firmware Updater: a firmware update staged on the ESP" : "")
                + ") boots that entry once, and USE_GRUB_CONFIG is not \"true\", so this reboot goes through the firmware");
    }
}
