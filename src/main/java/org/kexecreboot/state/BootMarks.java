package org.kexecreboot.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.console.OneLine;

/**
 * The circuit breaker's two marks in /var/lib/kexec-reboot, each a few lines of {@code key=value}:
 *
 * <ul>
 * <li>{@code pending}: kexec-load (or {@code kexec-reboot now}) loaded a kernel in boot
 * {@code boot_id}; the boot after it has not said yet that it reached its target. Written after
 * each successful load, removed by {@code kexec-reboot boot-complete} in a boot that came through
 * kexec.
 * <li>{@code tripped}: a boot that came through the firmware found {@code pending} of an earlier
 * boot: the kexec'd boot never completed (it hung and was reset, or kexec -e itself failed).
 * </ul>
 *
 * Both are removed when a reboot goes through the firmware because of them: the breaker trips once.
 * Every read and write is bounded in time (a thread of its own, as {@link BoundedRead}) and size.
 */
public final class BootMarks {

    public static final String PENDING = "pending";
    public static final String TRIPPED = "tripped";
    /** A mark is a few short lines; anything larger is not ours. */
    static final int MAX_BYTES = 4096;
    static final Duration LIMIT = Duration.ofSeconds(2);

    /**
     * One mark.
     *
     * @param bootId the boot that loaded the kernel ("" when it could not be read then)
     * @param kernel the kernel loaded
     * @param time when, in seconds since the epoch
     * @param foundIn the boot that found the kexec'd boot had not completed (tripped only), else ""
     */
    public record Mark(String bootId, String kernel, long time, String foundIn) {

        String text() {
            return "boot_id=" + bootId + "\nkernel=" + OneLine.escape(kernel) + "\ntime=" + time + "\n"
                    + (foundIn.isEmpty() ? "" : "found_in=" + foundIn + "\n");
        }

        static Mark parse(String text) {
            Map<String, String> fields = fields(text, "\n");
            long time = number(fields, "time", 0);
            return new Mark(fields.getOrDefault("boot_id", ""), fields.getOrDefault("kernel", ""), time,
                    fields.getOrDefault("found_in", ""));
        }

        /** "boot 1f0e…" (the first 8 hex digits: enough to tell boots apart in a line). */
        public static String boot(String bootId) {
            return bootId.isEmpty() ? "an unknown boot" : "boot " + (bootId.length() > 8 ? bootId.substring(0, 8) : bootId);
        }
    }

    /** A mark as read. */
    public sealed interface Read {
        /** The mark is there. */
        record Present(Mark mark) implements Read {
        }

        /** No such mark: nothing pending, nothing tripped. */
        record Absent() implements Read {
        }

        /** Something is there that cannot be read as a mark now (refused, too slow, larger than a mark). */
        record Unreadable(String why) implements Read {
        }
    }

    private BootMarks() {
    }

    /**
     * The {@code key=value} fields of a mark (or of any record of this directory), split at
     * {@code separator}; a part without "=" is not a field. The last of a key given twice stands.
     */
    static Map<String, String> fields(String text, String separator) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.split(separator)) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    /** A whole number of a record's fields, or {@code otherwise} when it is absent or not one. */
    static long number(Map<String, String> fields, String key, long otherwise) {
        try {
            return Long.parseLong(fields.getOrDefault(key, ""));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** This boot's boot_id, or "" when it cannot be read. */
    public static String currentBoot(SystemPaths paths) {
        try {
            return new String(BoundedRead.anyFile(paths.bootId(), 64, LIMIT), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    public static Read read(SystemPaths paths, String name) {
        Path file = paths.stateDir().resolve(name);
        try {
            return new Read.Present(Mark.parse(new String(BoundedRead.regularFile(file, MAX_BYTES, LIMIT),
                    StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            return new Read.Absent();
        } catch (IOException e) {
            return new Read.Unreadable(SystemPaths.STATE_DIR + "/" + name + " cannot be read (" + SystemFiles.reason(e) + ")");
        }
    }

    /**
     * Writes a mark (a new file renamed over the old: never half a mark), bounded.
     *
     * @return null when written; else why not, or "" when the file system is read-only (nothing to say:
     *     a read-only /var records nothing, by the admin's choice)
     */
    public static String write(SystemPaths paths, String name, Mark mark) {
        return writeText(paths, name, mark.text());
    }

    /** Any file of the state directory, written as a mark is (see {@link #write}). */
    static String writeText(SystemPaths paths, String name, String text) {
        return writeIn(paths.stateDir(), SystemPaths.STATE_DIR, name, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A file of {@code dir} (as the running system names it: {@code shownDir}), written as a mark is,
     * or removed when {@code content} is null.
     */
    static String writeIn(Path dir, String shownDir, String name, byte[] content) {
        return new Writer(dir, shownDir, name, content).run(LIMIT);
    }

    /**
     * A load of this boot was undone ({@code kexec -u}): its pending mark goes too, or the boot after
     * this one, through the firmware, would take the kexec'd boot for one that never completed.
     *
     * @return null when there is no such mark any more, else why it is still there ("" read-only)
     */
    public static String forgetLoadOfThisBoot(SystemPaths paths) {
        String current = currentBoot(paths);
        if (!(read(paths, PENDING) instanceof Read.Present pending) || current.isEmpty()
                || !current.equals(pending.mark().bootId())) {
            return null;
        }
        return remove(paths, PENDING);
    }

    /** Removes a mark, bounded; null when it is gone, else why not. */
    public static String remove(SystemPaths paths, String name) {
        return writeIn(paths.stateDir(), SystemPaths.STATE_DIR, name, null);
    }

    /** The write or removal, in a daemon thread of its own: a hung /var must not hold the reboot. */
    private static final class Writer extends Thread {
        private final Path dir;
        private final String shownDir;
        private final String name;
        private final byte[] content;
        private String problem;
        private boolean done;

        Writer(Path dir, String shownDir, String name, byte[] content) {
            super("boot-mark");
            setDaemon(true);
            this.dir = dir;
            this.shownDir = shownDir;
            this.name = name;
            this.content = content;
        }

        String run(Duration limit) {
            start();
            try {
                join(limit.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                if (!done) {
                    return shownDir + "/" + name + " did not answer within " + limit.toSeconds() + " seconds";
                }
                return problem;
            }
        }

        @Override
        public void run() {
            String failed = null;
            try {
                if (content == null) {
                    Files.deleteIfExists(dir.resolve(name));
                } else {
                    Files.createDirectories(dir);
                    // A name of this writer's own: two loads at once (kexec-load and `kexec-reboot now`)
                    // must not rename each other's file away. (No ProcessHandle: its class bootstraps
                    // lambdas, milliseconds at every reboot.)
                    Path next = dir.resolve(name + "." + System.nanoTime() + "-" + getId() + ".new");
                    try {
                        Files.write(next, content);
                        Files.move(next, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(next);
                    }
                }
            } catch (FileSystemException e) {
                failed = readOnly(e) ? "" : shownDir + "/" + name + ": " + SystemFiles.reason(e);
            } catch (IOException | RuntimeException e) {
                failed = shownDir + "/" + name + ": " + e.getMessage();
            }
            synchronized (this) {
                problem = failed;
                done = true;
            }
        }

        private static boolean readOnly(FileSystemException e) {
            return e.getReason() != null && e.getReason().contains("Read-only file system");
        }
    }
}
