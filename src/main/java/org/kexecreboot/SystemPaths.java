package org.kexecreboot;

import java.nio.file.Path;

/**
 * The one place that knows every absolute path the init scripts touch.
 *
 * <p>On a real machine the root is {@code /}. Tests (and {@code --root} inspection of a mounted
 * system image) point it at another directory; every path below is then looked up under it.
 * Paths that are handed to kexec itself (the kernel and initrd named in the configuration or in
 * grub.cfg) stay as the user wrote them: they are resolved with {@link #resolve(String)} only to
 * look at the file.
 */
public record SystemPaths(Path root) {

    /** The paths of the running system. */
    public static SystemPaths system() {
        return new SystemPaths(Path.of("/"));
    }

    /** The shell fragment both scripts source. */
    public Path defaultsFile() {
        return resolve("/etc/default/kexec");
    }

    /** Snippets sourced after it, in `run-parts --list` order (Debian 12's kexec-tools; Debian 13 keeps them). */
    public Path defaultsDir() {
        return resolve("/etc/default/kexec.d");
    }

    /** "1" while a kernel is loaded for kexec -e. */
    public Path kexecLoaded() {
        return resolve("/sys/kernel/kexec_loaded");
    }

    /** The kernel's lockdown mode ("none [integrity] confidentiality"): kexec_load or kexec_file_load. */
    public Path lockdown() {
        return resolve("/sys/kernel/security/lockdown");
    }

    /**
     * x86's boot protocol field type_of_loader as the running kernel got it (decimal): who started this
     * kernel. kexec-tools and the kernel's own kexec_file_load both write 0xD0. Absent on other
     * architectures.
     */
    public Path bootloaderType() {
        return resolve("/proc/sys/kernel/bootloader_type");
    }

    /** The running kernel's command line: the fallback APPEND. */
    public Path procCmdline() {
        return resolve("/proc/cmdline");
    }

    public Path kexecBinary() {
        return resolve("/sbin/kexec");
    }

    /** Present (as a regular file) means: skip kexec this one time. */
    public Path skipFlag() {
        return resolve("/tmp/no-kexec-reboot");
    }

    /**
     * Debian's own skip flag: kexec-tools' {@code coldreboot} touches it before {@code reboot}. Honoured
     * and removed like {@link #skipFlag()}.
     */
    public Path coldRebootFlag() {
        return resolve("/no-kexec-reboot");
    }

    /** A directory while systemd is the running init (what sd_booted() tests). */
    public Path systemdRuntime() {
        return resolve("/run/systemd/system");
    }

    /** systemctl: asked which shutdown job is pending, and (by the CLI) to reboot. */
    public Path systemctl() {
        return resolve("/bin/systemctl");
    }

    /** Where the package installs its native units (and kexec-tools' mask of kexec.service). */
    public Path systemdUnit(String name) {
        return resolve("/usr/lib/systemd/system/" + name);
    }

    /**
     * Where systemd looks for the units a target wants at boot, in its order of precedence:
     * the admin's, the runtime's, the packages' (Debian 12's /lib and merged /usr/lib).
     */
    public java.util.List<Path> systemdUnitDirs() {
        return java.util.List.of(resolve("/etc/systemd/system"), resolve("/run/systemd/system"),
                resolve("/usr/lib/systemd/system"), resolve("/lib/systemd/system"));
    }

    /** sysvinit's links for runlevel N, /etc/rcN.d. */
    public Path rcDir(int runlevel) {
        return resolve("/etc/rc" + runlevel + ".d");
    }

    public Path initScript(String name) {
        return resolve("/etc/init.d/" + name);
    }

    /** The Azure Linux agent's state: its extensions, each a directory {@code Publisher.Type-version}. */
    public Path waagentState() {
        return resolve("/var/lib/waagent");
    }

    /** The link `systemctl enable` makes for a unit wanted by {@code target}. */
    public Path systemdWants(String target, String unit) {
        return resolve("/etc/systemd/system/" + target + ".wants/" + unit);
    }

    public Path boot() {
        return resolve("/boot");
    }

    public Path grubCfg() {
        return resolve("/boot/grub/grub.cfg");
    }

    public Path grubEnv() {
        return resolve("/boot/grub/grubenv");
    }

