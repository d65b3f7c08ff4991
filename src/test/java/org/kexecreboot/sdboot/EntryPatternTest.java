package org.kexecreboot.sdboot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EntryPatternTest {

    @Test
    void literalsMatchWholeIds() {
        assertTrue(EntryPattern.matches("debian-6.1.0-10.conf", "debian-6.1.0-10.conf"));
        assertFalse(EntryPattern.matches("debian", "debian-6.1.0-10.conf"));
        assertFalse(EntryPattern.matches("debian-6.1.0-10.conf", "debian"));
    }

    @Test
    void starsQuestionMarksAndSets() {
        assertTrue(EntryPattern.matches("debian-*", "debian-6.1.0-10.conf"));
        assertTrue(EntryPattern.matches("*-6.1.0-1?.conf", "debian-6.1.0-10.conf"));
        assertTrue(EntryPattern.matches("**", ""));
        assertTrue(EntryPattern.matches("debian-[0-9]*", "debian-6.conf"));
        assertFalse(EntryPattern.matches("debian-[a-z]*", "debian-6.conf"));
        assertTrue(EntryPattern.matches("[]x]", "]"));
        assertFalse(EntryPattern.matches("[abc", "a"));
    }

    @Test
    void backslashEscapes() {
        assertTrue(EntryPattern.matches("a\\*", "a*"));
        assertFalse(EntryPattern.matches("a\\*", "ab"));
        assertFalse(EntryPattern.matches("a\\", "a"));
    }

    @Test
    void deepPatternsEndAtTheDepthInsteadOfRunningLong() {
        assertFalse(EntryPattern.matches("*a".repeat(40), "a".repeat(40)));
        assertTrue(EntryPattern.matches("*a".repeat(31), "a".repeat(31)));
        assertFalse(EntryPattern.matches("*a".repeat(31) + "b", "a".repeat(200)));
    }
}
