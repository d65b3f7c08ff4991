package org.kexecreboot.cli;

import java.util.List;
import java.util.stream.Collectors;

/** Shell quoting, so that a command line we show can be pasted back into a shell as it is. */
final class Shell {

    private Shell() {
    }

    static String quote(List<String> argv) {
        return argv.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=:,+@%-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
