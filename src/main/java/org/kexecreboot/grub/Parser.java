package org.kexecreboot.grub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for GRUB 2.06's grammar (grub-core/script/parser.y): simple commands with an optional
 * trailing {@code { block }} (that is how menuentry/submenu take their bodies), if/elif/else/fi, while/until/for
 * loops and function definitions, with parser.y's rules on delimiters:
 * <ul>
 *   <li>a list of commands ({@code commands1}) holds at least one command, its commands are separated by one
 *       {@code ;} or new line followed only by new lines, so an empty command ({@code ; ;}, a line starting with
 *       {@code ;}, {@code { }}, {@code then fi}) is a syntax error;</li>
 *   <li>{@code then}, {@code else}, {@code elif}, {@code fi}, {@code do}, {@code done} and a function's closing
 *       {@code }} need a {@code ;} or new line before them; a block's {@code }} does not;</li>
 *   <li>a command after {@code fi}, {@code done} or a block's {@code }} needs a delimiter too;</li>
 *   <li>{@code function} is a top-level statement only, and a function's or for's name is a NAME
 *       ({@code [A-Za-z_][A-Za-z0-9_]*}, not a reserved word).</li>
 * </ul>
 *
 * <p>What a syntax error drops, as grub-emu shows and read_config_file/grub_script_parse do it: GRUB parses one
 * top-level unit at a time — one line, continued over the next lines while a block, if, loop, function or quote is
 * open — and on an error drops the whole unit, up to the end of the line holding the error (the lexer returns
 * only errors after the first, and its buffer is that line). The next line starts a new unit, so a leftover
 * {@code fi} or {@code }} there is another error.
 *
 * <p>Recursion only happens when a block opens, and blocks deeper than {@link #MAX_DEPTH} are refused (a limit of
 * this reader: it ends the whole reading), so the Java stack stays small whatever the input.
 */
final class Parser {
    static final int MAX_DEPTH = 64;

    /** Reserved words that cannot start a command (they only close or continue a compound one). */
    private static final Set<String> MISPLACED = Set.of("then", "elif", "else", "fi", "do", "done", "case", "esac",
            "select", "in");
    /** Every word yylex.l returns as a reserved token: none of them is a NAME. */
    private static final Set<String> RESERVED = Set.of("case", "do", "done", "elif", "else", "esac", "fi", "for",
            "if", "in", "select", "then", "until", "while", "function");

    /**
     * A parsed file: the statements of every unit without a syntax error, and the first error's message (null when
     * there was none), for the one line said when nothing is left to boot.
     */
    record Parsed(List<Statement> statements, String firstError) {
        Parsed {
            statements = List.copyOf(statements);
        }
    }

    private final Lexer lexer;
    private Token token;

    private Parser(String text, String name) {
        this.lexer = new Lexer(text, name);
    }

    static Parsed parse(String text, String name) throws GrubConfigException {
        Parser p = new Parser(text, name);
        List<Statement> script = new ArrayList<>();
        String firstError = null;
        while (true) {
            try {
                if (p.token == null || p.token.is(Token.Kind.NEWLINE)) {
                    p.advance();
                    continue;
                }
                if (p.token.is(Token.Kind.END)) {
                    return new Parsed(script, firstError);
                }
                script.addAll(p.parseUnit());
            } catch (ScriptSyntaxError e) {
                if (firstError == null) {
                    firstError = e.getMessage();
                }
                p.recover();
            }
        }
    }

    /** The rest of the line holding the error goes with the unit; the next line starts a new one. */
    private void recover() {
        if (token == null || !(token.is(Token.Kind.NEWLINE) || token.is(Token.Kind.END))) {
            lexer.skipLine();
        }
        token = null;
    }

    private void advance() throws GrubConfigException, ScriptSyntaxError {
        token = null; // a lexer error leaves no token: the error is in the text the lexer is reading
        token = lexer.next();
    }

    /** script: statement delimiter newlines0, repeated while the line goes on; the unit ends with its line. */
    private List<Statement> parseUnit() throws GrubConfigException, ScriptSyntaxError {
        List<Statement> unit = new ArrayList<>();
        while (true) {
            unit.add(parseCommand(0, true));
            if (token.is(Token.Kind.NEWLINE) || token.is(Token.Kind.END)) {
                return unit;
            }
            if (!token.is(Token.Kind.SEMICOLON)) {
                throw unexpected("after a command (';' or a new line must come first)");
            }
            advance();
            if (token.is(Token.Kind.NEWLINE) || token.is(Token.Kind.END)) {
                return unit;
            }
        }
    }

