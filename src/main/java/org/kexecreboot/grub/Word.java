package org.kexecreboot.grub;

import java.util.List;

/**
 * One word of a GRUB script as written, before expansion: literal pieces and variable references in order.
 *
 * @param parts     the pieces, in source order
 * @param plainText the word's text when it is made only of unquoted, unescaped characters (only such a word can be
 *                  a reserved word like {@code if} or {@code fi}, as in GRUB's flex lexer); otherwise null
 * @param line      line number where the word starts
 */
record Word(List<Part> parts, String plainText, int line) {

    Word {
        parts = List.copyOf(parts);
    }

    /** A piece of a word. */
    sealed interface Part permits Literal, Variable {
    }

    /**
     * Literal text. {@code quoted} text came from '…' or "…": even when empty it makes the word exist, the way GRUB
     * keeps {@code ""} as an (empty) argument.
     */
    record Literal(String text, boolean quoted) implements Part {
    }

    /** {@code $name} or {@code ${name}}; quoted when inside "…" (then it is not split into words). */
    record Variable(String name, boolean quoted) implements Part {
    }

    boolean isKeyword(String keyword) {
        return keyword.equals(plainText);
    }
}
