package org.kexecreboot.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootLoaderTypeTest {

    @TempDir
    Path dir;

    @Test
    void kexecWrites0xD0() {
        BootLoaderType type = BootLoaderType.parse("208\n");
        assertTrue(type.viaKexec());
        assertEquals("0xD0: started by kexec", type.describe());
    }

    @Test
    void grubIs0x72AndNotKexec() {
        BootLoaderType type = BootLoaderType.parse("114\n");
        assertFalse(type.viaKexec());
        assertEquals("0x72: started by GRUB, not by kexec", type.describe());
    }

    @Test
    void undefinedIsNotKexecWhichAlwaysSaysWhoItIs() {
        BootLoaderType type = BootLoaderType.parse("255\n");
        assertFalse(type.viaKexec());
        assertTrue(type.describe().contains("does not say"), type.describe());
    }

    @Test
    void extendedTypesAreNotKexec() {
        // OVMF: type_of_loader 0xE_, ext_loader_type 0x02; the kernel prints (0x02 + 0x10) << 4 | version.
        BootLoaderType ovmf = BootLoaderType.parse(String.valueOf(0x120));
        assertFalse(ovmf.viaKexec());
        assertEquals("0x120: started by OVMF's own loader, not by kexec", ovmf.describe());
        // 0xD in the ext_loader_type's low nibble is not kexec: 0x1D_ is an extended type.
        assertFalse(BootLoaderType.parse(String.valueOf(0x1D0)).viaKexec());
    }

    @Test
    void anAbsentFileCannotTell() {
        BootLoaderType type = BootLoaderType.read(dir.resolve("bootloader_type"));
        assertNull(type.viaKexec());
        assertTrue(type.describe().startsWith("absent (not an x86 kernel): cannot tell"), type.describe());
    }

    @Test
    void garbageCannotTell() throws IOException {
        for (String garbage : new String[] {"", "0xd0", "-1", "99999999999", "2 08"}) {
            assertNull(BootLoaderType.parse(garbage).viaKexec(), garbage);
        }
        Path file = dir.resolve("bootloader_type");
        Files.writeString(file, "1".repeat(1000));
        assertNull(BootLoaderType.read(file).viaKexec());
    }

    @Test
    void readsTheFile() throws IOException {
        Path file = dir.resolve("bootloader_type");
        Files.writeString(file, "208\n");
        assertTrue(BootLoaderType.read(file).viaKexec());
    }
}
