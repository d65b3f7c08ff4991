package org.kexecreboot.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.grub.PciFunction;

/** /sys/bus/pci/devices as hwmatch's PCI functions. */
class PciBusTest {

    @TempDir
    Path sys;

    private void function(String address, String vendor, String device, String subVendor, String subDevice, String pciClass)
            throws IOException {
        Path dir = Files.createDirectories(sys.resolve(address));
        Files.writeString(dir.resolve("vendor"), vendor + "\n");
        Files.writeString(dir.resolve("device"), device + "\n");
        Files.writeString(dir.resolve("subsystem_vendor"), subVendor + "\n");
        Files.writeString(dir.resolve("subsystem_device"), subDevice + "\n");
        Files.writeString(dir.resolve("class"), pciClass + "\n");
    }

    @Test
    void eachFunctionsIdsAndClassAsTheKernelShowsThem() throws IOException {
        function("0000:00:02.0", "0x1234", "0x1111", "0x1af4", "0x1100", "0x030000");
        assertEquals(List.of(new PciFunction(0x1234, 0x1111, 0x1af4, 0x1100, 3, 0)), PciBus.read(sys));
        assertEquals("v1234d1111sv1af4sd1100bc03sc00", PciBus.read(sys).get(0).hwmatchId());
    }

    @Test
    void noDirectoryOrAValueThatIsNotHexCannotBeTold() throws IOException {
        assertNull(PciBus.read(sys.resolve("absent")));
        function("0000:00:03.0", "0x8086", "junk", "0x0000", "0x0000", "0x020000");
        assertNull(PciBus.read(sys));
    }
}