    /**
     * commands1, then what closes it: one of {@code terminators} (reserved words, each after a delimiter) or, when
     * {@code braceEnds}, a '}' (after a delimiter only when {@code braceNeedsDelimiter}, as a function's). The
     * terminator itself is left for the caller.
     */
    private List<Statement> parseCommands(Set<String> terminators, boolean braceEnds, boolean braceNeedsDelimiter,
                                          int depth, String opener, int openerLine)
            throws GrubConfigException, ScriptSyntaxError {
        List<Statement> statements = new ArrayList<>();
        while (token.is(Token.Kind.NEWLINE)) {
            advance();
        }
        while (true) {
            if (token.is(Token.Kind.END)) {
                throw lexer.syntax(openerLine, opener + " is never closed");
            }
            statements.add(parseCommand(depth, false));
            boolean delimited = false;
            if (token.is(Token.Kind.SEMICOLON) || token.is(Token.Kind.NEWLINE)) {
                advance();
                delimited = true;
                while (token.is(Token.Kind.NEWLINE)) {
                    advance();
                }
            }
            if (braceEnds && token.is(Token.Kind.CLOSE_BRACE)) {
                if (braceNeedsDelimiter && !delimited) {
                    throw unexpected("('}' of " + opener + " needs ';' or a new line before it)");
                }
                return statements;
            }
            if (token.is(Token.Kind.WORD) && token.word().plainText() != null
                    && terminators.contains(token.word().plainText())) {
                if (!delimited) {
                    throw unexpected("(it needs ';' or a new line before it)");
                }
                return statements;
            }
            if (token.is(Token.Kind.END)) {
                throw lexer.syntax(openerLine, opener + " is never closed");
            }
            if (!delimited) {
                throw unexpected("after a command (';' or a new line must come first)");
            }
        }
    }

    private Statement parseCommand(int depth, boolean topLevel) throws GrubConfigException, ScriptSyntaxError {
        if (!token.is(Token.Kind.WORD)) {
            throw unexpected("where a command should start (an empty command)");
        }
        String keyword = token.word().plainText();
        if (keyword != null) {
            switch (keyword) {
                case "if":
                    return parseIf(depth);
                case "while":
                case "until":
                    return parseWhile(keyword, depth);
                case "for":
                    return parseFor(depth);
                case "function":
                    if (!topLevel) {
                        throw lexer.syntax(token.line(), "'function' inside a block (GRUB defines functions only at the top level)");
                    }
                    return parseFunction(depth);
                default:
                    if (MISPLACED.contains(keyword)) {
                        throw lexer.syntax(token.line(), "unexpected '" + keyword + "'");
                    }
            }
        }
        return parseSimpleCommand(depth);
    }

    private Statement parseSimpleCommand(int depth) throws GrubConfigException, ScriptSyntaxError {
        int line = token.line();
        List<Word> words = new ArrayList<>();
        while (token.is(Token.Kind.WORD)) {
            words.add(token.word());
            advance();
        }
        List<Statement> block = null;
        if (token.is(Token.Kind.OPEN_BRACE)) {
            int inner = enter(depth, token.line());
            String what = "'{' of '" + describe(words.get(0)) + "'";
            advance();
            block = parseCommands(Set.of(), true, false, inner, what, line);
            advance(); // the closing '}'
        }
        return new Statement.Command(words, block, line);
    }

    private Statement parseIf(int depth) throws GrubConfigException, ScriptSyntaxError {
        int line = token.line();
        int inner = enter(depth, line);
        advance(); // if
        List<Statement.Branch> branches = new ArrayList<>();
        List<Statement> otherwise = List.of();
        List<Statement> condition = parseCommands(Set.of("then"), false, false, inner, "'if'", line);
        while (true) {
            advance(); // then
            List<Statement> body = parseCommands(Set.of("elif", "else", "fi"), false, false, inner, "'if'", line);
            branches.add(new Statement.Branch(condition, body));
            if (token.isKeyword("elif")) {
                advance();
                condition = parseCommands(Set.of("then"), false, false, inner, "'if'", line);
                continue;
            }
            if (token.isKeyword("else")) {
                advance();
                otherwise = parseCommands(Set.of("fi"), false, false, inner, "'if'", line);
            }
            advance(); // fi
            return new Statement.IfChain(branches, otherwise, line);
        }
    }

