package org.kexecreboot.initd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kexecreboot.config.KexecDefaults;
import org.kexecreboot.console.Diagnostics;
import org.kexecreboot.exec.BoundedCommand.Outcome;

class KexecTimeoutTest {

    @RegisterExtension
    final SystemErr systemErr = new SystemErr();

    private final Diagnostics diagnostics = new Diagnostics("kexec-load");

    private Duration of(String value) {
        return KexecTimeout.of(new KexecDefaults("true", "/vmlinuz", "", "", "", value), diagnostics);
    }

    @Test
    void unsetIsTheDefaultThirtySecondsSilently() {
        assertEquals(Duration.ofSeconds(30), of(""));
        assertEquals("", systemErr.text());
    }

    @Test
    void numberOfSecondsIsTaken() {
        assertEquals(Duration.ofSeconds(5), of("5"));
        assertEquals("", systemErr.text());
    }

    @Test
    void oneAndThreeThousandSixHundredAreTheBounds() {
        assertEquals(Duration.ofSeconds(1), of("1"));
        assertEquals(Duration.ofSeconds(3600), of("3600"));
    }

    @Test
    void leadingZerosAreAccepted() {
        assertEquals(Duration.ofSeconds(7), of("007"));
    }

    @Test
    void zeroIsGarbage() {
        assertEquals(Duration.ofSeconds(30), of("0"));
        assertEquals(1, systemErr.text().lines().count());
    }

    @Test
    void aboveAnHourIsGarbage() {
        assertEquals(Duration.ofSeconds(30), of("3601"));
    }

    @Test
    void wordIsGarbageWithOneLineNamingValueAndDefault() {
        assertEquals(Duration.ofSeconds(30), of("soon"));
        String text = systemErr.text();
        assertEquals("kexec-load: KEXEC_TIMEOUT=\"soon\" is not a number of seconds from 1 to 3600; using 30\n", text);
    }

    @Test
    void negativeSpacedAndFractionalAreGarbage() {
        assertEquals(Duration.ofSeconds(30), of("-5"));
        assertEquals(Duration.ofSeconds(30), of(" 5"));
        assertEquals(Duration.ofSeconds(30), of("5 "));
        assertEquals(Duration.ofSeconds(30), of("2.5"));
        assertEquals(Duration.ofSeconds(30), of("99999999999999999999"));
        assertEquals(5, systemErr.text().lines().count());
    }

    @Test
    void timedOutIsExplainedInOneLine() {
        KexecTimeout.explain(new Outcome.TimedOut(Duration.ofSeconds(30)), "kexec -l", diagnostics);
        assertEquals("kexec-load: kexec -l did not finish within 30 seconds (KEXEC_TIMEOUT) and was killed\n",
                systemErr.text());
    }

    @Test
    void notStartedIsExplainedInOneLine() {
        KexecTimeout.explain(new Outcome.NotStarted("No such file or directory"), "kexec -e", diagnostics);
        assertEquals("kexec-load: cannot run kexec -e: No such file or directory\n", systemErr.text());
    }

    @Test
    void exitedIsNotExplained() {
        KexecTimeout.explain(new Outcome.Exited(1), "kexec -l", diagnostics);
        assertTrue(systemErr.text().isEmpty());
    }
}
