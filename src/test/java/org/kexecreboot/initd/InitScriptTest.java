package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The case statement on $1 both originals share, run through KexecLoad and KexecExec. */
class InitScriptTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final SystemErr systemErr = new SystemErr();

    private FakeSystem system;

    @BeforeEach
    void system() throws IOException {
        system = new FakeSystem(dir).defaults(FakeSystem.STANDARD_DEFAULTS);
    }

    private int load(String... args) {
        return new KexecLoad(system.context("/etc/init.d/kexec-load")).run(args);
    }

    private int exec(String... args) {
        return new KexecExec(system.context("/etc/init.d/kexec")).run(args);
    }

    private void assertNothingHappened() throws IOException {
        assertEquals("", system.stdout());
        assertEquals("", system.kexecLog());
        assertEquals("0\n", system.kexecLoaded());
    }

    @Test
    void startIsANoOpWithStatusZero() throws IOException {
        assertEquals(0, load("start"));
        assertEquals("", system.stderr());
        assertNothingHappened();
    }

    @Test
    void startOfKexecIsANoOpEvenWhenLoaded() throws IOException {
        system.write("/sys/kernel/kexec_loaded", "1\n");
        assertEquals(0, exec("start"));
        assertEquals("", system.stdout());
        assertEquals("", system.stderr());
        assertEquals("", system.kexecLog());
    }

    @Test
    void restartIsNotSupported() throws IOException {
        assertEquals(3, load("restart"));
        assertEquals("Error: argument 'restart' not supported\n", system.stderr());
        assertNothingHappened();
    }

    @Test
    void reloadIsNotSupported() throws IOException {
        assertEquals(3, load("reload"));
        assertEquals("Error: argument 'reload' not supported\n", system.stderr());
        assertNothingHappened();
    }

    @Test
    void forceReloadIsNotSupported() throws IOException {
        assertEquals(3, load("force-reload"));
        assertEquals("Error: argument 'force-reload' not supported\n", system.stderr());
        assertNothingHappened();
    }

    @Test
    void restartOfKexecIsNotSupported() throws IOException {
        system.write("/sys/kernel/kexec_loaded", "1\n");
        assertEquals(3, exec("restart"));
        assertEquals("Error: argument 'restart' not supported\n", system.stderr());
        assertEquals("", system.kexecLog());
    }

    @Test
    void emptyArgumentPrintsUsage() throws IOException {
        assertEquals(3, load(""));
        assertEquals("Usage: /etc/init.d/kexec-load start|stop\n", system.stderr());
        assertNothingHappened();
    }

    @Test
    void noArgumentPrintsUsage() throws IOException {
        assertEquals(3, load());
        assertEquals("Usage: /etc/init.d/kexec-load start|stop\n", system.stderr());
        assertNothingHappened();
    }

    @Test
    void statusPrintsUsage() throws IOException {
        assertEquals(3, load("status"));
        assertEquals("Usage: /etc/init.d/kexec-load start|stop\n", system.stderr());
        assertNothingHappened();
    }

    @Test
    void usageNamesTheScriptAsInvoked() {
        assertEquals(3, new KexecLoad(system.context("/etc/rc6.d/K18kexec-load")).run(new String[] {"STOP"}));
        assertEquals("Usage: /etc/rc6.d/K18kexec-load start|stop\n", system.stderr());
    }

    @Test
    void usageOfKexecNamesItsScript() throws IOException {
        system.write("/sys/kernel/kexec_loaded", "1\n");
        assertEquals(3, exec("status"));
        assertEquals("Usage: /etc/init.d/kexec start|stop\n", system.stderr());
        assertEquals("", system.kexecLog());
    }

    @Test
    void argumentIsCaseSensitive() {
        assertEquals(3, load("Stop"));
        assertEquals(3, load("START"));
    }

    @Test
    void argumentWithSpacesIsNotStop() {
        assertEquals(3, load(" stop"));
    }

    @Test
    void extraArgumentsAfterStopAreIgnored() throws IOException {
        assertEquals(0, load("stop", "extra", "--force"));
        assertEquals("[-l]\n[/vmlinuz]\n[--initrd=/initrd.img]\n[--append=" + FakeSystem.CMDLINE + "]\n\n",
                system.kexecLog());
    }

    @Test
    void extraArgumentsAfterBadArgumentStillGiveUsage() {
        assertEquals(3, load("status", "stop"));
        assertEquals("Usage: /etc/init.d/kexec-load start|stop\n", system.stderr());
    }

    @Test
    void stopReturnsZero() {
        assertEquals(0, load("stop"));
        assertEquals(0, exec("stop"));
    }
}
