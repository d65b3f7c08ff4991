package org.kexecreboot.grub;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for the subset of GRUB's grammar (grub-core/script/parser.y) that grub.cfg files use:
 * simple commands with an optional trailing {@code { block }} (that is how menuentry/submenu take their bodies),
 * if/elif/else/fi, while/until/for loops and function definitions.
 *
 * <p>Recursion only happens when a block opens, and blocks deeper than {@link #MAX_DEPTH} are refused, so the Java
 * stack stays small whatever the input.
 */
final class Parser {
    static final int MAX_DEPTH = 64;

    /** Reserved words that cannot start a command (they only close or continue a compound one). */
    private static final Set<String> MISPLACED = Set.of("then", "elif", "else", "fi", "do", "done", "case", "esac", "select");

    private final Lexer lexer;
    private Token token;

    private Parser(String text) {
        this.lexer = new Lexer(text);
    }

    static List<Statement> parse(String text) throws GrubConfigException {
        Parser p = new Parser(text);
        p.advance();
        List<Statement> script = p.parseList(Set.of(), false, 0, null, 0);
        if (!p.token.is(Token.Kind.END)) {
            throw Lexer.error(p.token.line(), "unexpected '}' (no block is open)");
        }
        return script;
    }

    private void advance() throws GrubConfigException {
        token = lexer.next();
    }

    /**
     * Parses commands until one of {@code terminators} (reserved words at command start), a '}' when
     * {@code braceEnds}, or the end of the text. The terminator itself is left for the caller.
     */
    private List<Statement> parseList(Set<String> terminators, boolean braceEnds, int depth,
                                      String opener, int openerLine) throws GrubConfigException {
        List<Statement> statements = new ArrayList<>();
        while (true) {
            while (token.is(Token.Kind.NEWLINE) || token.is(Token.Kind.SEMICOLON)) {
                advance();
            }
            switch (token.kind()) {
                case END -> {
                    if (opener != null) {
                        throw Lexer.error(openerLine, opener + " is never closed");
                    }
                    return statements;
                }
                case CLOSE_BRACE -> {
                    if (braceEnds) {
                        return statements;
                    }
                    throw Lexer.error(token.line(), "unexpected '}'");
                }
                case WORD -> {
                    String plain = token.word().plainText();
                    if (plain != null && terminators.contains(plain)) {
                        return statements;
                    }
                    statements.add(parseCommand(depth));
                }
                default -> throw Lexer.error(token.line(), "unexpected '{' at the start of a command");
            }
        }
    }

    private Statement parseCommand(int depth) throws GrubConfigException {
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
                    return parseFunction(depth);
                default:
                    if (MISPLACED.contains(keyword)) {
                        throw Lexer.error(token.line(), "unexpected '" + keyword + "'");
                    }
            }
        }
        return parseSimpleCommand(depth);
    }

    private Statement parseSimpleCommand(int depth) throws GrubConfigException {
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
            block = parseList(Set.of(), true, inner, what, line);
            advance(); // the closing '}'
        }
        return new Statement.Command(words, block, line);
    }

    private Statement parseIf(int depth) throws GrubConfigException {
        int line = token.line();
        int inner = enter(depth, line);
        advance(); // if
        List<Statement.Branch> branches = new ArrayList<>();
        List<Statement> otherwise = List.of();
        List<Statement> condition = parseList(Set.of("then"), false, inner, "'if'", line);
        while (true) {
            advance(); // then
            List<Statement> body = parseList(Set.of("elif", "else", "fi"), false, inner, "'if'", line);
            branches.add(new Statement.Branch(condition, body));
            if (token.isKeyword("elif")) {
                advance();
                condition = parseList(Set.of("then"), false, inner, "'if'", line);
                continue;
            }
            if (token.isKeyword("else")) {
                advance();
                otherwise = parseList(Set.of("fi"), false, inner, "'if'", line);
            }
            advance(); // fi
            return new Statement.IfChain(branches, otherwise, line);
        }
    }

    private Statement parseWhile(String keyword, int depth) throws GrubConfigException {
        int line = token.line();
        int inner = enter(depth, line);
        advance();
        parseList(Set.of("do"), false, inner, "'" + keyword + "'", line);
        advance(); // do
        parseList(Set.of("done"), false, inner, "'" + keyword + "'", line);
        advance(); // done
        return new Statement.Loop(keyword, line);
    }

    private Statement parseFor(int depth) throws GrubConfigException {
        int line = token.line();
        int inner = enter(depth, line);
        advance(); // for
        if (!token.is(Token.Kind.WORD)) {
            throw Lexer.error(line, "'for' needs a variable name");
        }
        advance(); // name
        if (!token.isKeyword("in")) {
            throw Lexer.error(token.line(), "'for' needs 'in'");
        }
        advance();
        while (token.is(Token.Kind.WORD)) {
            advance();
        }
        while (token.is(Token.Kind.NEWLINE) || token.is(Token.Kind.SEMICOLON)) {
            advance();
        }
        if (!token.isKeyword("do")) {
            throw Lexer.error(token.line(), "'for' needs 'do'");
        }
        advance();
        parseList(Set.of("done"), false, inner, "'for'", line);
        advance(); // done
        return new Statement.Loop("for", line);
    }

    private Statement parseFunction(int depth) throws GrubConfigException {
        int line = token.line();
        int inner = enter(depth, line);
        advance(); // function
        if (!token.is(Token.Kind.WORD)) {
            throw Lexer.error(line, "'function' needs a name");
        }
        String name = describe(token.word());
        advance();
        while (token.is(Token.Kind.NEWLINE)) {
            advance();
        }
        if (!token.is(Token.Kind.OPEN_BRACE)) {
            throw Lexer.error(token.line(), "function '" + name + "' needs '{'");
        }
        advance();
        List<Statement> body = parseList(Set.of(), true, inner, "'{' of function '" + name + "'", line);
        advance(); // '}'
        return new Statement.FunctionDefinition(name, body, line);
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
