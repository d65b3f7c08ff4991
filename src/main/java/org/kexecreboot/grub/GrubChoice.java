package org.kexecreboot.grub;

import java.util.List;

/** PLACEHOLDER until the helper delivers. */
public sealed interface GrubChoice permits GrubChoice.LinuxEntry, GrubChoice.OtherEntry {
    String path();
    String reason();
    record LinuxEntry(String path, String reason, String kernel, List<String> kernelArgs, List<String> initrds) implements GrubChoice {}
    record OtherEntry(String path, String reason, String what) implements GrubChoice {}
}
