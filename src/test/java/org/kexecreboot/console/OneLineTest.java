package org.kexecreboot.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class OneLineTest {

    @Test
    void plainTextIsLeftAsItIs() {
        String text = "grub.cfg line 3: unexpected 'fi' — ünïcode";
        assertSame(text, OneLine.escape(text));
    }

    @Test
    void controlCharactersAreEscapedSoTheMessageStaysOneLine() {
        assertEquals("submenu 'A\\nB\\x1b[31m\\r\\t\\x7f\\x85\\u2028'", OneLine.escape("submenu 'A\nB\u001b[31m\r\t\u007f\u0085\u2028'"));
    }
}
