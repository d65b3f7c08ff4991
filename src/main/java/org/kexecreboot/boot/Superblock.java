package org.kexecreboot.boot;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.kexecreboot.BoundedRead;

/**
 * What a file system says about itself in its superblock, read as GRUB's drivers read it: the UUID and label that
 * GRUB's {@code search --fs-uuid} and {@code search --label} compare. Read from the block device (or an image file),
 * a few KiB at fixed offsets, each read bounded in time ({@link BoundedRead#region}): no mount, no blkid, no udev.
 *
 * <p>Known: ext2/3/4 (superblock at 1024: magic 0xEF53 at 0x38, UUID at 0x68, label at 0x78) and FAT12/16/32 (the
 * boot sector's BPB: serial number as GRUB's UUID "xxxx-xxxx"; the label from the volume-label entry of the root
 * directory, where GRUB's fat driver reads it). Anything else is not recognised: the caller cannot tell.
 *
 * @param type  "ext" or "vfat"
 * @param uuid  as GRUB writes it: lowercase hex, ext's 8-4-4-4-12, FAT's 4-4
 * @param label the label ("" for none), or null when it cannot be told (a FAT32 root directory whose label entry is
 *              not in its first cluster, a label that is not plain text)
 */
record Superblock(String type, String uuid, String label) {

    /** The ext superblock starts at byte 1024 and its label ends at 0x88 of it. */
    static final int EXT_OFFSET = 1024;
    /** At most this much of a FAT root directory is read looking for the label entry. */
    static final int MAX_FAT_DIRECTORY = 64 * 1024;

    /**
     * The superblock of the block device or image file, or null when it is not a file system this class knows or
     * cannot be read (not there, not a block device nor a regular file, no answer within the bound).
     */
    static Superblock read(Path device) {
        try {
            byte[] head = BoundedRead.region(device, 0, 2048, BoundedRead.LIMIT);
            Superblock ext = ext(head);
            if (ext != null) {
                return ext;
            }
            return fat(device, head);
        } catch (IOException e) {
            return null;
        }
    }

    /** Does search's {@code how} ("fs-uuid" or "label") with {@code value} name this file system? null: cannot tell. */
    Boolean matches(String how, String value) {
        if (how.equals("fs-uuid")) {
            return uuid.equalsIgnoreCase(value); // GRUB's search compares UUIDs with grub_strcasecmp
        }
        if (how.equals("label")) {
            return label == null ? null : label.equals(value); // and labels with grub_strcmp
        }
        return null;
    }

    /** ext2/3/4: the first 2 KiB of the device; null when the magic is not there. */
    static Superblock ext(byte[] head) {
        if (head.length < EXT_OFFSET + 0x88 || u16(head, EXT_OFFSET + 0x38) != 0xEF53) {
            return null;
        }
        StringBuilder uuid = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                uuid.append('-');
            }
            uuid.append(String.format("%02x", head[EXT_OFFSET + 0x68 + i] & 0xff));
        }
        return new Superblock("ext", uuid.toString(), text(head, EXT_OFFSET + 0x78, 16, false));
    }

    /**
     * FAT12/16/32, as grub_fat_mount recognises it: a power-of-two sector size of 512 to 4096 bytes, a power-of-two
     * cluster, reserved sectors, one or two FATs, and "FAT12", "FAT16" or "FAT32" as the file system type.
     */
    static Superblock fat(Path device, byte[] head) throws IOException {
        if (head.length < 512) {
            return null;
        }
        int bytesPerSector = u16(head, 11);
        int sectorsPerCluster = head[13] & 0xff;
        int reserved = u16(head, 14);
        int fats = head[16] & 0xff;
        int rootEntries = u16(head, 17);
        long fatSize16 = u16(head, 22);
        boolean fat32 = fatSize16 == 0;
        String fsType = new String(head, fat32 ? 82 : 54, 5, StandardCharsets.ISO_8859_1);
        if (Integer.bitCount(bytesPerSector) != 1 || bytesPerSector < 512 || bytesPerSector > 4096
                || Integer.bitCount(sectorsPerCluster) != 1 || reserved == 0 || fats < 1 || fats > 2
                || !(fat32 ? fsType.equals("FAT32") : fsType.equals("FAT12") || fsType.equals("FAT16"))) {
            return null;
        }
        long serial = u32(head, fat32 ? 67 : 39);
        String uuid = String.format("%04x-%04x", serial >>> 16, serial & 0xffff);
        long fatSize = fat32 ? u32(head, 36) : fatSize16;
        long directory;
        int length;
        if (fat32) {
            long rootCluster = u32(head, 44);
            long data = (reserved + fats * fatSize) * bytesPerSector;
            directory = data + (rootCluster - 2) * sectorsPerCluster * bytesPerSector;
            length = sectorsPerCluster * bytesPerSector; // the first cluster; the rest is in the FAT's chain
            if (rootCluster < 2) {
                return new Superblock("vfat", uuid, null);
            }
        } else {
            directory = (reserved + fats * fatSize) * bytesPerSector;
            length = rootEntries * 32; // FAT12/16: the whole root directory, at a fixed place
        }
        boolean whole = !fat32 && length <= MAX_FAT_DIRECTORY;
        length = Math.min(length, MAX_FAT_DIRECTORY);
        byte[] entries = BoundedRead.region(device, directory, length, BoundedRead.LIMIT);
        return new Superblock("vfat", uuid, fatLabel(entries, whole && entries.length == length));
    }

    /**
     * The label in a FAT directory's entries, as grub_fat_label finds it: the first entry with attribute "volume ID"
     * alone (not a long-name part), deleted ones skipped, up to the entry that ends the directory; its 11 bytes
     * without trailing spaces. "" when the directory ends without one; null when the entries end first and
     * {@code complete} is false (the rest of the directory was not read).
     */
    static String fatLabel(byte[] entries, boolean complete) {
        for (int at = 0; at + 32 <= entries.length; at += 32) {
            int first = entries[at] & 0xff;
            if (first == 0) {
                return "";
            }
            if (first == 0xe5) {
                continue;
            }
            if ((entries[at + 11] & 0xff) == 0x08) {
                return text(entries, at, 11, true);
            }
        }
        return complete ? "" : null;
    }

    /**
     * A fixed-size name field: up to the first NUL, trailing spaces dropped for FAT's space-padded names; null when it
     * is not UTF-8 (FAT: not ASCII), which no search word can be compared with byte for byte here.
     */
    private static String text(byte[] bytes, int at, int length, boolean spacePadded) {
        int end = at;
        while (end < at + length && bytes[end] != 0) {
            end++;
        }
        while (spacePadded && end > at && bytes[end - 1] == ' ') {
            end--;
        }
        for (int i = at; i < end; i++) {
            if (spacePadded && (bytes[i] & 0x80) != 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, at, end - at)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xffffffffL;
    }
}
