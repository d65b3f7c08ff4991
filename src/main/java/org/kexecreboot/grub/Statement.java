package org.kexecreboot.grub;

import java.util.List;

/** The syntax tree of a GRUB script: immutable, built by {@link Parser}. */
sealed interface Statement
        permits Statement.Command, Statement.IfChain, Statement.While, Statement.For, Statement.FunctionDefinition {

    int line();

    /**
     * A simple command, e.g. {@code set default=0} or {@code menuentry 'x' --id y { … }}.
     *
     * @param block the {@code { … }} block that follows the words on the same command (menuentry/submenu bodies),
     *              or null when there is none
     */
    record Command(List<Word> words, List<Statement> block, int line) implements Statement {
        public Command {
            words = List.copyOf(words);
            block = block == null ? null : List.copyOf(block);
        }

        boolean hasBlock() {
            return block != null;
        }
    }

    /** {@code if c1; then b1; elif c2; then b2; else b3; fi}. {@code otherwise} is empty when there is no else. */
    record IfChain(List<Branch> branches, List<Statement> otherwise, int line) implements Statement {
        public IfChain {
            branches = List.copyOf(branches);
            otherwise = List.copyOf(otherwise);
        }
    }

    /** One condition/body pair of an if/elif. */
    record Branch(List<Statement> condition, List<Statement> body) {
        public Branch {
            condition = List.copyOf(condition);
            body = List.copyOf(body);
        }
    }

    /** {@code while c; do b; done}, or {@code until c; do b; done} when {@code until}. */
    record While(boolean until, List<Statement> condition, List<Statement> body, int line) implements Statement {
        public While {
            condition = List.copyOf(condition);
            body = List.copyOf(body);
        }
    }

    /** {@code for name in words; do body; done}: the words are expanded (and split) when the loop runs. */
    record For(String variable, List<Word> items, List<Statement> body, int line) implements Statement {
        public For {
            items = List.copyOf(items);
            body = List.copyOf(body);
        }
    }

    /** {@code function name { … }}: defining it runs nothing; a call runs the body. */
    record FunctionDefinition(String name, List<Statement> body, int line) implements Statement {
        public FunctionDefinition {
            body = List.copyOf(body);
        }
    }
}
