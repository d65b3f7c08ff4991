package org.kexecreboot.kexec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kexecreboot.SystemFiles;

/**
 * Whether a kernel is loaded for {@code kexec -e}: /sys/kernel/kexec_loaded reads "1".
 *
 * <p>The original tests {@code "x`cat /sys/kernel/kexec_loaded`y" = "x1y"}: command substitution
 * drops trailing newlines, and a file cat cannot read counts as not loaded after cat has said why on
 * stderr. We say the same, in cat's words.
 */
public final class LoadedState {

    private LoadedState() {
    }

    public static boolean isLoaded(Path kexecLoaded, String shownAs, PrintStream stderr) {
        try {
            return SystemFiles.withoutTrailingNewlines(Files.readString(kexecLoaded, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .equals("1");
        } catch (IOException e) {
            stderr.println("cat: " + shownAs + ": " + SystemFiles.reason(e));
            stderr.flush();
            return false;
        }
    }
}
