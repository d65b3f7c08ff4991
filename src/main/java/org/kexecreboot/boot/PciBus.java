package org.kexecreboot.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.grub.PciFunction;

/**
 * The PCI functions GRUB's grub_pci_iterate would find, as the running kernel shows them in /sys/bus/pci/devices
 * (one directory per function, its IDs and class as "0x…" text): for Ubuntu's hwmatch.
 */
final class PciBus {

    /** More functions than a machine has: then this is not the kernel's directory. */
    static final int MAX_FUNCTIONS = 4096;

    private PciBus() {
    }

    /** The functions, or null when they cannot be told (no such directory, a value that is not there or not hex). */
    static List<PciFunction> read(Path devices) {
        if (!Files.isDirectory(devices)) {
            return null;
        }
        List<PciFunction> functions = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(devices)) {
            for (Path function : entries) {
                if (functions.size() >= MAX_FUNCTIONS) {
                    return null;
                }
                int pciClass = hex(function, "class");
                functions.add(new PciFunction(hex(function, "vendor"), hex(function, "device"),
                        hex(function, "subsystem_vendor"), hex(function, "subsystem_device"),
                        (pciClass >> 16) & 0xff, (pciClass >> 8) & 0xff));
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            return null;
        }
        return functions;
    }

    /** A sysfs attribute such as "0x8086\n". */
    private static int hex(Path function, String attribute) throws IOException {
        String text = new String(BoundedRead.anyFile(function.resolve(attribute), 64, BoundedRead.LIMIT),
                StandardCharsets.US_ASCII).trim();
        if (!text.startsWith("0x")) {
            throw new NumberFormatException(attribute + ": " + text);
        }
        return Integer.parseUnsignedInt(text.substring(2), 16);
    }
}
