package org.kexecreboot.boot;

import java.util.List;

/**
 * What {@code kexec -l} is to load: a kernel, its initrds, and the command line the new kernel gets.
 * Paths are as the running system names them (absolute), exactly as they go into kexec's argv.
 *
 * @param kernel the kernel image
 * @param initrds the initrd files in order: none, one, or several (GRUB's microcode + initramfs),
 *     which {@link InitrdBundle} joins into the one file kexec takes
 * @param append the whole command line, passed as --append=APPEND
 */
public record BootTarget(String kernel, List<String> initrds, String append) {

    public BootTarget {
        initrds = List.copyOf(initrds);
    }
}
