package org.kexecreboot.grub;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Tells, without running GRUB, which menu entry GRUB would boot by default and what that entry loads.
 *
 * <p>Layers: {@link Lexer} (words and quoting) → {@link Parser} (immutable {@link Statement} tree) →
 * {@link ScriptEvaluator} (static run: variables, if-branches, menu of {@link MenuItem}s) →
 * {@link DefaultResolver} (GRUB's "default" rules, then the chosen body's loader commands).
 */
public final class GrubDefaultEntry {
    /**
     * Larger than any grub.cfg (Debian's with ten kernels: ~30 KiB), small enough that reading one of this size
     * stays within the shims' 48 MB heap and about a second of C1-compiled time.
     */
    public static final int MAX_SCRIPT_BYTES = 1024 * 1024;

    /**
     * The name $root has when grub.cfg starts: the device holding grub.cfg. GRUB's own name for it (hd0,gpt2 …)
     * depends on the firmware's disk order, which the running system cannot know; a disk name stands for it.
     */
    public static final String CONFIG_DEVICE = "hd0";

    private GrubDefaultEntry() {
    }

    /**
     * @param script the bytes of grub.cfg
     * @param env    variables in effect before the script runs (grubenv's contents, as load_env would set them,
     *               plus grub_platform = "efi" or "pc", and prefix, GRUB's directory on {@link #CONFIG_DEVICE});
     *               may be null for none. $root is {@link #CONFIG_DEVICE} unless env says otherwise: never empty,
     *               as in GRUB
     * @throws GrubConfigException when the script cannot be read as GRUB would, or has no menu entry
     */
    public static GrubChoice resolve(byte[] script, Map<String, String> env) throws GrubConfigException {
        return resolve(script, env, GrubFiles.UNKNOWN);
    }

    /**
     * As {@link #resolve(byte[], Map)}, with GRUB's file tests on grub.cfg's own file system answered by
     * {@code files}.
     */
    public static GrubChoice resolve(byte[] script, Map<String, String> env, GrubFiles files) throws GrubConfigException {
        if (script == null) {
            throw new GrubConfigException("grub.cfg: no data");
        }
        if (script.length > MAX_SCRIPT_BYTES) {
            throw new GrubConfigException("grub.cfg: " + script.length + " bytes, more than " + (MAX_SCRIPT_BYTES >> 10)
                    + " KiB");
        }
        String text = text(script, "grub.cfg");
        try {
            Parser.Parsed parsed = Parser.parse(text, "grub.cfg");
            Variables vars = Variables.initial(env);
            ScriptRun run = new ScriptRun(files, OwnKernelsDevice.of(text));
            ScriptEvaluator top = new ScriptEvaluator(vars, List.of(), run);
            top.run(parsed.statements());
            // read_config_file puts back what config_file and config_directory were before grub.cfg: nothing, so the
            // menu's entries run without them (grub-emu: lang-source-custom)
            vars.unset("config_file");
            vars.unset("config_directory");
            if (top.menu().isEmpty() && run.shown == null) {
                // a syntax error that dropped the entries is the likelier reason: say it
                throw new GrubConfigException("grub.cfg has no menu entries"
                        + (parsed.firstError() == null ? "" : " (GRUB skips what has a syntax error; " + parsed.firstError() + ")"));
            }
            return DefaultResolver.resolve(top.menu(), vars, run);
        } catch (StackOverflowError | OutOfMemoryError | RuntimeException e) {
            // Not expected (nesting, size, words and expansion are bounded); this runs during shutdown, so a bug
            // must still surface as the one documented exception type. What was allocated is garbage by now.
            throw new GrubConfigException("grub.cfg: internal error while reading it (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * A script file's text. GRUB works on bytes; titles and paths are UTF-8 in practice. Malformed sequences become
     * U+FFFD rather than failing: they can only matter inside titles. A NUL byte means binary data: refused.
     */
    static String text(byte[] script, String name) throws GrubConfigException {
        int line = 1;
        for (byte b : script) {
            if (b == '\n') {
                line++;
            } else if (b == 0) {
                throw new GrubConfigException(name + " line " + line + ": NUL byte (binary data)");
            }
        }
        return new String(script, StandardCharsets.UTF_8);
    }
}
