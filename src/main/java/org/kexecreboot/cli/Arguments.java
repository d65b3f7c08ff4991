package org.kexecreboot.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.console.OneLine;

/**
 * What follows a kexec-reboot command, parsed: its options, or the one line that says what is wrong
 * with them (a usage error).
 *
 * @param command plan, status, last, skip-once, cold, now, enable, disable, boot-complete
 * @param root the --root argument as given, or null without one
 * @param check plan --check: the answer is the exit status (and one line), not the whole plan
 * @param json plan --json, status --json, last --json: the answer as one JSON object (schemas plan-v1,
 *     status-v1, last-v1)
 * @param force now --force: kexec even when the firmware has work
 * @param grub enable --grub: also USE_GRUB_CONFIG=true
 */
record Arguments(String command, String root, boolean check, boolean json, boolean force, boolean grub) {

    /** The commands that read a system image with --root. */
    private static final Set<String> READ_ONLY = Set.of("plan", "status");
    /** The commands with a JSON form. */
    private static final Set<String> JSON = Set.of("plan", "status", "last");

    /** A usage error, in one line (without the "kexec-reboot: " in front). */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    static Arguments parse(String command, List<String> rest) throws Invalid {
        String root = null;
        boolean check = false;
        boolean json = false;
        boolean force = false;
        boolean grub = false;
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.equals("--root") && READ_ONLY.contains(command)) {
                if (root != null) {
                    throw new Invalid("--root given twice");
                }
                if (i + 1 == rest.size()) {
                    throw new Invalid("--root needs a directory (kexec-reboot " + command + " --root DIR)");
                }
                root = rest.get(++i);
            } else if (arg.equals("--check") && command.equals("plan")) {
                check = true;
            } else if (arg.equals("--force") && command.equals("now")) {
                force = true;
            } else if (arg.equals("--grub") && command.equals("enable")) {
                grub = true;
            } else if (arg.equals("--json")) {
                if (!JSON.contains(command)) {
                    throw new Invalid(command + " has no JSON form (--json: plan, status and last only)");
                }
                json = true;
            } else if (arg.startsWith("-")) {
                throw new Invalid(command + " has no option '" + OneLine.escape(arg) + "' (see kexec-reboot " + command
                        + " --help)");
            } else {
                throw new Invalid("unexpected argument '" + OneLine.escape(arg) + "' after " + command
                        + " (see kexec-reboot " + command + " --help)");
            }
        }
        return new Arguments(command, root, check, json, force, grub);
    }

    /**
     * Why the reboot of the system under {@code root} cannot be told, or null when it is a directory:
     * an empty tree would give a confident plan of nothing (the defaults of an absent file).
     */
    static String rootRefusal(String root) {
        String shown = "--root " + (root.isEmpty() ? "\"\"" : OneLine.escape(root));
        String then = ": cannot tell what its reboot would do";
        if (root.isEmpty()) {
            return shown + " names no directory" + then;
        }
        try {
            String kind = BoundedRead.kind(Path.of(root));
            return kind.equals("a directory") ? null : shown + " is " + kind + ", not a directory" + then;
        } catch (NoSuchFileException e) {
            return shown + " does not exist" + then;
        } catch (IOException e) {
            return shown + " cannot be looked at (" + SystemFiles.reason(e) + ")" + then;
        }
    }
}
