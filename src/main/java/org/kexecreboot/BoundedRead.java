package org.kexecreboot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A read of a system file that can neither hang nor run away: it ends within a time bound and
 * returns at most a size bound.
 *
 * <p>Why: at shutdown a read of a FIFO nobody writes, a device, a /proc file or a file on a hung
 * network /boot blocks in the kernel, and Java cannot interrupt a blocking file read. So the open,
 * the look at the file and the read run in a thread of their own (a daemon: it never keeps the JVM
 * alive) and we stop waiting for it at the bound. The entry points end with {@code halt}, so a
 * thread stuck in the kernel is left behind, never waited for.
 */
public final class BoundedRead {

    /** How long one read of a small system file may take: they answer in microseconds. */
    public static final Duration LIMIT = Duration.ofSeconds(5);

    private BoundedRead() {
    }

    /** The file is there but is not what we may read (a FIFO, a device, a directory, too large). */
    public static final class Refused extends IOException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Reads a file as cat would (any kind of file, links followed), at most {@code maxBytes}.
     *
     * @throws Refused when it holds more than maxBytes or does not answer within the limit
     */
    public static byte[] anyFile(Path file, int maxBytes, Duration limit) throws IOException {
        return run(new Reader(file, maxBytes, false), limit);
    }

    /**
     * Reads a regular file (links followed), at most {@code maxBytes}: a FIFO, a device or a directory
     * is refused before it is opened, with what it is.
     *
     * @throws java.nio.file.NoSuchFileException when there is nothing at the path
     * @throws Refused when it is not a regular file, holds more than maxBytes, or does not answer
     */
    public static byte[] regularFile(Path file, int maxBytes, Duration limit) throws IOException {
        return run(new Reader(file, maxBytes, true), limit);
    }

    /**
     * Reads at most {@code length} bytes at {@code offset} of a block device or a regular file (links followed), as a
     * file system's driver reads its superblock: fewer when the device or file ends sooner. Anything else (a FIFO, a
     * character device, a directory) is refused before it is opened: opening those may block or have effects.
     *
     * @throws java.nio.file.NoSuchFileException when there is nothing at the path
     * @throws Refused when it is neither a block device nor a regular file, or does not answer within the limit
     */
    public static byte[] region(Path file, long offset, int length, Duration limit) throws IOException {
        Reader reader = new Reader(file, length, false);
        reader.offset = offset;
        return run(reader, limit);
    }

    /**
     * The names in a directory (links followed), sorted, at most {@code maxNames}: a directory on a hung /boot or
     * ESP must not hold the reboot any more than a file on it.
     *
     * @throws java.nio.file.NoSuchFileException when there is nothing at the path
     * @throws Refused when it is not a directory, holds more than maxNames, or does not answer within the limit
     */
    public static java.util.List<String> directory(Path dir, int maxNames, Duration limit) throws IOException {
        Reader reader = new Reader(dir, maxNames, false);
        reader.listing = true;
        run(reader, limit);
        return reader.names;
    }

    /** What is at a path, in words, links followed: "a FIFO", "a directory", "a regular file", … */
    public static String kind(Path file) throws IOException {
        Object mode = Files.getAttribute(file, "unix:mode");
        return kindOfMode(mode instanceof Integer m ? m : 0);
    }

    /** The file type bits of st_mode, in words. */
    public static String kindOfMode(int mode) {
        switch (mode & 0170000) {
            case 0100000:
                return "a regular file";
            case 0040000:
                return "a directory";
            case 0010000:
                return "a FIFO";
            case 0020000:
                return "a character device";
            case 0060000:
                return "a block device";
            case 0140000:
                return "a socket";
            case 0120000:
                return "a symbolic link";
            default:
                return "not a regular file";
        }
    }

    private static byte[] run(Reader reader, Duration limit) throws IOException {
        reader.start();
        try {
            reader.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (reader) {
            if (reader.failure != null) {
                throw reader.failure;
            }
            if (reader.bytes != null) {
                return reader.bytes;
            }
        }
        throw new Refused("did not answer within " + limit.toSeconds() + " seconds");
    }

    /** The read itself (a Thread subclass: a lambda would cost a bootstrap at every reboot). */
    private static final class Reader extends Thread {
        private final Path file;
        private final int maxBytes;
        private final boolean regularOnly;
        /** Not negative: a read of a region of a block device or a regular file ({@link #region}). */
        private long offset = -1;
        /** A listing of a directory ({@link #directory}): its names come in {@link #names}. */
        private boolean listing;
        private java.util.List<String> names;
        private byte[] bytes;
        private IOException failure;

        Reader(Path file, int maxBytes, boolean regularOnly) {
            super("bounded-read");
            this.file = file;
            this.maxBytes = maxBytes;
            this.regularOnly = regularOnly;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] read = null;
            IOException failed = null;
            try {
                read = read();
            } catch (IOException e) {
                failed = e;
            } catch (RuntimeException e) {
                failed = new IOException(e.toString());
            }
            synchronized (this) {
                bytes = read;
                failure = failed;
            }
        }

        private byte[] read() throws IOException {
            if (listing) {
                String kind = kind(file);
                if (!kind.equals("a directory")) {
                    throw new Refused("is " + kind + ", not a directory");
                }
                java.util.List<String> found = new java.util.ArrayList<>();
                try (java.nio.file.DirectoryStream<Path> stream = Files.newDirectoryStream(file)) {
                    for (Path entry : stream) {
                        if (found.size() == maxBytes) {
                            throw new Refused("holds more than " + maxBytes + " names");
                        }
                        found.add(entry.getFileName().toString());
                    }
                }
                java.util.Collections.sort(found);
                names = found;
                return new byte[0];
            }
            if (offset >= 0) {
                String kind = kind(file);
                if (!kind.equals("a regular file") && !kind.equals("a block device")) {
                    throw new Refused("is " + kind + ", not a block device or a regular file");
                }
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(maxBytes);
                    while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                        // a short read is not the end: read on until the region is full or the file ends
                    }
                    return java.util.Arrays.copyOf(buffer.array(), buffer.position());
                }
            }
            if (regularOnly) {
                String kind = kind(file); // stat, links followed: NoSuchFileException when nothing is there
                if (!kind.equals("a regular file")) {
                    throw new Refused("is " + kind + ", not a regular file");
                }
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] read = in.readNBytes(maxBytes + 1);
                if (read.length > maxBytes) {
                    throw new Refused("is larger than " + sizeInWords(maxBytes));
                }
                return read;
            }
        }
    }

    /** 1 MiB, 64 KiB, 4096 bytes. */
    public static String sizeInWords(long bytes) {
        if (bytes >= (1 << 20) && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }
}
