package org.kexecreboot.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;

/** KEXEC_COLD_EVERY's count: this boot's kexec boots in a row, from the streak and how this boot came up. */
class KexecStreakTest {

    private static final String EARLIER = "11111111-0000-4000-8000-000000000001";
    private static final String THIS_BOOT = "22222222-0000-4000-8000-000000000002";

    @TempDir
    Path dir;

    private int count(Boolean viaKexec) {
        KexecStreak.Count count = KexecStreak.ofThisBoot(new SystemPaths(dir), THIS_BOOT, viaKexec);
        assertNull(count.unreadable());
        return count.kexecBoots();
    }

    private void streak(String bootId, int kexecBoots, String next) {
        assertNull(KexecStreak.write(new SystemPaths(dir), new KexecStreak(bootId, kexecBoots, next)));
    }

    @Test
    void withoutAStreakOnlyThisBootCounts() {
        assertEquals(1, count(true));
        assertEquals(0, count(false));
        assertEquals(0, count(null), "cannot tell, and nothing says the last reboot meant kexec");
    }

    @Test
    void aKexecBootAfterAKexecBootIsOneMore() {
        streak(EARLIER, 3, KexecStreak.KEXEC);
        assertEquals(4, count(true));
        assertEquals(0, count(false), "through the firmware, whatever the last reboot meant (a power cut)");
        assertEquals(4, count(null), "cannot tell: as the last reboot meant to go");
    }

    @Test
    void aKexecBootAfterAColdRebootStartsAfresh() {
        streak(EARLIER, 3, KexecStreak.FIRMWARE);
        assertEquals(1, count(true), "someone else's kexec");
        assertEquals(0, count(null));
    }

    @Test
    void thisBootsOwnCountStands() {
        streak(THIS_BOOT, 3, KexecStreak.KEXEC);
        assertEquals(3, count(true), "a load by `now`, then the reboot: counted once");
        assertEquals(3, count(null));
        assertEquals(0, count(false));
    }

    @Test
    void theFileIsAFewLines() throws IOException {
        streak(THIS_BOOT, 7, KexecStreak.FIRMWARE);
        assertEquals("boot_id=" + THIS_BOOT + "\nkexec_boots=7\nnext_reboot=firmware\n",
                Files.readString(dir.resolve("var/lib/kexec-reboot/streak")));
    }

    @Test
    void garbageIsNoStreakAndWhatCannotBeReadSaysWhy() throws IOException {
        Files.createDirectories(dir.resolve("var/lib/kexec-reboot"));
        Files.writeString(dir.resolve("var/lib/kexec-reboot/streak"), "boot_id=" + EARLIER + "\nkexec_boots=many\n");
        assertEquals(1, count(true));
        Files.delete(dir.resolve("var/lib/kexec-reboot/streak"));
        Files.createDirectories(dir.resolve("var/lib/kexec-reboot/streak"));
        KexecStreak.Count count = KexecStreak.ofThisBoot(new SystemPaths(dir), THIS_BOOT, true);
        assertEquals(1, count.kexecBoots(), "counted from none");
        assertTrue(count.unreadable().startsWith("/var/lib/kexec-reboot/streak cannot be read ("), count.unreadable());
    }
}
