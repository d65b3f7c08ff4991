package org.kexecreboot.initd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.kexecreboot.BoundedRead;

/**
 * What is at the skip flag's path, as kexec-load sees it. kexec-load honours it only as the
 * original does ({@code [ -f ]}: a regular file, links followed). Anyone can make something else
 * there (/tmp is everyone's): a directory, a FIFO, a dangling link. That is not a set flag, and
 * nobody may be told it is: this says exactly what is there and what kexec-load will do with it.
 *
 * @param shownAs the path as the running system names it ("/tmp/no-kexec-reboot")
 * @param set kexec-load will honour it: skip kexec once and remove it
 * @param present something is there (set or not)
 * @param what what is there, in words ("a directory", "a dangling symbolic link to /x"); null when absent
 */
public record SkipFlag(String shownAs, boolean set, boolean present, String what) {

    public static SkipFlag at(Path path, String shownAs) {
        boolean set = Files.isRegularFile(path); // exactly [ -f ]
        String what;
        try {
            String kind = BoundedRead.kindOfMode((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS));
            if (kind.equals("a symbolic link")) {
                String target = String.valueOf(Files.readSymbolicLink(path));
                try {
                    what = "a symbolic link to " + target + " (" + BoundedRead.kind(path) + ")";
                } catch (NoSuchFileException e) {
                    what = "a dangling symbolic link to " + target;
                }
            } else {
                what = kind;
            }
        } catch (NoSuchFileException e) {
            return new SkipFlag(shownAs, false, false, null);
        } catch (IOException | RuntimeException e) {
            what = "something that cannot be looked at";
        }
        return new SkipFlag(shownAs, set, true, what);
    }

    /** Something is there that kexec-load will not honour: it neither skips kexec nor removes it. */
    public boolean ignored() {
        return present && !set;
    }

    /** What kexec-load will do with what is there, for `plan`. */
    public String finding() {
        if (set) {
            return "present: this reboot skips kexec, and the flag is removed";
        }
        if (!present) {
            return "absent";
        }
        return "not set: " + what + " is there, which kexec-load ignores (it honours only a regular file)"
                + " and leaves in place: kexec is not skipped";
    }

    /** How to clear what is there, as a command. */
    public String removal() {
        return (what != null && what.equals("a directory") ? "rm -r " : "rm ") + shownAs;
    }
}
