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
     * @return true or false, or null when this system cannot tell (then that file system is not taken for grub.cfg's:
     *     an entry reading its kernel there is an {@link GrubChoice.ElsewhereEntry} that is not identified)
     */
    default Boolean isThisFileSystem(String how, String value) {
        return null;
    }

    /**
     * @param path an absolute path on the file system holding grub.cfg, as grub.cfg writes it ("/vmlinuz-6.1")
     * @return what is there, or null when it cannot be told
     */
    Kind lookup(String path);

    /**
     * What is at {@code path} on the other file systems this system has that GRUB may search (the root file system
     * when /boot is one of its own), for {@code search --file}: a file there, MISSING when none of them has one,
     * null when this cannot be told.
     */
    default Kind lookupElsewhere(String path) {
        return null;
    }

    /**
     * The bytes of a file on the file system holding grub.cfg, for {@code source}: a regular file of at most
     * {@code maxBytes}, read within a time bound.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file (GRUB then sources nothing)
     * @throws java.io.IOException with a message saying why it was not read (too large, not a regular file, …)
     */
    default byte[] read(String path, int maxBytes) throws java.io.IOException {
        throw new java.io.IOException("not readable here");
    }

    /**
     * The machine's PCI functions, for Ubuntu's {@code hwmatch} (GRUB reads the PCI bus itself; so can the running
     * system), or null when they cannot be told.
     */
    default java.util.List<PciFunction> pciFunctions() {
        return null;
    }
}
