package org.kexecreboot.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.state.RebootHistory.Reboot;
import org.kexecreboot.state.RebootHistory.Request;

/** The reboot history: a request at each reboot, joined by the boot after it into one bounded line. */
class RebootHistoryTest {

    private static final String EARLIER = "11111111-0000-4000-8000-000000000001";

    @TempDir
    Path dir;

    private SystemPaths paths() {
        return new SystemPaths(dir);
    }

    private static Reboot boot(int n, Request request) {
        return new Reboot("boot-" + n, 1_000_000L + n, "kexec", "6.1.0-27-amd64", request, request == null ? -1 : 14);
    }

    @Test
    void aRequestIsReadBackAsWritten() {
        Request request = new Request(EARLIER, 1_765_000_000L, "kexec", "loaded /vmlinuz (kexec -l)", "/vmlinuz");
        assertNull(RebootHistory.request(paths(), request));
        assertEquals(request, RebootHistory.pendingRequest(paths()));
    }

    @Test
    void aRecordKeepsEveryFieldAndUsesUpItsRequest() {
        Request request = new Request(EARLIER, 1_765_000_000L, "firmware", "the skip flag\tis set", "");
        assertNull(RebootHistory.request(paths(), request));
        Reboot reboot = new Reboot("boot-1", 1_765_000_095L, "firmware", "6.1.0-27-amd64", request, 95);
        assertNull(RebootHistory.append(paths(), reboot));
        List<Reboot> read = RebootHistory.read(paths()).reboots();
        assertEquals(List.of(new Reboot("boot-1", 1_765_000_095L, "firmware", "6.1.0-27-amd64",
                new Request(EARLIER, 1_765_000_000L, "firmware", "the skip flag\\tis set", ""), 95)), read);
        assertNull(RebootHistory.pendingRequest(paths()), "used up");
        assertTrue(RebootHistory.recorded(paths(), "boot-1"));
        assertFalse(RebootHistory.recorded(paths(), "boot-2"));
    }

    @Test
    void aBootWithoutARequestIsRecordedAsSuch() {
        assertNull(RebootHistory.append(paths(), boot(1, null)));
        assertNull(RebootHistory.read(paths()).reboots().get(0).request());
        assertEquals(-1, RebootHistory.read(paths()).reboots().get(0).seconds());
    }

    @Test
    void theSameBootIsRecordedOnce() {
        assertNull(RebootHistory.append(paths(), boot(1, null)));
        assertNull(RebootHistory.append(paths(), boot(1, null)));
        assertEquals(1, RebootHistory.read(paths()).reboots().size());
    }

    @Test
    void onlyTheNewestHundredAreKept() {
        Request request = new Request(EARLIER, 1L, "kexec", "x".repeat(5000), "/vmlinuz");
        for (int i = 0; i < RebootHistory.MAX_RECORDS + 30; i++) {
            assertNull(RebootHistory.append(paths(), boot(i, request)));
        }
        List<Reboot> read = RebootHistory.read(paths()).reboots();
        assertEquals(RebootHistory.MAX_RECORDS, read.size());
        assertEquals("boot-30", read.get(0).bootId());
        assertEquals("boot-129", read.get(read.size() - 1).bootId());
        assertEquals(RebootHistory.MAX_VALUE, read.get(0).request().why().length(), "a long value is cut");
        assertTrue(read.get(0).request().why().endsWith("…"));
    }

    @Test
    void aHistoryThatIsNotAFileCannotBeRead() throws IOException {
        Files.createDirectories(dir.resolve("var/lib/kexec-reboot/history"));
        RebootHistory.Read read = RebootHistory.read(paths());
        assertTrue(read.problem().startsWith("/var/lib/kexec-reboot/history cannot be read ("), read.problem());
        assertTrue(RebootHistory.append(paths(), boot(1, null)).startsWith("/var/lib/kexec-reboot/history cannot be read"));
    }

    @Test
    void linesThatAreNotRecordsAreSkipped() throws IOException {
        Files.createDirectories(dir.resolve("var/lib/kexec-reboot"));
        Files.writeString(dir.resolve("var/lib/kexec-reboot/history"), "garbage\n\nboot_id=b\tbooted_at=x\tvia=kexec\n");
        List<Reboot> read = RebootHistory.read(paths()).reboots();
        assertEquals(List.of(new Reboot("b", 0, "kexec", "", null, -1)), read);
    }
}
