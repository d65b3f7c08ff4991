package org.kexecreboot.grub;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits grub.cfg text into tokens the way GRUB's lexer (grub-core/script/yylex.l) does.
 *
 * <ul>
 *   <li>{@code '…'} is literal (newlines included); {@code "…"} expands variables and knows only the escapes
 *       {@code \"}, {@code \\}, {@code \$} and backslash-newline — any other backslash stays as written.</li>
 *   <li>Outside quotes a backslash takes the next character literally; backslash-newline joins lines.</li>
 *   <li>{@code #} starts a comment only at the start of a word ({@code a#b} is one word).</li>
 *   <li>{@code {} and {@code }} are tokens of their own wherever they appear unquoted.</li>
 *   <li>{@code | & < > ;;} are tokens GRUB's grammar never accepts, so they are syntax errors here too, as are a
 *       {@code $} not followed by a variable name and the words {@code [[} and {@code ]]}, which yylex.l reserves
 *       and parser.y never uses.</li>
 * </ul>
 * Syntax errors are {@link ScriptSyntaxError}s (GRUB drops the statement, see {@link Parser}); after one,
 * {@link #skipLine()} moves on to the next line as GRUB's lexer does, whose buffer is the line.
 * The lexer is a plain loop over the text: no recursion, linear time.
 */
final class Lexer {
    /**
     * More words (and variable references) than any grub.cfg has: a Debian one with ten kernels has
     * a few thousand. Each costs heap, and the shims run with a 48 MB heap: a script of a million
     * one-letter words or `$a$a$a…` must be refused, not read until the heap runs out.
     */
    static final int MAX_WORDS = 200_000;

    private final String src;
    /** The file's name in messages ("grub.cfg", or a sourced file's path). */
    private final String name;
    private int pos;
    private int line = 1;
    private int words;

    Lexer(String src, String name) {
        this.src = src;
        this.name = name;
    }

    /**
     * After a syntax error: the rest of the current line is dropped (GRUB's lexer state, holding that line, is
     * thrown away), and reading goes on at the next line.
     */
    void skipLine() {
        int end = src.indexOf('\n', pos);
        pos = end < 0 ? src.length() : end + 1;
        if (end >= 0) {
            line++;
        }
    }

    Token next() throws GrubConfigException, ScriptSyntaxError {
        skipBlanksAndComments();
        if (pos >= src.length()) {
            return new Token(Token.Kind.END, null, line);
        }
        char c = src.charAt(pos);
        switch (c) {
            case '\n':
                pos++;
                line++;
                return new Token(Token.Kind.NEWLINE, null, line - 1);
            case ';':
                if (pos + 1 < src.length() && src.charAt(pos + 1) == ';') {
                    pos += 2;
                    throw syntax(line, "';;' is not GRUB script syntax");
                }
                pos++;
                return new Token(Token.Kind.SEMICOLON, null, line);
            case '{':
                pos++;
                return new Token(Token.Kind.OPEN_BRACE, null, line);
            case '}':
                pos++;
                return new Token(Token.Kind.CLOSE_BRACE, null, line);
            case '|': case '&': case '<': case '>':
                pos++;
                throw syntax(line, "unquoted '" + c + "' is not GRUB script syntax");
            default:
                if (++words > MAX_WORDS) {
                    throw error(line, "more than " + MAX_WORDS + " words");
                }
                Word word = readWord();
                if (word.isKeyword("[[") || word.isKeyword("]]")) {
                    throw syntax(word.line(), "'" + word.plainText() + "' is not GRUB script syntax");
                }
                return new Token(Token.Kind.WORD, word, word.line());
        }
    }

    private void skipBlanksAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            // '\r' is treated as a blank so that files with CRLF line ends read like GRUB reads them line by line.
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                pos += 2;
                line++;
            } else if (c == '#') {
                int end = src.indexOf('\n', pos);
                pos = end < 0 ? src.length() : end;
            } else {
                return;
            }
        }
    }

    private static boolean endsWord(char c) {
        return switch (c) {
            case ' ', '\t', '\r', '\n', ';', '{', '}', '|', '&', '<', '>' -> true;
            default -> false;
        };
    }

    private Word readWord() throws GrubConfigException, ScriptSyntaxError {
        int startLine = line;
        List<Word.Part> parts = new ArrayList<>();
        StringBuilder unquoted = new StringBuilder();
        boolean plain = true;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (endsWord(c)) {
                break;
            }
            switch (c) {
                case '\\' -> {
                    plain = false;
                    if (pos + 1 >= src.length()) {
                        unquoted.append('\\');
                        pos++;
                    } else if (src.charAt(pos + 1) == '\n') {
                        pos += 2;
                        line++;
                    } else {
                        unquoted.append(src.charAt(pos + 1));
                        pos += 2;
                    }
                }
                case '\'' -> {
                    plain = false;
                    flush(unquoted, parts);
                    readSingleQuoted(parts);
                }
                case '"' -> {
                    plain = false;
                    flush(unquoted, parts);
                    readDoubleQuoted(parts);
                }
                case '$' -> {
                    plain = false;
                    flush(unquoted, parts);
                    if (pos + 1 < src.length() && src.charAt(pos + 1) == '"') {
                        // $"…" is GRUB's translatable string; without translations it reads like "…".
                        pos++;
                        readDoubleQuoted(parts);
                    } else {
                        parts.add(readVariable(false));
                    }
                }
                default -> {
                    unquoted.append(c);
                    pos++;
                }
            }
        }
        String plainText = plain ? unquoted.toString() : null;
        flush(unquoted, parts);
        return new Word(parts, plainText, startLine);
    }

    private static void flush(StringBuilder unquoted, List<Word.Part> parts) {
        if (unquoted.length() > 0) {
            parts.add(new Word.Literal(unquoted.toString(), false));
            unquoted.setLength(0);
        }
    }

    private void readSingleQuoted(List<Word.Part> parts) throws ScriptSyntaxError {
        int startLine = line;
        int end = src.indexOf('\'', pos + 1);
        if (end < 0) {
            // GRUB reads line after line for the closing quote: the rest of the file goes with the statement
            pos = src.length();
            throw syntax(startLine, "single quote is never closed");
        }
        String text = src.substring(pos + 1, end);
        line += countNewlines(text);
        pos = end + 1;
        parts.add(new Word.Literal(text, true));
    }

    private void readDoubleQuoted(List<Word.Part> parts) throws GrubConfigException, ScriptSyntaxError {
        int startLine = line;
        pos++; // opening quote
        StringBuilder text = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw syntax(startLine, "double quote is never closed");
            }
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                char n = src.charAt(pos + 1);
                if (n == '$' || n == '\\' || n == '"') {
                    text.append(n);
                    pos += 2;
                    continue;
                }
                if (n == '\n') {
                    pos += 2;
                    line++;
                    continue;
                }
            }
            if (c == '$') {
                // The quoted literal is added even when empty: it makes "$unset" an empty argument, as in GRUB.
                parts.add(new Word.Literal(text.toString(), true));
                text.setLength(0);
                try {
                    parts.add(readVariable(true));
                } catch (ScriptSyntaxError e) {
                    // GRUB's lexer had the whole quoted string (joined lines) in its buffer: it goes too
                    skipToClosingQuote();
                    throw e;
                }
                continue;
            }
            if (c == '\n') {
                line++;
            }
            text.append(c);
            pos++;
        }
        parts.add(new Word.Literal(text.toString(), true));
    }

    private void skipToClosingQuote() {
        while (pos < src.length() && src.charAt(pos) != '"') {
            if (src.charAt(pos) == '\n') {
                line++;
            }
            pos += src.charAt(pos) == '\\' && pos + 1 < src.length() ? 2 : 1;
        }
        pos = Math.min(pos + 1, src.length());
    }

    /** Reads {@code $name}, {@code ${name}}, {@code $1}, {@code ${10}}, {@code $?}, {@code $#}, {@code $*}, {@code $@}. */
    private Word.Variable readVariable(boolean quoted) throws GrubConfigException, ScriptSyntaxError {
        if (++words > MAX_WORDS) {
            throw error(line, "more than " + MAX_WORDS + " words");
        }
        pos++; // '$'
        boolean braced = pos < src.length() && src.charAt(pos) == '{';
        if (braced) {
            pos++;
        }
        int start = pos;
        if (pos < src.length() && isSpecial(src.charAt(pos))) {
            pos++;
        } else if (pos < src.length() && isDigit(src.charAt(pos))) {
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
        } else if (pos < src.length() && isNameStart(src.charAt(pos))) {
            while (pos < src.length() && isNameChar(src.charAt(pos))) {
                pos++;
            }
        } else {
            throw syntax(line, "'$' is not followed by a variable name");
        }
        String name = src.substring(start, pos);
        if (braced) {
            if (pos >= src.length() || src.charAt(pos) != '}') {
                throw syntax(line, "'${" + name + "' is not closed by '}'");
            }
            pos++;
        }
        return new Word.Variable(name, quoted);
    }

    private static boolean isSpecial(char c) {
        return c == '?' || c == '#' || c == '*' || c == '@';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || isDigit(c);
    }

    private static int countNewlines(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    ScriptSyntaxError syntax(int at, String what) {
        return new ScriptSyntaxError(name, at, what);
    }

    /** A limit of this reader, not of GRUB: it ends the whole reading. */
    static GrubConfigException error(int line, String what) {
        return new GrubConfigException("grub.cfg line " + line + ": " + what);
    }
}
