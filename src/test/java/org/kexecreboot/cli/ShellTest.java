package org.kexecreboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ShellTest {

    @Test
    void plainWordsStayAsTheyAre() {
        assertEquals("/sbin/kexec -l /vmlinuz --initrd=/initrd.img", Shell.quote(List.of("/sbin/kexec", "-l", "/vmlinuz",
                "--initrd=/initrd.img")));
    }

    @Test
    void wordsWithSpacesQuotesOrNothingAreSingleQuoted() {
        assertEquals("'--append=root=/dev/sda1 ro'", Shell.quote("--append=root=/dev/sda1 ro"));
        assertEquals("'it'\\''s'", Shell.quote("it's"));
        assertEquals("''", Shell.quote(""));
        assertEquals("'$HOME'", Shell.quote("$HOME"));
        assertEquals("'trailing '", Shell.quote("trailing "));
    }
}
