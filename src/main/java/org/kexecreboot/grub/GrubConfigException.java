package org.kexecreboot.grub;

/** grub.cfg or grubenv cannot be read as GRUB would: one line, saying where (line number) and what. */
public final class GrubConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public GrubConfigException(String message) {
        super(message);
    }
}
