package org.kexecreboot.grub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The largest grub.cfg we accept, of each costly shape, read within the heap the shims give the JVM
 * (-Xmx48m): it resolves or is refused with one line, and never runs out of memory.
 */
class HeapBoundTest {

    @ParameterizedTest
    @ValueSource(strings = {"entries", "words", "expansion"})
    void worstInputsFitTheShimsHeap(String kind) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(List.of(java, "-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), HeapProbe.class.getName(), kind))
                .redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(2, TimeUnit.MINUTES), "finished");
        assertEquals(0, probe.exitValue(), output);
        assertTrue(output.startsWith("resolved: ") || output.startsWith("refused: "), output);
        assertFalse(output.contains("OutOfMemoryError"), "refused by a bound, not by running out: " + output);
    }
}
