package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kexecreboot.SystemPaths;

class ContextTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Context context(Map<String, String> env, boolean tty) {
        return new Context(new SystemPaths(Path.of("/tmp/x")), "kexec", out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), env, tty);
    }

    @Test
    void environmentWithPathReplacesOnlyPath() {
        Context c = context(Map.of("PATH", "/usr/local/bin", "LANG", "C"), false);
        assertEquals(Map.of("PATH", "/sbin:/bin", "LANG", "C"), c.environmentWithPath("/sbin:/bin"));
        assertEquals("/usr/local/bin", c.environment().get("PATH"));
    }

    @Test
    void environmentWithPathAddsPathWhenUnset() {
        assertEquals(Map.of("PATH", "/sbin:/bin"), context(Map.of(), false).environmentWithPath("/sbin:/bin"));
    }

    @Test
    void consoleIsPlainWhenStdoutIsNotATerminal() {
        context(Map.of("TERM", "xterm"), false).console().actionEnd(false);
        assertEquals("failed.\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void consoleIsFancyOnATerminalWithTerm() {
        context(Map.of("TERM", "xterm"), true).console().actionEnd(false);
        assertEquals("\u001b[31mfailed.\u001b[0m\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void consoleIsPlainOnATerminalWithoutTerm() {
        context(Map.of(), true).console().actionEnd(false);
        assertEquals("failed.\n", out.toString(StandardCharsets.UTF_8));
    }
}
