package org.kexecreboot.console;

import org.tinylog.Logger;

/**
 * One line on stderr for each thing that went wrong, prefixed with the script's name, as a
 * sysadmin reading the shutdown console needs it: what failed and what happens instead.
 *
 * <p>Only failure paths log, so tinylog is loaded only when there is something to say (its
 * start-up cost stays off the normal reboot path). Its configuration (tinylog.properties in the
 * jar) writes the bare message to stderr and never to a file: the root may be read-only.
 */
public final class Diagnostics {

    private final String script;

    /** @param script the script's short name, e.g. "kexec-load" */
    public Diagnostics(String script) {
        this.script = script;
    }

    public void warn(String message) {
        Logger.warn("{}: {}", script, OneLine.escape(message));
    }
}
