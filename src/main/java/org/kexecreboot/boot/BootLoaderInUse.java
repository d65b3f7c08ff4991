package org.kexecreboot.boot;

import java.nio.file.Files;

import org.kexecreboot.SystemPaths;
import org.kexecreboot.efi.EfiVariables;

/**
 * Which boot loader's default USE_GRUB_CONFIG=true follows: GRUB or systemd-boot. What the firmware
 * started decides where both are installed: systemd-boot says so in LoaderInfo (systemd's Boot Loader
 * Interface, set at every boot; a kexec keeps it, the firmware's variables are not reset). Without
 * LoaderInfo (a BIOS machine, GRUB, no efivarfs), grub.cfg decides; without grub.cfg, Type #1 entries
 * on the ESP or XBOOTLDR make it systemd-boot.
 *
 * @param systemdBoot whether it is systemd-boot (else GRUB, as before: no grub.cfg falls back to KERNEL_IMAGE)
 * @param partitions  where the ESP and XBOOTLDR are mounted; null when GRUB's grub.cfg decided (not looked for)
 * @param detail      why, for plan
 */
public record BootLoaderInUse(boolean systemdBoot, BootPartitions partitions, String detail) {

    public static BootLoaderInUse detect(SystemPaths paths) {
        // Without efivarfs (BIOS) there is nothing to read: no reader thread on this reboot's path.
        EfiVariables variables = new EfiVariables(paths);
        EfiVariables.Read info = variables.available() ? variables.read("LoaderInfo", EfiVariables.LOADER) : null;
        String loader = info instanceof EfiVariables.Read.Value value ? value.utf16() : null;
        if (loader != null && loader.startsWith("systemd-boot")) {
            BootPartitions partitions = BootPartitions.find(paths);
            return new BootLoaderInUse(true, partitions, "systemd-boot (LoaderInfo \"" + EfiVariables.shown(loader)
                    + "\": the firmware started it); " + partitions.detail());
        }
        String said = loader == null ? "" : "LoaderInfo \"" + EfiVariables.shown(loader) + "\"; ";
        if (Files.exists(paths.grubCfg())) {
            // The mount table is not read on GRUB's path: the reboot pays for what it uses.
            return new BootLoaderInUse(false, null, "GRUB (" + said + "/boot/grub/grub.cfg)");
        }
        BootPartitions partitions = BootPartitions.find(paths);
        for (String partition : partitions.readable()) {
            if (Files.isDirectory(paths.resolve(partition + "/loader/entries"))) {
                return new BootLoaderInUse(true, partitions, "systemd-boot (" + said + "no /boot/grub/grub.cfg, and "
                        + partition + "/loader/entries); " + partitions.detail());
            }
        }
        return new BootLoaderInUse(false, partitions, "GRUB (" + said + "no /boot/grub/grub.cfg, no systemd-boot entries)");
    }
}
