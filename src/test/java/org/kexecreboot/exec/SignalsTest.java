package org.kexecreboot.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SignalsTest {

    @Test
    void aStatusAbove128NamesTheSignalAsTheShellDid() {
        assertEquals("signal 11 (SIGSEGV: Segmentation fault)", Signals.describe(139));
        assertEquals("signal 9 (SIGKILL: Killed)", Signals.describe(137));
        assertEquals("signal 6 (SIGABRT: Aborted)", Signals.describe(134));
    }

    @Test
    void ordinaryExitStatusesAreNoSignal() {
        assertNull(Signals.describe(0));
        assertNull(Signals.describe(1));
        assertNull(Signals.describe(128));
        assertNull(Signals.describe(255), "kexec's own exit(-1)");
    }
}
