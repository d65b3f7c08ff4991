package org.kexecreboot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GRUB entry whose kernel is on another file system than grub.cfg's (os-prober's entry for a second Linux), on
 * real file systems: a separate /boot and the other system's file system are ext4 images on loop devices, mounted in
 * a private mount namespace under a root that `kexec-reboot plan --root` reads, with udev's by-uuid and by-label
 * links to the loop devices and a mount table naming them. GRUB reads that entry's files from the other file system;
 * we read them where it is mounted, only there, and nothing when it is not mounted. (The VM test's 4-grub does the
 * same with the machine's own udev and /proc/self/mountinfo.)
 */
class MountedFileSystemIT {

    private static final String BOOT_UUID = "1b1b1b1b-0000-4000-8000-000000000001";
    private static final String OTHER_UUID = "2c2c2c2c-0000-4000-8000-000000000002";
    private static final String ABSENT_UUID = "3d3d3d3d-0000-4000-8000-000000000003";

    /** Three runs of plan, one per default entry; each run's output after a "== N" line. */
    private static final String SCRIPT = """
            set -eu
            w=$1; project=$2; links=$3; R=$w/root
            mkdir -p "$R/boot" "$R/mnt/other" "$R/etc/default" "$R/sbin" "$R/sys/kernel" "$R/proc/self" "$R/dev/disk/by-uuid" "$R/dev/disk/by-label"
            ulimit -f 65536; umask 022
            chmod 755 "$w"  # plan --root reads the image's /etc/default/kexec as nobody
            truncate -s 8M "$w/boot.img" "$w/other.img"
            mkfs.ext4 -q -U %1$s -L boot "$w/boot.img"
            mkfs.ext4 -q -U %2$s -L other "$w/other.img"
            mount -o loop "$w/boot.img" "$R/boot"
            mount -o loop "$w/other.img" "$R/mnt/other"
            mkdir -p "$R/boot/grub" "$R/mnt/other/boot" "$R/mnt/other/inner"
            echo this-kernel > "$R/boot/vmlinuz-other"
            echo other-kernel > "$R/mnt/other/boot/vmlinuz-other"
            echo other-initrd > "$R/mnt/other/boot/initrd-other"
            mount -t tmpfs inner "$R/mnt/other/inner"
            echo a-kernel-on-a-mount-inside-it > "$R/mnt/other/inner/vmlinuz"
            boot_dev=$(findmnt -n -o SOURCE "$R/boot"); other_dev=$(findmnt -n -o SOURCE "$R/mnt/other")
            if [ "$links" = udev ]; then
              ln -s "$boot_dev" "$R/dev/disk/by-uuid/%1$s"; ln -s "$other_dev" "$R/dev/disk/by-uuid/%2$s"
              ln -s "$boot_dev" "$R/dev/disk/by-label/boot"; ln -s "$other_dev" "$R/dev/disk/by-label/other"
            elif [ "$links" = no-udev ]; then  # a container, a minimal system, udev not settled: nodes, no /dev/disk
              rm -r "$R/dev/disk"; cp -a "$boot_dev" "$other_dev" "$R/dev/"
            else  # and no node for /boot's device either: its file system cannot be told
              rm -r "$R/dev/disk"; cp -a "$other_dev" "$R/dev/"
            fi
            majmin() { printf '%%d:%%d' "0x$(stat -L -c %%t "$1")" "0x$(stat -L -c %%T "$1")"; }
            printf '21 1 0:30 / / rw - tmpfs fr rw\\n22 21 %%s / /boot rw - ext4 %%s rw\\n23 21 %%s / /mnt/other rw - ext4 %%s rw\\n' \\
                "$(majmin "$boot_dev")" "$boot_dev" "$(majmin "$other_dev")" "$other_dev" > "$R/proc/self/mountinfo"
            printf 'LOAD_KEXEC=true\\nUSE_GRUB_CONFIG=true\\n' > "$R/etc/default/kexec"
            printf '#!/bin/sh\\nexit 0\\n' > "$R/sbin/kexec"; chmod 755 "$R/sbin/kexec"
            echo 0 > "$R/sys/kernel/kexec_loaded"; echo "root=/dev/sda1" > "$R/proc/cmdline"
            for n in 0 1 2; do
              cat > "$R/boot/grub/grub.cfg" <<CFG
            set default=$n
            menuentry 'Other Linux (mounted here)' {
            	search --no-floppy --fs-uuid --set=root %2$s
            	linux /boot/vmlinuz-other root=UUID=%2$s ro
            	initrd /boot/initrd-other
            }
            menuentry 'Other Linux (not mounted)' {
            	search --no-floppy --fs-uuid --set=root %3$s
            	linux /boot/vmlinuz-other root=UUID=%3$s ro
            }
            menuentry 'Other Linux (a mount inside it)' {
            	search --no-floppy --label --set=root other
            	linux /inner/vmlinuz root=LABEL=other ro
            }
            CFG
              echo "== $n"
              "$project/src/main/sh/kexec-reboot" plan --root "$R" 2>&1 || echo "exit $?"
            done
            """.formatted(BOOT_UUID, OTHER_UUID, ABSENT_UUID);

    @TempDir
    Path dir;

    @Test
    void theOtherFileSystemsFilesAreReadWhereItIsMountedAndOnlyThere() throws Exception {
        assertTheOtherFileSystemIsReadWhereItIsMounted(run("udev"));
    }

    /**
     * Issue 20: without udev's links the kernel still tells: the mount table's devices and their superblocks name
     * grub.cfg's file system (not the one searched for) and the mounted one that is.
     */
    @Test
    void withoutUdevTheSuperblocksOfTheMountedDevicesTell() throws Exception {
        assertTheOtherFileSystemIsReadWhereItIsMounted(run("no-udev"));
    }

    /**
     * Nothing tells what /boot's file system is (no udev, no node for its device): an entry's search is never taken
     * for it. The one searched for is still found by its superblock, mounted; one that is not mounted is refused.
     */
    @Test
    void whenGrubCfgsFileSystemCannotBeToldOnlyAMountedOneThatIsIsRead() throws Exception {
        String out = run("no-boot-node");
        String[] runs = out.split("(?m)^== [0-9]\n");
        assertEquals(4, runs.length, out);
        assertTrue(runs[1].contains("search fs-uuid " + OTHER_UUID + ": the file system; mounted at /mnt/other"), runs[1]);
        assertTrue(runs[1].contains("kexec -l /mnt/other/boot/vmlinuz-other --initrd=/mnt/other/boot/initrd-other"),
                runs[1]);
        assertTrue(runs[2].contains("\"Other Linux (not mounted)\" reads its kernel from the file system with UUID "
                + ABSENT_UUID + " (search --fs-uuid), which this system cannot identify as the one holding grub.cfg or"
                + " as one it has mounted: rebooting through the firmware and GRUB"), runs[2]);
        assertTrue(!runs[2].contains("kexec -l"), runs[2]);
        assertTrue(runs[3].contains("reads /mnt/other/inner/vmlinuz from the file system mounted at /mnt/other"), runs[3]);
    }

    private static void assertTheOtherFileSystemIsReadWhereItIsMounted(String out) {
        String[] runs = out.split("(?m)^== [0-9]\n");
        assertEquals(4, runs.length, out);
        String mounted = runs[1];
        assertTrue(mounted.contains("search fs-uuid " + OTHER_UUID + ": not the one holding grub.cfg; mounted at "
                + "/mnt/other, where"), mounted);
        // the mount point as this root sees it ("/mnt/other"), the files there, not /boot's file of the same name
        assertTrue(mounted.contains("kexec -l /mnt/other/boot/vmlinuz-other --initrd=/mnt/other/boot/initrd-other"
                + " '--append=root=UUID=" + OTHER_UUID + " ro'"), mounted);
        String notMounted = runs[2];
        assertTrue(notMounted.contains("boots a kernel on another file system (search fs-uuid " + ABSENT_UUID
                + "), not the one holding grub.cfg, and that file system is not mounted here"), notMounted);
        assertTrue(!notMounted.contains("kexec -l"), notMounted);
        String inner = runs[3];
        assertTrue(inner.contains("reads /mnt/other/inner/vmlinuz from the file system mounted at /mnt/other, but here"
                + " that path is on another file system"), inner);
        assertTrue(!inner.contains("kexec -l"), inner);
    }

    private String run(String links) throws Exception {
        Path project = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Process process = new ProcessBuilder(List.of("unshare", "--mount", "--propagation", "private", "--",
                "bash", "-c", SCRIPT, "mounted-fs-it", dir.toString(), project.toString(), links))
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the script did not finish: " + out);
        }
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}
