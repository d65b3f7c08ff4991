package org.kexecreboot.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.BoundedRead;

/** Superblocks of real file systems, made by mkfs.* into image files and read as files (no mount). */
class SuperblockTest {

    @TempDir
    Path dir;

    /** An image of {@code megabytes}, made by the mkfs tool with these options. */
    private Path image(String name, int megabytes, String mkfs, String... options) throws Exception {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(megabytes * 1024L * 1024L);
        }
        List<String> argv = new ArrayList<>();
        argv.add(tool(mkfs));
        argv.addAll(List.of(options));
        argv.add(file.toString());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), mkfs);
        assertEquals(0, p.exitValue(), mkfs + ": " + out);
        return file;
    }

    private static String tool(String name) {
        for (String d : new String[] {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
            if (Files.isExecutable(Path.of(d, name))) {
                return d + "/" + name;
            }
        }
        return name;
    }

    @Test
    void ext4UuidAndLabelAsGrubComparesThem() throws Exception {
        Path img = image("ext4.img", 8, "mkfs.ext4", "-q", "-F", "-U", "1B1B1B1B-0000-4000-8000-00000000000A", "-L", "Boot");
        Superblock sb = Superblock.read(img);
        assertEquals(new Superblock("ext", "1b1b1b1b-0000-4000-8000-00000000000a", "Boot"), sb);
        assertEquals(Boolean.TRUE, sb.matches("fs-uuid", "1B1B1B1B-0000-4000-8000-00000000000A")); // strcasecmp
        assertEquals(Boolean.FALSE, sb.matches("fs-uuid", "1b1b1b1b-0000-4000-8000-00000000000b"));
        assertEquals(Boolean.TRUE, sb.matches("label", "Boot"));
        assertEquals(Boolean.FALSE, sb.matches("label", "boot")); // strcmp
        assertNull(sb.matches("file", "/vmlinuz"));
    }

    @Test
    void ext2AndExt3WithoutALabel() throws Exception {
        for (String mkfs : new String[] {"mkfs.ext2", "mkfs.ext3"}) {
            Superblock sb = Superblock.read(image(mkfs + ".img", 8, mkfs, "-q", "-F", "-U",
                    "2c2c2c2c-0000-4000-8000-000000000002"));
            assertEquals(new Superblock("ext", "2c2c2c2c-0000-4000-8000-000000000002", ""), sb, mkfs);
            assertEquals(Boolean.FALSE, sb.matches("label", "boot"));
        }
    }

    @Test
    void fat12Fat16Fat32SerialAndLabel() throws Exception {
        assertEquals(new Superblock("vfat", "0bad-f00d", ""),
                Superblock.read(image("f12.img", 2, "mkfs.vfat", "-F", "12", "-i", "0BADF00D")));
        assertEquals(new Superblock("vfat", "0bad-f00d", "BOOT16"),
                Superblock.read(image("f16.img", 20, "mkfs.vfat", "-F", "16", "-i", "0BADF00D", "-n", "BOOT16")));
        Superblock esp = Superblock.read(image("f32.img", 40, "mkfs.vfat", "-F", "32", "-i", "1234ABCD", "-n", "ESP"));
        assertEquals(new Superblock("vfat", "1234-abcd", "ESP"), esp);
        assertEquals(Boolean.TRUE, esp.matches("fs-uuid", "1234-ABCD"));
    }

    @Test
    void fatLabelIsTheRootDirectorysEntryAsGrubReadsItNotTheBootSectors() throws Exception {
        Path f32 = image("f32.img", 40, "mkfs.vfat", "-F", "32", "-i", "1234ABCD", "-n", "ESP");
        Path f16 = image("f16.img", 20, "mkfs.vfat", "-F", "16", "-n", "BOOT16");
        overwrite(f32, 71, "STALE      "); // the BPB's copy (FAT32 at 0x47, FAT12/16 at 0x2B)
        overwrite(f16, 43, "STALE      ");
        assertEquals("ESP", Superblock.read(f32).label());
        assertEquals("BOOT16", Superblock.read(f16).label());
    }

    @Test
    void aDirectoryWhoseEntriesEndBeforeItDoesCannotTellTheLabel() {
        byte[] entries = new byte[64];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = 'A'; // two file entries, no end mark
        }
        entries[11] = 0x20;
        entries[43] = 0x20;
        assertNull(Superblock.fatLabel(entries, false));
        assertEquals("", Superblock.fatLabel(entries, true));
        byte[] deletedThenLabel = new byte[96];
        deletedThenLabel[0] = (byte) 0xe5;
        deletedThenLabel[11] = 0x08;
        System.arraycopy("NEW LABEL  ".getBytes(StandardCharsets.US_ASCII), 0, deletedThenLabel, 32, 11);
        deletedThenLabel[43] = 0x08;
        assertEquals("NEW LABEL", Superblock.fatLabel(deletedThenLabel, false));
        byte[] longName = deletedThenLabel.clone();
        longName[0] = 'A';
        longName[11] = 0x0f; // a long-name part, not a label
        assertEquals("NEW LABEL", Superblock.fatLabel(longName, false));
    }

    @Test
    void notAFileSystemItKnows() throws Exception {
        Path zeros = dir.resolve("zeros");
        Files.write(zeros, new byte[1 << 16]);
        assertNull(Superblock.read(zeros));
        Path minix = image("minix.img", 2, "mkfs.minix");
        assertNull(Superblock.read(minix));
        assertNull(Superblock.read(dir.resolve("absent")));
        Path shortFile = dir.resolve("short");
        Files.write(shortFile, new byte[] {0x55, (byte) 0xaa});
        assertNull(Superblock.read(shortFile));
    }

    @Test
    void aFifoIsNotOpenedAndDoesNotHang() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, p.waitFor());
        long start = System.nanoTime();
        assertNull(Superblock.read(fifo));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused before opening, not after the bound");
        BoundedRead.Refused refused = assertThrows(BoundedRead.Refused.class,
                () -> BoundedRead.region(fifo, 0, 512, Duration.ofSeconds(5)));
        assertEquals("is a FIFO, not a block device or a regular file", refused.getMessage());
    }

    @Test
    void regionReadsAtTheOffsetAndStopsAtTheEnd() throws Exception {
        Path file = dir.resolve("bytes");
        byte[] bytes = new byte[5000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        Files.write(file, bytes);
        byte[] middle = BoundedRead.region(file, 1024, 16, Duration.ofSeconds(5));
        assertEquals(16, middle.length);
        assertEquals((byte) 1024, middle[0]);
        assertEquals(8, BoundedRead.region(file, 4992, 64, Duration.ofSeconds(5)).length);
        assertEquals(0, BoundedRead.region(file, 9000, 64, Duration.ofSeconds(5)).length);
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> BoundedRead.region(dir.resolve("absent"), 0, 1, Duration.ofSeconds(5)));
        assertThrows(BoundedRead.Refused.class, () -> BoundedRead.region(dir, 0, 1, Duration.ofSeconds(5)));
    }

    private static void overwrite(Path file, long at, String text) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            f.write(text.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
