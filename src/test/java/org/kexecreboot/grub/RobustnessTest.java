package org.kexecreboot.grub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Any input must end in a result or a one-line GrubConfigException, quickly, never in another throwable. */
class RobustnessTest {

    private static void resultOrConfigException(byte[] input) {
        try {
            GrubDefaultEntry.resolve(input, Map.of("grub_platform", "pc"));
        } catch (GrubConfigException e) {
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
            assertTrue(!e.getMessage().contains("internal error"), e.getMessage());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void tenMegabytesAreRefused() {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 10 * 1024 * 1024) {
            sb.append("menuentry 'x' { linux /vmlinuz root=/dev/sda1 ro quiet }\n");
        }
        GrubConfigException e = assertThrows(GrubConfigException.class, () -> GrubDefaultEntry.resolve(bytes(sb.toString()), Map.of()));
        assertTrue(e.getMessage().contains("more than 1024 KiB"), e.getMessage());
    }

    @Test
    void aMillionWordsAreRefused() {
        String cfg = "menuentry x {\n linux /v " + "a ".repeat(500_000) + "\n}\n";
        GrubConfigException e = assertThrows(GrubConfigException.class, () -> GrubDefaultEntry.resolve(bytes(cfg), Map.of()));
        assertTrue(e.getMessage().contains("more than " + Lexer.MAX_WORDS + " words"), e.getMessage());
    }

    @Test
    void almostOneMegabyteOfEntriesResolves() throws Exception {
        StringBuilder sb = new StringBuilder("set default=\"last\"\n");
        int n = 0;
        while (sb.length() < 1000 * 1024) {
            sb.append("menuentry 'e").append(n++).append("' --class os { set x=$x; linux /vmlinuz-").append(n).append(" ro }\n");
        }
        sb.append("menuentry last { linux /last }\n");
        assertEquals("last", GrubDefaultEntry.resolve(bytes(sb.toString()), Map.of()).path());
    }

    @Test
    void deepNestingIsRefusedWithoutStackOverflow() {
        String deepIf = "if true; then\n".repeat(50_000) + "menuentry a { linux /a }\n" + "fi\n".repeat(50_000);
        GrubConfigException e = assertThrows(GrubConfigException.class, () -> GrubDefaultEntry.resolve(bytes(deepIf), Map.of()));
        assertTrue(e.getMessage().contains("nested deeper than 64"), e.getMessage());
        String deepMenu = "submenu s {\n".repeat(50_000) + "}\n".repeat(50_000);
        assertThrows(GrubConfigException.class, () -> GrubDefaultEntry.resolve(bytes(deepMenu), Map.of()));
        String parens = "if [ " + "( ".repeat(100_000) + "a" + " )".repeat(100_000) + " ]; then x=1; fi\nmenuentry a { linux /a }";
        resultOrConfigException(bytes(parens));
    }

    @Test
    void nestingOfSixtyFourIsAccepted() throws Exception {
        String cfg = "if true; then\n".repeat(63) + "menuentry a { linux /a }\n" + "fi\n".repeat(63);
        assertEquals("a", GrubDefaultEntry.resolve(bytes(cfg), Map.of()).path());
    }

    @Test
    void exponentialExpansionIsStopped() {
        String cfg = "a=xxxxxxxxxxxxxxxx\n" + "a=\"$a$a\"\n".repeat(60) + "menuentry a { linux /a }\n";
        GrubConfigException e = assertThrows(GrubConfigException.class, () -> GrubDefaultEntry.resolve(bytes(cfg), Map.of()));
        assertTrue(e.getMessage().contains("1 MiB"), e.getMessage());
    }

    @Test
    void brokenInputs() {
        resultOrConfigException(new byte[0]);
        resultOrConfigException(bytes("menuentry a { linux /a }\0"));
        resultOrConfigException(bytes("menuentry a { linux /a }\n}\n}"));
        resultOrConfigException(bytes("menuentry 'a { linux /a }"));
        resultOrConfigException(bytes("menuentry \"a { linux /a }"));
        resultOrConfigException(bytes("menuentry a {{{{ linux /a"));
        resultOrConfigException(bytes("{".repeat(100_000)));
        resultOrConfigException(bytes("}".repeat(100_000)));
        resultOrConfigException(bytes("menuentry ${"));
        resultOrConfigException(bytes("menuentry a { linux \\"));
        resultOrConfigException(bytes("set default=\"" + "9".repeat(5000) + "\"\nmenuentry a { linux /a }"));
        resultOrConfigException(bytes("menuentry\nmenuentry {\n}\nsubmenu x {\n}\nset default=x\nmenuentry a { linux /a }"));
        resultOrConfigException(new byte[] {(byte) 0xff, (byte) 0xfe, 'm', '\n', (byte) 0xc3});
        assertThrows(GrubConfigException.class, () -> GrubDefaultEntry.resolve(null, null));
    }

    @Test
    void randomBytesAndRandomScriptFragments() {
        Random random = new Random(42);
        for (int i = 0; i < 300; i++) {
            byte[] data = new byte[random.nextInt(4000)];
            random.nextBytes(data);
            resultOrConfigException(data);
        }
        String[] pieces = {"menuentry ", "submenu ", "'t' ", "\"q$x\" ", "{ ", "} ", "if ", "then ", "elif ", "else ",
            "fi ", "; ", "\n", "[ ", "] ", "= ", "-o ", "! ", "( ", ") ", "set default=", "1>0 ", "linux /k ",
            "initrd /i ", "for ", "in ", "do ", "done ", "function ", "while ", "$a ", "${b} ", "\\", "#c\n", "x=y "};
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(60);
            for (int j = 0; j < len; j++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            resultOrConfigException(bytes(sb.toString()));
        }
    }
}
