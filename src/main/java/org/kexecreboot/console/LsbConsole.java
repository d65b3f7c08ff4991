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
     *     "dumb", and FANCYTTY unset or one of 1, Y, yes, true
     */
    public LsbConsole(OutputStream out, boolean fancy) {
        this.out = out;
        this.fancy = fancy;
    }

    /** log_use_fancy_output for a process whose stdout is (or is not) a terminal. */
    public static boolean fancyOutput(boolean stdoutIsTerminal, String term, String fancyTty) {
        if (!stdoutIsTerminal || term == null || term.isEmpty() || term.equals("dumb")) {
            return false;
        }
        if (fancyTty == null || fancyTty.isEmpty()) {
            return true;
        }
        return switch (fancyTty) {
            case "1", "Y", "yes", "true" -> true;
            default -> false;
        };
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

    private void write(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // No console (closed stdout at shutdown): the init scripts' `|| true` ignores it too.
        }
    }
}
