package org.kexecreboot.console;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The console lines of Debian's /lib/lsb/init-functions, byte for byte: the messages users have
 * seen at every reboot for years, and that tools scraping the console expect.
 *
 * <p>Writes go straight to the stream (unbuffered) so that they are on the console before kexec
 * runs: {@code kexec -e} does not come back to flush anything.
 */
public final class LsbConsole {

    private static final String RED = "\033[31m";
    private static final String NORMAL = "\033[0m";

    private final OutputStream out;
    private final boolean fancy;

    /**
     * @param fancy colours on, as log_use_fancy_output decides: stdout a terminal, TERM set and not
     *     "dumb" (init-functions empties FANCYTTY itself, so the environment's FANCYTTY never counts)
     */
    public LsbConsole(OutputStream out, boolean fancy) {
        this.out = out;
        this.fancy = fancy;
    }

    /**
     * log_use_fancy_output for a process whose stdout is (or is not) a terminal. Its FANCYTTY test
     * only sees /etc/lsb-base-logging.sh, which Debian does not ship: init-functions sets FANCYTTY=
     * before, so an exported FANCYTTY changes nothing (checked against the original on a pty).
     */
    public static boolean fancyOutput(boolean stdoutIsTerminal, String term) {
        return stdoutIsTerminal && term != null && !term.isEmpty() && !term.equals("dumb");
    }

    /** log_action_begin_msg: "MESSAGE..." with no newline. */
    public void actionBegin(String message) {
        write(message + "...");
    }

    /** log_action_end_msg: "done." or "failed." (red on a fancy terminal). */
    public void actionEnd(boolean success) {
        write(success ? "done.\n" : fancy ? RED + "failed." + NORMAL + "\n" : "failed.\n");
    }

    /** log_action_msg: "MESSAGE." */
    public void action(String message) {
        write(message + ".\n");
    }

    /** log_failure_msg: "MESSAGE ... failed!" (the word red on a fancy terminal). */
    public void failure(String message) {
        write(message + " ..." + (fancy ? " " + RED + "failed!" + NORMAL : " failed!") + "\n");
    }

    /** A plain line of our own (not an init-functions message), written the same way. */
    public void line(String text) {
        write(text + "\n");
    }

    private void write(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // No console (closed stdout at shutdown): the init scripts' `|| true` ignores it too.
        }
    }
}
