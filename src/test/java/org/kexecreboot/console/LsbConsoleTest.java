package org.kexecreboot.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte-exact against /lib/lsb/init-functions of this machine (sysvinit-utils 3.06): log_action_begin_msg
 * prints "MSG...", log_action_end_msg "done." / "failed." (ESC[31mfailed.ESC[0m when fancy),
 * log_action_msg "MSG.", log_failure_msg "MSG ..." + " failed!" (" ESC[31mfailed!ESC[0m" when fancy).
 */
class LsbConsoleTest {

    private static final String ESC = "\u001b";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void actionBeginPrintsMessageAndThreeDotsWithoutNewline() {
        new LsbConsole(out, false).actionBegin("Loading new kernel image into memory");
        assertEquals("Loading new kernel image into memory...", text());
    }

    @Test
    void actionBeginIsTheSameWhenFancy() {
        new LsbConsole(out, true).actionBegin("Loading new kernel image into memory");
        assertEquals("Loading new kernel image into memory...", text());
    }

    @Test
    void actionEndSuccessPrintsDone() {
        new LsbConsole(out, false).actionEnd(true);
        assertEquals("done.\n", text());
    }

    @Test
    void actionEndSuccessIsNotColouredWhenFancy() {
        new LsbConsole(out, true).actionEnd(true);
        assertEquals("done.\n", text());
    }

    @Test
    void actionEndFailurePrintsFailedPlain() {
        new LsbConsole(out, false).actionEnd(false);
        assertEquals("failed.\n", text());
    }

    @Test
    void actionEndFailureIsRedIncludingTheDotWhenFancy() {
        new LsbConsole(out, true).actionEnd(false);
        assertEquals(ESC + "[31mfailed." + ESC + "[0m\n", text());
    }

    @Test
    void actionPrintsMessageAndDot() {
        new LsbConsole(out, false).action("Will now restart with kexec");
        assertEquals("Will now restart with kexec.\n", text());
    }

    @Test
    void actionIsTheSameWhenFancy() {
        new LsbConsole(out, true).action("Will now restart with kexec");
        assertEquals("Will now restart with kexec.\n", text());
    }

    @Test
    void failurePrintsMessageDotsAndFailedPlain() {
        new LsbConsole(out, false).failure("kexec failed");
        assertEquals("kexec failed ... failed!\n", text());
    }

    @Test
    void failureColoursOnlyTheWordFailedWhenFancy() {
        new LsbConsole(out, true).failure("kexec failed");
        assertEquals("kexec failed ... " + ESC + "[31mfailed!" + ESC + "[0m\n", text());
    }

    @Test
    void beginThenEndMakeOneLine() {
        LsbConsole console = new LsbConsole(out, false);
        console.actionBegin("Loading new kernel image into memory");
        console.actionEnd(true);
        assertEquals("Loading new kernel image into memory...done.\n", text());
    }

    @Test
    void nonAsciiMessageIsWrittenAsUtf8() {
        new LsbConsole(out, false).action("Ünïcode");
        assertEquals("Ünïcode.\n", text());
    }

    @Test
    void eachWriteIsFlushedAtOnce() {
        int[] flushes = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        LsbConsole console = new LsbConsole(counting, false);
        console.actionBegin("x");
        assertEquals(1, flushes[0]);
    }

    @Test
    void closedConsoleIsIgnored() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("closed");
            }
        };
        new LsbConsole(broken, true).failure("kexec failed"); // no exception
    }

    // log_use_fancy_output: [ -t 1 ] && TERM non-empty && TERM != dumb. FANCYTTY: this machine's
    // /lib/lsb/init-functions sets "FANCYTTY=" after defining the functions and before the script runs
    // them (and /etc/lsb-base-logging.sh, which could set it, does not exist), so an exported FANCYTTY
    // never reaches the test: [ -z $FANCYTTY ] is always true.

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "dumb", "xterm", "linux"})
    void notATerminalIsNeverFancy(String term) {
        assertFalse(LsbConsole.fancyOutput(false, term), "TERM=" + term);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "dumb"})
    void terminalWithTermUnsetEmptyOrDumbIsNotFancy(String term) {
        assertFalse(LsbConsole.fancyOutput(true, term), "TERM=" + term);
    }

    /**
     * Any other TERM on a terminal is fancy. init-functions resets FANCYTTY= before any log_* call,
     * so an exported FANCYTTY (0, no, …) changes nothing and is not an input at all.
     */
    @ParameterizedTest
    @ValueSource(strings = {"xterm", "linux", "vt100", "screen-256color"})
    void terminalWithAnyOtherTermIsFancy(String term) {
        assertTrue(LsbConsole.fancyOutput(true, term), "TERM=" + term);
    }
}
