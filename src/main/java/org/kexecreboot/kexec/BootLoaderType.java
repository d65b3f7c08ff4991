package org.kexecreboot.kexec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;

/**
 * Who started the running kernel, from {@code /proc/sys/kernel/bootloader_type}: x86's boot protocol
 * field {@code type_of_loader} as the kernel received it (Documentation/arch/x86/boot.rst), printed in
 * decimal. The high nibble is the loader: 0x7 GRUB, 0xD kexec, 0xF with 0xFF "undefined" (the EFI
 * stub started by the firmware or systemd-boot leaves it so). An extended type (type 0xE with
 * ext_loader_type) the kernel prints as {@code (ext_loader_type + 0x10) << 4 | version}: 0x11_
 * Minimal Linux Bootloader, 0x12_ OVMF, …, so the loader is {@code value >> 4}, 0x10 and above.
 *
 * <p>Why this is proof: both ways a Linux kernel loads the next one write 0xD0 into the new kernel's
 * boot parameters: kexec-tools' kexec_load path (its x86 bzImage loader) and the kernel's own
 * kexec_file_load (arch/x86/kernel/kexec-bzimage64.c). No firmware path sets 0xD. Its limits: it
 * exists only on x86 (elsewhere: "cannot tell"), and it says who started this kernel, not whether
 * kexec-reboot did (a kexec by hand counts too).
 *
 * @param value the field, or null when absent or unreadable
 * @param detail what was read, or why nothing could be (for plan and status)
 */
public record BootLoaderType(Integer value, String detail) {

    /** The type kexec writes. */
    public static final int KEXEC = 0xD;

    /** The file is a few digits. */
    static final int MAX_BYTES = 64;

    /** Reads the file, bounded (a /proc read answers at once; never trust that at shutdown). */
    public static BootLoaderType read(Path file) {
        byte[] bytes;
        try {
            bytes = BoundedRead.anyFile(file, MAX_BYTES, BoundedRead.LIMIT);
        } catch (NoSuchFileException e) {
            return new BootLoaderType(null, "absent (not an x86 kernel)");
        } catch (IOException e) {
            return new BootLoaderType(null, "unreadable (" + SystemFiles.reason(e) + ")");
        }
        return parse(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /** The kernel's format: a decimal number and a newline. */
    public static BootLoaderType parse(String content) {
        String text = SystemFiles.withoutTrailingNewlines(content).strip();
        if (!text.matches("[0-9]{1,10}")) {
            return new BootLoaderType(null, "\"" + text + "\" is not a number");
        }
        long value = Long.parseLong(text);
        if (value > Integer.MAX_VALUE) {
            return new BootLoaderType(null, text + " is out of range");
        }
        return new BootLoaderType((int) value, String.format("0x%X", value));
    }

    /** The loader's type: the value without its version nibble (0x7 GRUB, 0xD kexec, 0x12 OVMF). */
    public Integer type() {
        return value == null ? null : value >> 4;
    }

    /**
     * Whether this kernel was started by kexec: true (0xD_), false (any other loader, or "undefined",
     * which kexec never leaves), null when the file does not tell (absent: not x86; unreadable).
     */
    public Boolean viaKexec() {
        return value == null ? null : type() == KEXEC;
    }

    /** One phrase for status. */
    public String describe() {
        Boolean kexec = viaKexec();
        if (kexec == null) {
            return detail + ": cannot tell how this kernel was started";
        }
        return detail + ": " + (kexec ? "started by kexec" : "started by " + loaderName() + ", not by kexec");
    }

    private String loaderName() {
        if (value == 0xFF) {
            return "a loader that does not say (the EFI stub from the firmware or systemd-boot)";
        }
        return switch (type()) {
            case 0x7 -> "GRUB";
            case 0x3 -> "SYSLINUX";
            case 0x4 -> "iPXE";
            case 0x8 -> "U-Boot";
            case 0x9 -> "Xen";
            case 0xB -> "qemu (-kernel)";
            case 0x11 -> "Minimal Linux Bootloader";
            case 0x12 -> "OVMF's own loader";
            default -> "the loader of type 0x" + Integer.toHexString(type());
        };
    }
}