    private Statement parseWhile(String keyword, int depth) throws GrubConfigException, ScriptSyntaxError {
        int line = token.line();
        int inner = enter(depth, line);
        advance();
        List<Statement> condition = parseCommands(Set.of("do"), false, false, inner, "'" + keyword + "'", line);
        advance(); // do
        List<Statement> body = parseCommands(Set.of("done"), false, false, inner, "'" + keyword + "'", line);
        advance(); // done
        return new Statement.While(keyword.equals("until"), condition, body, line);
    }

    /** for NAME in arguments0 delimiters1 do commands1 delimiters1 done. */
    private Statement parseFor(int depth) throws GrubConfigException, ScriptSyntaxError {
        int line = token.line();
        int inner = enter(depth, line);
        advance(); // for
        String name = name("'for'");
        advance();
        if (!token.isKeyword("in")) {
            throw unexpected("('for' needs 'in')");
        }
        advance();
        List<Word> items = new ArrayList<>();
        while (token.is(Token.Kind.WORD)) {
            items.add(token.word());
            advance();
        }
        if (!token.is(Token.Kind.NEWLINE) && !token.is(Token.Kind.SEMICOLON)) {
            throw unexpected("('for' needs ';' or a new line before 'do')");
        }
        advance();
        while (token.is(Token.Kind.NEWLINE)) {
            advance();
        }
        if (!token.isKeyword("do")) {
            throw unexpected("('for' needs 'do')");
        }
        advance();
        List<Statement> body = parseCommands(Set.of("done"), false, false, inner, "'for'", line);
        advance(); // done
        return new Statement.For(name, items, body, line);
    }

    /** function NAME delimiters0 { commands1 delimiters1 }. */
    private Statement parseFunction(int depth) throws GrubConfigException, ScriptSyntaxError {
        int line = token.line();
        int inner = enter(depth, line);
        advance(); // function
        String name = name("'function'");
        advance();
        if (token.is(Token.Kind.NEWLINE) || token.is(Token.Kind.SEMICOLON)) {
            advance();
            while (token.is(Token.Kind.NEWLINE)) {
                advance();
            }
        }
        if (!token.is(Token.Kind.OPEN_BRACE)) {
            throw unexpected("(function '" + name + "' needs '{')");
        }
        advance();
        List<Statement> body = parseCommands(Set.of(), true, true, inner, "'{' of function '" + name + "'", line);
        advance(); // '}'
        return new Statement.FunctionDefinition(name, body, line);
    }

    /** The NAME token parser.y wants after 'for' and 'function'. */
    private String name(String after) throws ScriptSyntaxError {
        String text = token.is(Token.Kind.WORD) ? token.word().plainText() : null;
        if (text == null || RESERVED.contains(text) || !text.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw unexpected("(" + after + " needs a name of letters, digits and '_')");
        }
        return text;
    }

    private ScriptSyntaxError unexpected(String what) {
        String seen = switch (token.kind()) {
            case NEWLINE -> "end of line";
            case SEMICOLON -> "';'";
            case OPEN_BRACE -> "'{'";
            case CLOSE_BRACE -> "'}'";
            case END -> "end of file";
            case WORD -> "'" + describe(token.word()) + "'";
        };
        return lexer.syntax(token.line(), "unexpected " + seen + " " + what);
    }

    private static int enter(int depth, int line) throws GrubConfigException {
        if (depth + 1 > MAX_DEPTH) {
            throw Lexer.error(line, "blocks are nested deeper than " + MAX_DEPTH);
        }
        return depth + 1;
    }

    /** A short printable form of a word for messages (its literal text, variables as $name). */
    private static String describe(Word word) {
        StringBuilder sb = new StringBuilder();
        for (Word.Part part : word.parts()) {
            if (sb.length() > 40) {
                break;
            }
            if (part instanceof Word.Literal lit) {
                sb.append(lit.text());
            } else if (part instanceof Word.Variable var) {
                sb.append('$').append(var.name());
            }
        }
        return sb.length() > 40 ? sb.substring(0, 40) + "…" : sb.toString();
    }
}
