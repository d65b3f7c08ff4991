package org.kexecreboot.efi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.kexecreboot.BoundedRead;
import org.kexecreboot.SystemFiles;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.console.OneLine;

/**
 * UEFI variables as the kernel presents them in efivarfs ({@code /sys/firmware/efi/efivars}): one
 * file per variable, {@code NAME-GUID}, holding the variable's attributes (4 bytes, little-endian)
 * followed by its data.
 *
 * <p>Why bounded: every read of such a file is a call into the firmware's runtime services, which
 * can be slow or, on a broken firmware, never return; and a variable can be large. So each read runs
 * under {@link BoundedRead} (a time bound, a size bound) and a file that is not a regular file is
 * not opened. Nothing here writes: a variable that the boot loader would consume is consumed by the
 * caller, deliberately, elsewhere.
 */
public final class EfiVariables {

    /** EFI_GLOBAL_VARIABLE: BootNext, BootCurrent, BootOrder, OsIndications, … (UEFI spec 3.3). */
    public static final String GLOBAL = "8be4df61-93ca-11d2-aa0d-00e098032b8c";

    /** systemd-boot's vendor GUID: LoaderInfo, LoaderEntryOneShot, LoaderEntryDefault, … (systemd's Boot Loader Interface). */
    public static final String LOADER = "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f";

    /** The variables read here are a few bytes to a few KiB (a Boot#### load option with its device path). */
    public static final int MAX_BYTES = 64 * 1024;

    /** The firmware answers in milliseconds; a second is already a broken one. */
    public static final Duration LIMIT = Duration.ofSeconds(2);

    /** What a read found. */
    public sealed interface Read {
        /** No such variable (or no efivarfs: a BIOS machine, or efivarfs not mounted). */
        record Absent() implements Read {
        }

        /**
         * The variable.
         *
         * @param attributes EFI_VARIABLE_NON_VOLATILE (1), BOOTSERVICE_ACCESS (2), RUNTIME_ACCESS (4), …
         * @param data the variable's data, without the attribute bytes
         */
        record Value(int attributes, byte[] data) implements Read {
            public Value {
                data = data.clone();
            }

            @Override
            public byte[] data() {
                return data.clone();
            }

            /** Exactly 2 bytes, little-endian (BootNext, BootCurrent), else null. */
            public Integer uint16() {
                return data.length == 2 ? (data[0] & 0xff) | (data[1] & 0xff) << 8 : null;
            }

            /** Exactly 8 bytes, little-endian (OsIndications, OsIndicationsSupported), else null. */
            public Long uint64() {
                if (data.length != 8) {
                    return null;
                }
                long value = 0;
                for (int i = 7; i >= 0; i--) {
                    value = value << 8 | (data[i] & 0xff);
                }
                return value;
            }

            /**
             * UTF-16LE text up to its first NUL, as systemd-boot writes its strings (LoaderInfo,
             * LoaderEntryOneShot); null when the data is not whole UTF-16 code units.
             */
            public String utf16() {
                if (data.length % 2 != 0) {
                    return null;
                }
                int end = 0;
                while (end < data.length && (data[end] != 0 || data[end + 1] != 0)) {
                    end += 2;
                }
                return new String(data, 0, end, StandardCharsets.UTF_16LE);
            }

            /**
             * The description of a Boot#### variable (an EFI_LOAD_OPTION: UINT32 attributes, UINT16
             * length of the device path list, then the description as NUL-terminated UTF-16LE, UEFI spec
             * 3.1.3), as the firmware's boot menu shows it; null when the data is not such an option.
             */
            public String loadOptionDescription() {
                int start = 6;
                for (int end = start; end + 1 < data.length; end += 2) {
                    if (data[end] == 0 && data[end + 1] == 0) {
                        return new String(data, start, end - start, StandardCharsets.UTF_16LE);
                    }
                }
                return null;
            }

            @Override
            public boolean equals(Object other) {
                return other instanceof Value v && v.attributes == attributes && Arrays.equals(v.data, data);
            }

            @Override
            public int hashCode() {
                return 31 * attributes + Arrays.hashCode(data);
            }

            @Override
            public String toString() {
                return "Value[attributes=" + attributes + ", " + data.length + " bytes]";
            }
        }

        /**
         * There, but not readable as a variable: no answer within the bound, too large, shorter than its
         * attributes, not a regular file, permission denied. {@code why} is a phrase for a sysadmin.
         */
        record Unreadable(String why) implements Read {
        }
    }

    private final Path directory;

    public EfiVariables(SystemPaths paths) {
        this.directory = paths.efiVariables();
    }

    /** Whether efivarfs is there at all (a UEFI machine with it mounted). */
    public boolean available() {
        return Files.isDirectory(directory);
    }

    /** The file of a variable: {@code NAME-GUID}. */
    public Path file(String name, String guid) {
        return directory.resolve(name + "-" + guid);
    }

    /** Reads one variable, bounded in time and size; never throws. */
    public Read read(String name, String guid) {
        Path file = file(name, guid);
        byte[] bytes;
        try {
            bytes = BoundedRead.regularFile(file, MAX_BYTES + 4, LIMIT);
        } catch (NoSuchFileException e) {
            return new Read.Absent();
        } catch (IOException e) {
            return new Read.Unreadable(file.getFileName() + " " + SystemFiles.reason(e));
        }
        return decode(file.getFileName().toString(), bytes);
    }

    /** The efivarfs layout: 4 attribute bytes (little-endian), then the data. */
    static Read decode(String fileName, byte[] bytes) {
        if (bytes.length < 4) {
            return new Read.Unreadable(fileName + " is " + bytes.length
                    + " bytes long, shorter than a variable's 4 attribute bytes");
        }
        int attributes = (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8 | (bytes[2] & 0xff) << 16 | (bytes[3] & 0xff) << 24;
        return new Read.Value(attributes, Arrays.copyOfRange(bytes, 4, bytes.length));
    }

    /**
     * The bytes efivarfs shows for a variable: for tests and fake roots that lay out variables as the
     * kernel presents them.
     */
    public static byte[] encode(int attributes, byte[] data) {
        byte[] bytes = new byte[4 + data.length];
        bytes[0] = (byte) attributes;
        bytes[1] = (byte) (attributes >>> 8);
        bytes[2] = (byte) (attributes >>> 16);
        bytes[3] = (byte) (attributes >>> 24);
        System.arraycopy(data, 0, bytes, 4, data.length);
        return bytes;
    }

    /** The longest piece of a variable's text put into a line (a description, an entry's id). */
    static final int SHOWN_CHARS = 100;

    /**
     * A variable's text as a piece of one line: control characters escaped, at most
     * {@value #SHOWN_CHARS} characters (anything can be written into a variable).
     */
    public static String shown(String text) {
        String cut = text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) + "..." : text;
        return OneLine.escape(cut);
    }

    /** NON_VOLATILE | BOOTSERVICE_ACCESS | RUNTIME_ACCESS: what BootNext and systemd-boot's variables carry. */
    public static final int NV_BS_RT = 0x7;
}
