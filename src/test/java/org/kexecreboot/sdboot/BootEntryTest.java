package org.kexecreboot.sdboot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class BootEntryTest {

    @Test
    void lastTitleEveryInitrdOptionsJoined() {
        BootEntry entry = BootEntry.parse("Debian-6.1.conf", "/efi", """
                # kernel-install wrote this
                title   First
                title\t"Debian GNU/Linux 12"
                version 6.1.0-10-amd64
                  linux /abc/6.1.0-10-amd64/linux \s
                initrd /abc/6.1.0-10-amd64/microcode
                initrd /abc/6.1.0-10-amd64/initrd.img-6.1.0-10-amd64
                options root=UUID=1 ro
                options quiet
                novalue
                """, "x64");
        assertEquals("Debian GNU/Linux 12", entry.title());
        assertEquals("debian-6.1.conf", entry.id());
        assertEquals(BootEntry.Type.LINUX, entry.type());
        assertEquals("/abc/6.1.0-10-amd64/linux", entry.loader());
        assertEquals(List.of("/abc/6.1.0-10-amd64/microcode", "/abc/6.1.0-10-amd64/initrd.img-6.1.0-10-amd64"),
                entry.initrds());
        assertEquals("root=UUID=1 ro quiet", entry.options());
        assertEquals("/efi/abc/6.1.0-10-amd64/linux", entry.onSystem(entry.loader()));
        assertEquals(-1, entry.triesLeft());
    }

    @Test
    void entriesSystemdBootDropsAreNull() {
        assertNull(BootEntry.parse("a.conf", "/efi", "title nothing to start\n", "x64"));
        assertNull(BootEntry.parse("a.conf", "/efi", "linux /l\nefi /e.efi\n", "x64"));
        assertNull(BootEntry.parse("a.conf", "/efi", "linux /l\narchitecture aa64\n", "x64"));
        assertEquals(BootEntry.Type.LINUX, BootEntry.parse("a.conf", "/efi", "linux /l\narchitecture X64\n", "x64").type());
    }

    @Test
    void bootCountersComeOffTheId() {
        assertArrayEquals(new int[] {3, 0}, BootEntry.tries("a+3.conf"));
        assertArrayEquals(new int[] {1, 2}, BootEntry.tries("a+b+1-2.conf"));
        assertNull(BootEntry.tries("a+x.conf"));
        assertNull(BootEntry.tries("a+3-.conf"));
        assertNull(BootEntry.tries("a+3.CONF"));
        BootEntry entry = BootEntry.parse("Foo+0-3.conf", "/boot", "linux /l\n", "x64");
        assertEquals("foo.conf", entry.id());
        assertEquals(0, entry.triesLeft());
        assertEquals(3, entry.triesDone());
    }

    @Test
    void architectureNames() {
        assertEquals("x64", BootEntry.architecture("amd64"));
        assertEquals("aa64", BootEntry.architecture("aarch64"));
    }
}
