package org.kexecreboot.boot;

import java.util.Optional;

/**
 * What {@code kexec -l} loads: a kernel, maybe an initrd, and the command line the new kernel gets.
 * Paths are as the running system names them (absolute), exactly as they go into kexec's argv.
 *
 * @param kernel the kernel image
 * @param initrd the initrd, or empty for none (kexec then gets no --initrd)
 * @param append the whole command line, passed as --append=APPEND
 */
public record BootTarget(String kernel, Optional<String> initrd, String append) {
}
