package org.kexecreboot.grub;

/** A lexical token: a word, or one of the few separators GRUB's grammar uses. */
record Token(Kind kind, Word word, int line) {

    enum Kind { WORD, NEWLINE, SEMICOLON, OPEN_BRACE, CLOSE_BRACE, END }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isKeyword(String keyword) {
        return kind == Kind.WORD && word.isKeyword(keyword);
    }
}
