package org.kexecreboot.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemPaths;

/** How long this boot has run, and which kernel runs it: what a boot's record in the history says. */
public final class Uptime {

    private Uptime() {
    }

    /** Seconds since the boot began (/proc/uptime's first number), or 0 when it cannot be read. */
    public static double seconds(SystemPaths paths) {
        try {
            String text = new String(BoundedRead.anyFile(paths.uptime(), 128, BootMarks.LIMIT), StandardCharsets.US_ASCII);
            String[] words = text.trim().split(" ");
            return Double.parseDouble(words[0]);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** The running kernel's release (uname -r), or "" when it cannot be read. */
    public static String release(SystemPaths paths) {
        try {
            return new String(BoundedRead.anyFile(paths.osRelease(), 256, BootMarks.LIMIT), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
