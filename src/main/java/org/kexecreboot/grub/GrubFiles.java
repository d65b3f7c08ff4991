package org.kexecreboot.grub;

/**
 * What GRUB's file tests ({@code -d -e -f -s}) would find on the file system holding grub.cfg, as the running
 * system sees it. Only asked for paths on that file system ($root still the device of grub.cfg, no other device
 * named); everything else stays undecided.
 */
public interface GrubFiles {

    /** What is at a path. */
    enum Kind { MISSING, DIRECTORY, EMPTY_FILE, FILE }

    /** Nothing can be told: every file test stays undecided (as before file tests were evaluated). */
    GrubFiles UNKNOWN = path -> null;

    /**
     * Is the file system holding grub.cfg the one {@code search} asks for?
     *
     * @param how   "fs-uuid" or "label"
     * @param value the UUID or label searched for
     * @return true or false, or null when this system cannot tell (then the entry is read on grub.cfg's file
     *     system, as before)
     */
    default Boolean isThisFileSystem(String how, String value) {
        return null;
    }

    /**
     * @param path an absolute path on the file system holding grub.cfg, as grub.cfg writes it ("/vmlinuz-6.1")
     * @return what is there, or null when it cannot be told
     */
    Kind lookup(String path);
}
