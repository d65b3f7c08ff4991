package org.kexecreboot.luks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** crypttab(5) as the generators read it. */
class CrypttabTest {

    private static List<Crypttab.Volume> parse(String text) {
        return Crypttab.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fieldsCommentsAndAbsentKeyFiles() {
        List<Crypttab.Volume> volumes = parse("# <target name> <source device> <key file> <options>\n"
                + "sda3_crypt UUID=0a1b none luks,discard,tpm2-device=auto\n"
                + "\n"
                + "  data\t/dev/sdb1   /etc/keys/data.key luks\n"
                + "swap PARTUUID=77 -\n"
                + "lonely\n"
                + "backup LABEL=backup none noauto\n");
        assertEquals(List.of(new Crypttab.Volume("sda3_crypt", "UUID=0a1b", "", List.of("luks", "discard", "tpm2-device=auto")),
                new Crypttab.Volume("data", "/dev/sdb1", "/etc/keys/data.key", List.of("luks")),
                new Crypttab.Volume("swap", "PARTUUID=77", "", List.of()),
                new Crypttab.Volume("backup", "LABEL=backup", "", List.of("noauto"))), volumes);
        assertEquals("auto", volumes.get(0).option("tpm2-device"));
        assertFalse(volumes.get(3).atBoot());
    }

    @Test
    void theHeaderIsTheDevicesOrTheDetachedOne() {
        assertEquals("/dev/disk/by-uuid/0a1b", new Crypttab.Volume("r", "UUID=0a1b", "", List.of()).headerPath());
        assertEquals("/dev/disk/by-partuuid/77", new Crypttab.Volume("r", "PARTUUID=77", "", List.of()).headerPath());
        assertEquals("/dev/disk/by-label/b", new Crypttab.Volume("r", "LABEL=b", "", List.of()).headerPath());
        assertEquals("/dev/disk/by-partlabel/b", new Crypttab.Volume("r", "PARTLABEL=b", "", List.of()).headerPath());
        assertEquals("/dev/disk/by-id/wwn-1", new Crypttab.Volume("r", "ID=wwn-1", "", List.of()).headerPath());
        assertEquals("/boot/r.hdr", new Crypttab.Volume("r", "/dev/sdb", "", List.of("header=/boot/r.hdr")).headerPath());
        assertNull(new Crypttab.Volume("r", "UUID=../../x", "", List.of()).headerPath());
        assertNull(new Crypttab.Volume("r", "sdb", "", List.of()).headerPath());
    }
}
