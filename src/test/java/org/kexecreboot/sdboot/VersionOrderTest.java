package org.kexecreboot.sdboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class VersionOrderTest {

    /** The order systemd's own comment on strverscmp_improved lists, oldest first. */
    private static final List<String> SYSTEMD_LIST = List.of("122.1", "123~rc1-1", "123", "123-a", "123-a.1", "123-1",
            "123-1.1", "123^post1", "123.a-1", "123.1-1", "123a-1", "124-1");

    @Test
    void systemdsOwnListIsInOrderEachAgainstEachOther() {
        for (int i = 0; i < SYSTEMD_LIST.size(); i++) {
            for (int j = 0; j < SYSTEMD_LIST.size(); j++) {
                String a = SYSTEMD_LIST.get(i);
                String b = SYSTEMD_LIST.get(j);
                assertEquals(Integer.signum(Integer.compare(i, j)), VersionOrder.compare(a, b), a + " vs " + b);
            }
        }
    }

    @Test
    void numbersCompareAsNumbersNotAsText() {
        assertTrue(VersionOrder.compare("6.12.9", "6.9.0") > 0);
        assertTrue(VersionOrder.compare("6.1.0-10-amd64", "6.1.0-9-amd64") > 0);
        assertEquals(0, VersionOrder.compare("007", "7"));
    }

    @Test
    void otherCharactersOnlySeparateAndNullIsEmpty() {
        assertEquals(0, VersionOrder.compare("123_a", "123a"));
        assertEquals(0, VersionOrder.compare(null, ""));
        assertTrue(VersionOrder.compare(null, "1") < 0);
        assertTrue(VersionOrder.compare("1.0~rc1", "1.0") < 0);
        assertTrue(VersionOrder.compare("abc", "abcde") < 0);
        assertTrue(VersionOrder.compare("1a", "1") > 0);
    }
}
