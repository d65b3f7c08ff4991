package org.kexecreboot.grub;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one static run of grub.cfg shares across its contexts: the budget, the functions, and save_env's writes. */
final class ScriptRun {
    /**
     * Loop bodies run at most this often in one run, all loops together: a grub.cfg's loops go over a few kernels
     * or files; a loop that goes on longer is one whose end GRUB finds on the machine, or never, and a shutdown
     * tool must not spin on it.
     */
    static final int MAX_LOOP_ITERATIONS = 1000;

    /** GRUB's active_loops, active_breaks and is_continue (grub-core/script/execute.c). */
    static final class Loops {
        int active;
        int breaks;
        boolean isContinue;

        /** The end of a loop: a break that ended it is used up, one for outer loops goes on to them. */
        void leave() {
            if (breaks > 0) {
                breaks--;
            }
            active--;
        }
    }

    /** source within source: GRUB has no bound (a file that sources itself runs until GRUB fails). */
    static final int MAX_SOURCE_DEPTH = 8;
    /** All sourced files of a run together, besides grub.cfg: each is at most {@link GrubDefaultEntry#MAX_SCRIPT_BYTES}. */
    static final int MAX_SOURCED_BYTES = 2 * GrubDefaultEntry.MAX_SCRIPT_BYTES;

    /**
     * A menu that {@code configfile} showed: GRUB shows it at once, in a new context, and boots its default; what
     * was running when configfile ran goes no further.
     *
     * @param file the file as configfile named it, for the reason line
     */
    record Configfile(String file, java.util.List<MenuItem> menu, Variables vars) {
        Configfile {
            menu = java.util.List.copyOf(menu);
        }
    }

    final Expander.Budget budget = new Expander.Budget();
    final Loops loops = new Loops();
    int sourceDepth;
    /** Set by configfile when its file has menu entries: every running list stops, the resolver goes on there. */
    Configfile shown;
    private int iterations;
    private long sourcedBytes;
    final GrubFiles files;
    /** GRUB's functions are global, whatever context defines them. */
    final Map<String, Statement.FunctionDefinition> functions = new HashMap<>();
    private final Map<String, String> saved = new LinkedHashMap<>();

    /** grub-mkconfig's names for this system's own kernels' file system, for where it cannot be identified. */
    final OwnKernelsDevice own;

    ScriptRun(GrubFiles files) {
        this(files, OwnKernelsDevice.NONE);
    }

    ScriptRun(GrubFiles files, OwnKernelsDevice own) {
        this.files = files == null ? GrubFiles.UNKNOWN : files;
        this.own = own;
    }

    /** One more run of a loop body, or the end of the reading when there were too many. */
    void iteration(String keyword, int line) throws GrubConfigException {
        if (++iterations > MAX_LOOP_ITERATIONS) {
            throw Lexer.error(line, "'" + keyword + "' loops run more than " + MAX_LOOP_ITERATIONS
                    + " times in all: GRUB's loop depends on the machine, or never ends; cannot tell what GRUB boots");
        }
    }

    /**
     * The bytes of a file to source, or null when there is none; the reading ends with one line when the file cannot
     * be read or the bounds are passed.
     */
    byte[] readSourced(String command, String path, String shownAs, int line) throws GrubConfigException {
        if (sourceDepth >= MAX_SOURCE_DEPTH) {
            throw Lexer.error(line, command + " " + shownAs + ": sourced files nest deeper than " + MAX_SOURCE_DEPTH
                    + " (GRUB would go on until it fails); cannot tell what GRUB boots");
        }
        byte[] bytes;
        try {
            bytes = files.read(path, GrubDefaultEntry.MAX_SCRIPT_BYTES);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        } catch (java.io.IOException e) {
            throw Lexer.error(line, command + " " + shownAs + ": " + e.getMessage() + "; cannot tell what GRUB reads");
        }
        sourcedBytes += bytes.length;
        if (sourcedBytes > MAX_SOURCED_BYTES) {
            throw Lexer.error(line, command + " " + shownAs + ": sourced files hold more than "
                    + (MAX_SOURCED_BYTES >> 10) + " KiB in all");
        }
        return bytes;
    }

    /** save_env NAME: the value it had then, or null when it was unset (save_env then deletes it from grubenv). */
    void save(String name, String value) {
        saved.remove(name);
        saved.put(name, value);
    }

    Map<String, String> saved() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(saved));
    }
}
