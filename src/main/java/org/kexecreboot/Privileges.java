package org.kexecreboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who this process runs as: /proc/self belongs to the effective user. */
public final class Privileges {

    private Privileges() {
    }

    /** The effective uid, or -1 when /proc is not there to say. */
    public static int uid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer id ? id : -1;
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    public static boolean isRoot() {
        return uid() == 0;
    }
}
