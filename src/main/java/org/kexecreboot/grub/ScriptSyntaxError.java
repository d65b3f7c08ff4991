package org.kexecreboot.grub;

/**
 * A syntax error as GRUB's parser finds it (grub-core/script/parser.y, yylex.l). It is not fatal for the file:
 * GRUB reads grub.cfg one top-level statement at a time (read_config_file → grub_normal_parse_line) and a
 * statement with an error is dropped with everything read for it, while the lines after it are read on as new
 * statements. Limits of this reader (words, nesting) are plain {@link GrubConfigException}s instead: they end
 * the whole reading.
 */
final class ScriptSyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;

    ScriptSyntaxError(String file, int line, String what) {
        super(file + " line " + line + ": " + what);
        this.line = line;
    }

    int line() {
        return line;
    }
}
