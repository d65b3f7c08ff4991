package org.kexecreboot.kexec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.kexecreboot.SystemFiles;

/**
 * The kernel's lockdown state, from /sys/kernel/security/lockdown ({@code none [integrity]
 * confidentiality}: the selected mode in brackets). Debian's kernels lock themselves down when they
 * boot with UEFI Secure Boot; a locked-down kernel refuses the kexec_load syscall and loads a kernel
 * only with kexec_file_load, and only one signed by a key it trusts.
 *
 * @param mode the selected mode
 * @param detail the file's content as read, or why it could not be read (for the plan)
 */
public record Lockdown(Mode mode, String detail) {

    /** What the file can say. */
    public enum Mode {
        /** No such file: a kernel without the lockdown LSM, or securityfs not mounted. */
        ABSENT,
        /** Unreadable, or not in the kernel's format: taken as not locked down. */
        UNKNOWN,
        NONE,
        /** kexec_load refused, unsigned kernels refused. */
        INTEGRITY,
        /** Integrity, and more (reading kernel memory). */
        CONFIDENTIALITY
    }

    /** The file is a few dozen bytes; anything longer is not the kernel's. */
    static final int MAX_BYTES = 256;

    /** Reads the file, at most {@link #MAX_BYTES} of it (a sysfs read does not block). */
    public static Lockdown read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return new Lockdown(Mode.ABSENT, "absent");
        } catch (IOException e) {
            return new Lockdown(Mode.UNKNOWN, "unreadable (" + SystemFiles.reason(e) + ")");
        }
        if (bytes.length > MAX_BYTES) {
            return new Lockdown(Mode.UNKNOWN, "longer than " + MAX_BYTES + " bytes");
        }
        return parse(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /** The kernel's format: the modes separated by spaces, the selected one in brackets. */
    public static Lockdown parse(String content) {
        String text = SystemFiles.withoutTrailingNewlines(content).strip();
        Mode selected = null;
        for (String word : text.split(" +")) {
            if (word.length() > 2 && word.startsWith("[") && word.endsWith("]")) {
                Mode mode = modeNamed(word.substring(1, word.length() - 1));
                if (mode == null || selected != null) {
                    return new Lockdown(Mode.UNKNOWN, "\"" + text + "\"");
                }
                selected = mode;
            }
        }
        return new Lockdown(selected == null ? Mode.UNKNOWN : selected, text);
    }

    private static Mode modeNamed(String name) {
        return switch (name) {
            case "none" -> Mode.NONE;
            case "integrity" -> Mode.INTEGRITY;
            case "confidentiality" -> Mode.CONFIDENTIALITY;
            default -> null;
        };
    }

    /** kexec_load is refused, and only a kernel with a trusted signature can be loaded. */
    public boolean lockedDown() {
        return mode == Mode.INTEGRITY || mode == Mode.CONFIDENTIALITY;
    }

    /** One phrase for plan and status: the mode and what it means for kexec. */
    public String describe() {
        return switch (mode) {
            case ABSENT -> "absent: not locked down";
            case UNKNOWN -> detail + ": taken as not locked down";
            case NONE -> "\"" + detail + "\": not locked down";
            default -> "\"" + detail + "\": locked down (" + mode.name().toLowerCase(java.util.Locale.ROOT)
                    + ", as with Secure Boot): only kexec_file_load, and only a kernel signed by a key this kernel trusts";
        };
    }
}
