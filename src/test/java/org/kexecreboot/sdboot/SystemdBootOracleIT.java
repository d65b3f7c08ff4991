package org.kexecreboot.sdboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexecreboot.SystemPaths;
import org.kexecreboot.boot.Trace;

/**
 * systemd's own bootctl as the oracle of menu order and default: for generated ESPs (versions of every shape the
 * version format has, sort keys, machine ids, boot counters with tries left and none, loader.conf defaults as
 * globs and names), {@code bootctl list} orders the entries and marks the default with the code systemd-boot shares
 * (src/shared/bootspec.c); the project must order and pick the same. bootctl wants the ESP to be a mount point: each
 * case is bind-mounted on itself in a mount namespace of its own (root only), with systemd's relaxed checks for the
 * file system type. Names are lower case: bootctl keeps the case of ids where systemd-boot folds them (the unit
 * tests hold the folding).
 *
 * <p>bootctl comes from Debian's systemd-boot package: {@code -Dbootctl=PATH} (.ci/run unpacks it into its cache and
 * sets it, with {@code -Dsdboot.oracle=required}), else /usr/bin/bootctl; without one the test is skipped.
 */
class SystemdBootOracleIT {

    static final int CASES = 120;

    /** Versions of every shape: numbers longer and shorter, Debian's ABI numbers, ~ pre-releases, ^ patches, letters. */
    static final String[] VERSIONS = {"6.1.0-9-amd64", "6.1.0-10-amd64", "6.12.9", "6.9.0", "6.12.9~rc1", "6.12.9^p1",
        "5.10.0-28-amd64", "6.12.9a", "6.12.9.a", "6.012.9", "6.12"};

    static final String[] NAMES = {"debian-6.1", "debian-6.12", "debian-6.9", "fedora-40", "fedora-41", "aa", "zz-6.1.0-10",
        "zz-6.1.0-9", "x"};

    static final String[] COUNTERS = {"", "", "", "+3", "+2-1", "+0-3", "+1-0"};

    @TempDir
    Path work;

    @Test
    void projectOrdersAndPicksAsBootctl() throws Exception {
        Path bootctl = Paths.get(System.getProperty("bootctl", "/usr/bin/bootctl"));
        boolean present = Files.isExecutable(bootctl) && Files.isExecutable(Paths.get("/usr/bin/unshare"));
        if (!present && "required".equals(System.getProperty("sdboot.oracle"))) {
            fail("sdboot.oracle=required, but " + bootctl + " (systemd-boot's bootctl) or unshare is missing");
        }
        Assumptions.assumeTrue(present, bootctl + " is not installed");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "bind mounts need root");

