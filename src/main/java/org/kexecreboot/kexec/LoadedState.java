package org.kexecreboot.kexec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;

/**
 * Whether a kernel is loaded for {@code kexec -e}: /sys/kernel/kexec_loaded reads "1".
 *
 * <p>The original tests {@code "x`cat /sys/kernel/kexec_loaded`y" = "x1y"}: command substitution
 * drops trailing newlines, and a file cat cannot read counts as not loaded, after cat has said why
 * on stderr ({@link #catComplaint()}).
 *
 * @param loaded a kernel is loaded
 * @param unreadable why the file could not be read, or null
 */
public record LoadedState(boolean loaded, String unreadable) {

    /** sysfs gives at most a page; "1\n" is all it ever holds. */
    static final int MAX_BYTES = 4096;

    public static LoadedState of(Path kexecLoaded) {
        try {
            // Bounded: a FIFO or a hung file system here must not hold the reboot (sysfs answers at once).
            String content = new String(BoundedRead.anyFile(kexecLoaded, MAX_BYTES, BoundedRead.LIMIT),
                    StandardCharsets.ISO_8859_1);
            return new LoadedState(SystemFiles.withoutTrailingNewlines(content).equals("1"), null);
        } catch (IOException e) {
            return new LoadedState(false, SystemFiles.reason(e));
        }
    }

    /** What the original's cat says when it cannot read the file, or null when it could. */
    public String catComplaint() {
        return unreadable == null ? null : "cat: /sys/kernel/kexec_loaded: " + unreadable;
    }
}