    /**
     * Where systemd looks for the EFI System Partition, in its order ({@code bootctl --print-esp-path}): the
     * first that is a mounted FAT file system. systemd-boot reads loader/loader.conf and Type #1 entries there.
     */
    public static final java.util.List<String> ESP_MOUNT_POINTS = java.util.List.of("/efi", "/boot", "/boot/efi");

    /** Where systemd looks for the Extended Boot Loader partition (XBOOTLDR), when it is not the ESP. */
    public static final String XBOOTLDR_MOUNT_POINT = "/boot";

    /** udev's database record of a block device by number ("8:2"): its partition's type GUID. */
    public Path udevData(String majorMinor) {
        return resolve("/run/udev/data/b" + majorMinor);
    }

    /** udev's links to block devices by file system UUID: which file system `search --fs-uuid` names. */
    public Path diskByUuid() {
        return resolve("/dev/disk/by-uuid");
    }

    /** udev's links to block devices by file system label: which file system `search --label` names. */
    public Path diskByLabel() {
        return resolve("/dev/disk/by-label");
    }

    /**
     * The kernel's directory for a block device by number ("8:2"): its uevent names the device node (DEVNAME=sda2),
     * without udev.
     */
    public Path sysBlockDevice(String majorMinor) {
        return resolve("/sys/dev/block/" + majorMinor);
    }

    /** A device node under /dev by the kernel's name for it ("sda2", "block/8:2"). */
    public Path device(String name) {
        return resolve("/dev/" + name);
    }

    /** The volumes the boot unlocks (crypttab(5)): which of them the TPM2 unlocks ({@code tpm2-unlock}). */
    public Path crypttab() {
        return resolve("/etc/crypttab");
    }

    /**
     * Our own state, kept across boots (the circuit breaker's marks): only this package writes there,
     * and its purge removes it.
     */
    public Path stateDir() {
        return resolve(STATE_DIR);
    }

    /** {@link #stateDir()} as the running system names it. */
    public static final String STATE_DIR = "/var/lib/kexec-reboot";

    /** This boot's random identity (a new UUID at every boot, kexec included): which boot a mark is of. */
    public Path bootId() {
        return resolve("/proc/sys/kernel/random/boot_id");
    }

    /** Seconds since this boot began, then idle seconds: when this boot reached its target, with systemd's timestamp. */
    public Path uptime() {
        return resolve("/proc/uptime");
    }

    /** The kernel that runs (uname -r): what `kexec-reboot last` says each boot ran. */
    public Path osRelease() {
        return resolve("/proc/sys/kernel/osrelease");
    }

    /** The mount table: where another file system a GRUB entry names is mounted, if it is. */
    public Path mountInfo() {
        return resolve("/proc/self/mountinfo");
    }

    /** The kernel's PCI functions, one directory each: what GRUB's hwmatch (Ubuntu, BIOS) matches. */
    public Path pciDevices() {
        return resolve("/sys/bus/pci/devices");
    }

    /** Present when the machine booted through UEFI (GRUB's grub_platform is then "efi"). */
    public Path efiFirmware() {
        return resolve("/sys/firmware/efi");
    }

    /**
     * efivarfs: one file per UEFI variable, named NAME-GUID, holding the variable's 4 attribute bytes
     * (little-endian) and then its data. Absent on a BIOS machine, or where efivarfs is not mounted.
     */
    public Path efiVariables() {
        return resolve("/sys/firmware/efi/efivars");
    }

    /**
     * Made by {@code kexec-reboot now --force} after its load: this one reboot kexecs although a
     * firmware rule applies. In /run (only root writes there; gone at the next boot); kexec-load
     * removes it when it stops.
     */
    public Path firmwareOverride() {
        return resolve(FIRMWARE_OVERRIDE);
    }

    /** {@link #firmwareOverride()} as the running system names it. */
    public static final String FIRMWARE_OVERRIDE = "/run/kexec-reboot.firmware-override";

    /** A tmpfs that stays writable after umountroot: where several initrds are joined into one. */
    public Path run() {
        return resolve("/run");
    }

    /** The shell that evaluates /etc/default/kexec: always the running system's own. */
    public static Path shell() {
        return Path.of("/bin/sh");
    }

    /** An absolute path of the system, looked up under {@link #root()} ("/.." is "/", as in a chroot). */
    public Path resolve(String absolute) {
        Path slash = Path.of("/");
        return root.resolve(slash.relativize(slash.resolve(absolute).normalize()).toString());
    }
}
