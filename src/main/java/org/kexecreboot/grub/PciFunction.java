package org.kexecreboot.grub;

/**
 * One PCI function as GRUB's {@code grub_pci_iterate} finds it, with what Ubuntu's {@code hwmatch} reads of it: the
 * IDs, the subsystem IDs and the class (base class and subclass). The running kernel shows the same in
 * /sys/bus/pci/devices.
 */
public record PciFunction(int vendor, int device, int subsystemVendor, int subsystemDevice, int baseClass, int subClass) {

    /** hwmatch's ID string, "v%04xd%04xsv%04xsd%04xbc%02xsc%02x", matched against each line of its list. */
    public String hwmatchId() {
        return String.format("v%04xd%04xsv%04xsd%04xbc%02xsc%02x", vendor, device, subsystemVendor, subsystemDevice,
                baseClass, subClass);
    }
}
