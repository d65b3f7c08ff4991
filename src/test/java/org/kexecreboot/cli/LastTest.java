package org.kexecreboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kexecreboot.state.RebootHistory.Reboot;
import org.kexecreboot.state.RebootHistory.Request;

/** `kexec-reboot last`: newest first, why each went as it did, and the medians of each way. */
class LastTest {

    private static Reboot reboot(long at, String via, long seconds, String planned, String why) {
        return new Reboot("b" + at, at, via, "6.1.0-27-amd64", new Request("a" + at, at - seconds, planned, why, ""), seconds);
    }

    private static final List<Reboot> HISTORY = List.of(
            new Reboot("b0", 1_765_000_000L, "firmware", "6.1.0-26-amd64", null, -1),
            reboot(1_765_100_000L, "firmware", 180, "firmware", "the skip flag /tmp/no-kexec-reboot is set"),
            reboot(1_765_200_000L, "kexec", 16, "kexec", "loaded /vmlinuz"),
            reboot(1_765_300_000L, "firmware", 95, "kexec", "loaded /vmlinuz"),
            reboot(1_765_400_000L, "kexec", 12, "kexec", "loaded /vmlinuz"));

    @Test
    void newestFirstWithTheMedians() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Last.print(HISTORY, ZoneOffset.UTC, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("""
                booted at                  via       seconds  kernel            why
                2025-12-10 20:53:20 +0000  kexec          12  6.1.0-27-amd64    loaded /vmlinuz
                2025-12-09 17:06:40 +0000  firmware       95  6.1.0-27-amd64    meant for kexec, but came through firmware: loaded /vmlinuz
                2025-12-08 13:20:00 +0000  kexec          16  6.1.0-27-amd64    loaded /vmlinuz
                2025-12-07 09:33:20 +0000  firmware      180  6.1.0-27-amd64    the skip flag /tmp/no-kexec-reboot is set
                2025-12-06 05:46:40 +0000  firmware        -  6.1.0-26-amd64    (no reboot was recorded before this boot: the first boot, a power-off, a crash or a reset)
                kexec: 2 timed reboots, median 14 s; firmware: 2 timed reboots, median 137 s; a kexec reboot took 123 s less here (median against median)
                """, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theKernelColumnIsAsWideAsItsLongestRelease() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Last.print(List.of(new Reboot("b", 1_765_000_000L, "kexec", "6.12.117+deb13-cloud-amd64", null, -1)),
                ZoneOffset.UTC, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("""
                booted at                  via       seconds  kernel                      why
                2025-12-06 05:46:40 +0000  kexec           -  6.12.117+deb13-cloud-amd64  (no reboot was recorded before this boot: the first boot, a power-off, a crash or a reset)
                kexec: 0 timed reboots; firmware: 0 timed reboots
                """, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleOne() {
        assertEquals(16L, Last.median(List.of(reboot(1, "kexec", 16, "kexec", ""), reboot(2, "kexec", 3, "kexec", ""),
                reboot(3, "kexec", 40, "kexec", "")), "kexec"));
        assertNull(Last.median(HISTORY, "nothing"));
    }

    @Test
    void theJsonFormIsValidAndSaysTheSame() {
        var json = JsonSchemas.last(Json.write(Last.json(HISTORY)) + "\n");
        assertEquals(5, json.get("reboots").size());
        assertEquals("b1765400000", json.get("reboots").get(0).get("boot_id").asString());
        assertEquals(12, json.get("reboots").get(0).get("seconds").asInt());
        assertEquals(true, json.get("reboots").get(4).get("reboot").isNull());
        assertEquals(true, json.get("reboots").get(4).get("seconds").isNull());
        assertEquals(123, json.get("summary").get("saved_seconds").asInt());
        assertEquals(2, json.get("summary").get("kexec").get("timed_reboots").asInt());
        assertEquals(14, json.get("summary").get("kexec").get("median_seconds").asInt());
    }

    @Test
    void anEmptyHistoryIsValidJsonToo() {
        var json = JsonSchemas.last(Json.write(Last.json(List.of())) + "\n");
        assertEquals(0, json.get("reboots").size());
        assertEquals(true, json.get("summary").get("kexec").get("median_seconds").isNull());
    }
}
