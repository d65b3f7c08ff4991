package org.kexecreboot.grub;

/** The exit status of a command as far as a static reader can know it. */
enum Status {
    TRUE, FALSE, UNKNOWN;

    static Status of(boolean b) {
        return b ? TRUE : FALSE;
    }

    Status invert() {
        return switch (this) {
            case TRUE -> FALSE;
            case FALSE -> TRUE;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /** Only a status known to be success takes an if branch; undecidable conditions count as false. */
    boolean isTrue() {
        return this == TRUE;
    }
}