        Random random = new Random(22);
        Map<String, Path> cases = new LinkedHashMap<>();
        for (int i = 0; i < CASES; i++) {
            String name = String.format("case%03d", i);
            Path esp = work.resolve(name);
            generate(esp, random);
            cases.put(name, esp);
        }
        Map<String, List<String>> bootctlSays = bootctl(bootctl, cases);
        int compared = 0;
        int autoEntries = 0;
        for (Map.Entry<String, Path> c : cases.entrySet()) {
            List<String> listed = bootctlSays.get(c.getKey());
            assertTrue(listed != null, c.getKey() + ": bootctl printed nothing");
            // The project, on a root whose /efi is this case's ESP.
            Path root = work.resolve("root-" + c.getKey());
            Files.createDirectories(root);
            Files.createSymbolicLink(root.resolve("efi"), c.getValue());
            SystemdBoot sdboot = new SystemdBoot(new SystemPaths(root), "x64");
            SystemdBoot.Menu menu = sdboot.menu(List.of("/efi"), new Trace());
            List<String> ours = new ArrayList<>();
            for (BootEntry entry : menu.entries()) {
                ours.add(entry.id());
            }
            SystemdBoot.Pick pick = sdboot.pick(menu, new Trace());
            String ourDefault = pick.entry() == null ? "(none)" : pick.entry().id();
            List<String> theirs = new ArrayList<>();
            String theirDefault = "(none)";
            for (String line : listed) {
                String id = line.startsWith("*") ? line.substring(1) : line;
                theirs.add(id);
                if (line.startsWith("*")) {
                    theirDefault = id;
                }
            }
            String files = String.join(" ", names(c.getValue().resolve("loader/entries")));
            assertEquals(theirs, ours, c.getKey() + " menu order of " + files);
            if (pick.entry() == null && pick.refused() != null && pick.refused().why().contains("systemd-boot's own entry")) {
                // systemd-boot appends its own entries (auto-reboot-to-firmware-setup, auto-efi-shell …) after the sort,
                // and a pattern that matches no Linux entry can match one of those; bootctl lists only what the loader
                // reported, here nothing. The project goes through the firmware then, which is right whatever they are.
                autoEntries++;
            } else {
                assertEquals(theirDefault, ourDefault, c.getKey() + " default of " + files);
            }
            compared++;
        }
        System.out.println("systemd-boot oracle: " + compared + " generated ESPs, menu order and default as "
                + bootctl + " lists them (" + autoEntries + " with a default that can name systemd-boot's own entries:"
                + " the order only)");
    }

    /**
     * Real entries: systemd's kernel-install (its 90-loaderentry plugin, the BLS layout) installs three kernels into a
     * tmpfs ESP, bootctl lists them, and the project loads what bootctl marks as the default, with the kernel, initrd
     * and options kernel-install wrote.
     */
    @Test
    void entriesKernelInstallWritesLoadAsSystemdBootBootsThem() throws Exception {
        Path bootctl = Paths.get(System.getProperty("bootctl", "/usr/bin/bootctl"));
        Path kernelInstall = Paths.get("/usr/bin/kernel-install");
        boolean present = Files.isExecutable(bootctl) && Files.isExecutable(kernelInstall);
        if (!present && "required".equals(System.getProperty("sdboot.oracle"))) {
            fail("sdboot.oracle=required, but " + bootctl + " or " + kernelInstall + " (systemd) is missing");
        }
        Assumptions.assumeTrue(present, bootctl + " or " + kernelInstall + " is not installed");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "a tmpfs ESP needs root");
        Path conf = Files.createDirectories(work.resolve("conf"));
        Files.writeString(conf.resolve("install.conf"), "layout=bls\n");
        Files.writeString(conf.resolve("cmdline"), "root=UUID=1234 ro quiet\n");
        Files.writeString(work.resolve("vmlinuz"), "kernel");
        Files.writeString(work.resolve("initrd.img"), "initrd");
        Path esp = Files.createDirectories(work.resolve("esp"));
        Path copy = Files.createDirectories(work.resolve("copy"));
        Path script = work.resolve("install.sh");
        String machine = "0123456789abcdef0123456789abcdef";
        Files.writeString(script, String.join("\n",
                "set -eu",
                "mount -t tmpfs esp \"$1\"",
                "for v in 6.1.0-9-amd64 6.12.9-amd64 6.1.0-10-amd64; do",
                "  KERNEL_INSTALL_CONF_ROOT=\"$3\" BOOT_ROOT=\"$1\" MACHINE_ID=" + machine + " " + kernelInstall
                        + " add \"$v\" \"$4/vmlinuz\" \"$4/initrd.img\" >/dev/null",
                "done",
                "SYSTEMD_RELAX_ESP_CHECKS=1 SYSTEMD_RELAX_XBOOTLDR_CHECKS=1 \"" + bootctl
                        + "\" --esp-path=\"$1\" --boot-path=\"$1\" --no-pager list",
                "cp -a \"$1/.\" \"$2/\"", ""));
        Path out = work.resolve("install.out");
        Process process = new ProcessBuilder("/usr/bin/timeout", "-k", "5", "120", "/usr/bin/unshare", "-m",
                "--propagation", "private", "/bin/sh", script.toString(), esp.toString(), copy.toString(),
                conf.toString(), work.toString()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).start();
        assertTrue(process.waitFor(130, TimeUnit.SECONDS), "kernel-install did not end");
        String listed = Files.readString(out);
        assertEquals(0, process.exitValue(), listed);
        String theirDefault = null;
        boolean isDefault = false;
        for (String line : listed.split("\n")) {
            String t = line.strip();
            if (t.startsWith("title:")) {
                isDefault = t.contains("(default)");
            } else if (t.startsWith("id:") && isDefault) {
                theirDefault = t.substring(3).strip();
            }
        }
        Path root = Files.createDirectories(work.resolve("root"));
        Files.createSymbolicLink(root.resolve("efi"), copy);
        SystemdBoot.Choice.Linux chosen = (SystemdBoot.Choice.Linux) new SystemdBoot(new SystemPaths(root), "x64")
                .choose(List.of("/efi"), new Trace());
        assertEquals(machine + "-6.12.9-amd64.conf", theirDefault, listed);
        assertEquals(theirDefault, chosen.id());
        assertEquals("/efi/" + machine + "/6.12.9-amd64/linux", chosen.kernel());
        assertEquals(List.of("/efi/" + machine + "/6.12.9-amd64/initrd.img"), chosen.initrds());
        assertEquals("root=UUID=1234 ro quiet systemd.machine_id=" + machine, chosen.options());
        System.out.println("systemd-boot oracle: kernel-install's three entries, default " + chosen.id()
                + " as bootctl marks it");
    }

    /** An ESP of 1 to 6 entries (and their kernels), maybe with a loader.conf default. */
    private static void generate(Path esp, Random random) throws IOException {
        Path entries = Files.createDirectories(esp.resolve("loader/entries"));
        Files.writeString(esp.resolve("k"), "kernel");
        int n = 1 + random.nextInt(6);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String base = NAMES[random.nextInt(NAMES.length)];
            String counter = COUNTERS[random.nextInt(COUNTERS.length)];
            String file = base + counter + ".conf";
            if (ids.contains(base.toLowerCase() + ".conf") || Files.exists(entries.resolve(file))) {
                continue; // one file per id: two of one id sort as the directory happens to list them
            }
            ids.add(base.toLowerCase() + ".conf");
            StringBuilder text = new StringBuilder("title Debian\n");
            if (random.nextInt(3) > 0) {
                text.append("version ").append(VERSIONS[random.nextInt(VERSIONS.length)]).append('\n');
            }
            if (random.nextInt(3) > 0) {
                text.append("sort-key ").append(random.nextBoolean() ? "debian" : "fedora").append('\n');
            }
            if (random.nextBoolean()) {
                text.append("machine-id ").append(random.nextBoolean() ? "0123456789abcdef0123456789abcdef"
                        : "fedcba9876543210fedcba9876543210").append('\n');
            }
            text.append("options root=UUID=r ro\nlinux /k\n");
            Files.writeString(entries.resolve(file), text, StandardCharsets.UTF_8);
        }
        String[] defaults = {null, null, "debian-*", "*", "*6.1*", "fedora-4?.conf", "x.conf", "nothing", "[a-f]*"};
        String pick = defaults[random.nextInt(defaults.length)];
        if (pick == null && random.nextBoolean() && !ids.isEmpty()) {
            pick = ids.get(random.nextInt(ids.size())); // a name
        }
        if (pick != null) {
            Files.writeString(Files.createDirectories(esp.resolve("loader")).resolve("loader.conf"),
                    "timeout 3\ndefault " + pick + "\n");
        }
    }

    /** bootctl list of each ESP: its ids in menu order, the default one marked with a leading "*". */
    private Map<String, List<String>> bootctl(Path bootctl, Map<String, Path> cases) throws Exception {
        Path script = work.resolve("oracle.sh");
        Files.writeString(script, String.join("\n",
                "set -u",
                "export SYSTEMD_RELAX_ESP_CHECKS=1 SYSTEMD_RELAX_XBOOTLDR_CHECKS=1 SYSTEMD_PAGER=cat",
                "for d in \"$@\"; do",
                "  mount --bind \"$d\" \"$d\" || exit 3",
                "  echo \"=== ${d##*/}\"",
                "  \"" + bootctl + "\" --esp-path=\"$d\" --boot-path=\"$d\" --no-pager list 2>&1",
                "  umount \"$d\"",
                "done", ""));
        List<String> argv = new ArrayList<>(List.of("/usr/bin/timeout", "-k", "5", "300", "/usr/bin/unshare", "-m",
                "--propagation", "private", "/bin/sh", script.toString()));
        for (Path esp : cases.values()) {
            argv.add(esp.toString());
        }
        Path out = work.resolve("bootctl.out");
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).start();
        assertTrue(process.waitFor(320, TimeUnit.SECONDS), "bootctl did not end");
        assertEquals(0, process.exitValue(), Files.readString(out));
        Map<String, List<String>> said = new LinkedHashMap<>();
        List<String> current = null;
        boolean isDefault = false;
        for (String line : Files.readAllLines(out)) {
            String t = line.strip();
            if (t.startsWith("=== ")) {
                current = new ArrayList<>();
                said.put(t.substring(4), current);
            } else if (t.startsWith("title:")) {
                isDefault = t.contains("(default)");
            } else if (t.startsWith("id:") && current != null) {
                current.add((isDefault ? "*" : "") + t.substring(3).strip());
            }
        }
        return said;
    }

    private static List<String> names(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
