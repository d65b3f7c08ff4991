package org.kexecreboot.boot;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kexecreboot.grub.GrubChoice;
import org.kexecreboot.grub.GrubConfigException;
import org.kexecreboot.grub.GrubDefaultEntry;
import org.kexecreboot.grub.GrubEnv;
import org.kexecreboot.grub.GrubFiles;

/**
 * The differential test: GRUB 2.06 itself (Debian's grub-emu) runs every grub.cfg of the corpus, and what it boots
 * is compared with what the project reads from the same files. Expected values come from GRUB, not from our
 * reading of it.
 *
 * <p>How GRUB is made to say what it boots: grub-emu has no linux/initrd/chainloader commands, and GRUB looks a
 * name up among commands before script functions, so functions of those names, prepended to grub.cfg, print their
 * arguments (one per line, so spaces and empty words stay visible); {@code set timeout=0} appended makes the menu
 * boot its own default at once; {@code grub_platform} is set to the case's platform. Each file system of the case
 * (see {@link OracleCase}) becomes an ext4 image with its UUID and label, so that {@code search}, file tests and
 * {@code load_env} see the files the project reads; grub-emu runs chrooted in a private mount namespace
 * ({@code src/test/grub-oracle/grub-emu-run}), bounded in time, and is killed once its first boot attempt is over.
 *
 * <p>Runs when grub-emu and mkfs.ext4 are installed; with {@code -Dgrub.oracle=required} (as .ci/run sets it) a
 * missing grub-emu fails instead of skipping.
 */
class GrubOracleIT {

    /** In a case directory: the project is known to differ from GRUB there, for the reason the file gives. */
    static final String KNOWN_DIFFERENCE = "known-difference";
    static final Path EMU_RUN = Paths.get("src/test/grub-oracle/grub-emu-run");
    private static final List<String> LINUX = List.of("linux", "linux16", "linuxefi");
    private static final List<String> INITRD = List.of("initrd", "initrd16", "initrdefi");
    private static final List<String> OTHER = List.of("chainloader", "fwsetup", "ntldr", "multiboot", "multiboot2",
            "kfreebsd", "knetbsd", "kopenbsd", "appleloader", "xnu_kernel", "xnu_kernel64", "freedos", "plan9",
            "truecrypt", "bsd");

    private static final Map<String, String> OUTCOMES = new java.util.TreeMap<>();

    static Stream<Path> cases() throws Exception {
        Path root = Paths.get(GrubOracleIT.class.getResource("/grub-corpus").toURI());
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @BeforeAll
    static void grubEmuIsThere() {
        boolean present = Files.isExecutable(Paths.get("/usr/bin/grub-emu"))
                && (Files.isExecutable(Paths.get("/sbin/mkfs.ext4")) || Files.isExecutable(Paths.get("/usr/sbin/mkfs.ext4")))
                && Files.isExecutable(Paths.get("/usr/sbin/mkfs.vfat")) && Files.isExecutable(Paths.get("/usr/bin/mcopy"));
        if (!present && "required".equals(System.getProperty("grub.oracle"))) {
            fail("grub.oracle=required, but grub-emu, mkfs.ext4, mkfs.vfat or mcopy is missing"
                    + " (apt-get install grub-emu e2fsprogs dosfstools mtools)");
        }
        Assumptions.assumeTrue(present, "grub-emu, mkfs.ext4, mkfs.vfat or mcopy is not installed");
    }

    @AfterAll
    static void summary() {
        if (OUTCOMES.isEmpty()) {
            return;
        }
        Map<String, Integer> counts = new java.util.TreeMap<>();
        StringBuilder lines = new StringBuilder("GRUB oracle: what grub-emu (GRUB 2.06) booted, against the project:\n");
        for (Map.Entry<String, String> e : OUTCOMES.entrySet()) {
            String kind = e.getValue().split(":", 2)[0];
            counts.merge(kind, 1, Integer::sum);
            lines.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        lines.append("GRUB oracle: ").append(OUTCOMES.size()).append(" files; ").append(counts);
        System.out.println(lines);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void projectBootsWhatGrubBoots(Path dir) throws Exception {
        String name = dir.getFileName().toString();
        OracleCase c = OracleCase.read(dir);
        Path work = Files.createTempDirectory("grub-oracle-");
        try {
            GrubRun grub = runGrub(c, work);
            String project;
            GrubChoice choice = null;
            try {
                // file tests on the tree GRUB's image was made from (the file system holding grub.cfg, hd0)
                Path tree = work.resolve("tree-0");
                OracleCase.FileSystem holder = c.fileSystems().get(0);
                choice = GrubDefaultEntry.resolve(c.grubCfg(), c.env(), new GrubFiles() {
                    @Override
                    public Kind lookup(String path) {
                        return GrubPaths.kindOf(tree.resolve(GrubPaths.normalized(path).substring(1)));
                    }

                    @Override
                    public Boolean isThisFileSystem(String how, String value) {
                        return how.equals("label") ? holder.label().equals(value) : holder.uuid().equalsIgnoreCase(value);
                    }

                    @Override
                    public java.util.List<org.kexecreboot.grub.PciFunction> pciFunctions() {
                        return java.util.List.of(); // the machine the prelude's hwmatch stands for
                    }

                    @Override
                    public Kind lookupElsewhere(String path) {
                        // the case's other file systems this system mounts (the root one under a separate /boot);
                        // a disk it does not mount ("-") it cannot see
                        for (int i = 1; i < c.fileSystems().size(); i++) {
                            if (c.fileSystems().get(i).mountPoint().equals("-")) {
                                continue;
                            }
                            Kind k = GrubPaths.kindOf(work.resolve("tree-" + i).resolve(GrubPaths.normalized(path).substring(1)));
                            if (k == Kind.FILE || k == Kind.EMPTY_FILE) {
                                return Kind.FILE;
                            }
                        }
                        return Kind.MISSING;
                    }

                    @Override
                    public byte[] read(String path, int maxBytes) throws IOException {
                        Path file = tree.resolve(GrubPaths.normalized(path).substring(1));
                        if (Files.size(file) > maxBytes) {
                            throw new IOException(path + " is larger than " + maxBytes + " bytes");
                        }
                        return Files.readAllBytes(file);
                    }
                });
                project = describe(choice);
            } catch (GrubConfigException e) {
                project = "falls back: " + e.getMessage();
            }
            String verdict = judge(grub, choice);
            if (verdict.equals("agree") && choice instanceof GrubChoice.LinuxEntry linux && c.grubenv() != null) {
                // item 7: what the project writes into grubenv after a load is what GRUB's save_env wrote
                Map<String, String> after = GrubEnv.parse(grub.grubenvAfter);
                for (Map.Entry<String, String> w : linux.grubenvWrites().entrySet()) {
                    if (!java.util.Objects.equals(after.get(w.getKey()), w.getValue())) {
                        verdict = "mismatch";
                        project += "; writes " + w.getKey() + "=" + w.getValue() + " but GRUB left "
                                + w.getKey() + "=" + after.get(w.getKey());
                    }
                }
                if (!linux.grubenvWrites().isEmpty()) {
                    project += "; grubenv " + linux.grubenvWrites() + " as GRUB";
                }
            }
            boolean same = verdict.equals("agree") || verdict.equals("both-nothing") || verdict.equals("elsewhere")
                || verdict.equals("unidentified");
            Path known = dir.resolve(KNOWN_DIFFERENCE);
            if (Files.exists(known)) {
                // A difference written down with its reason: it must still be one (a fixed case loses the file).
                String why = Files.readString(known).strip();
                OUTCOMES.put(name, "known-difference: " + why + "; GRUB " + grub + "; project " + project);
                assertTrue(!same, name + ": agrees with GRUB now; delete " + KNOWN_DIFFERENCE);
                return;
            }
            OUTCOMES.put(name, verdict + ": GRUB " + grub + "; project " + project);
            assertTrue(same, name + ": GRUB " + grub + "\n project " + project + "\n grub-emu output:\n" + grub.raw);
        } finally {
            deleteTree(work);
        }
    }

    private static String judge(GrubRun grub, GrubChoice choice) {
        if (choice == null) {
            return grub.title == null || (grub.kernel == null) ? "both-nothing" : "project-falls-back";
        }
        if (grub.title == null) {
            return "mismatch";
        }
        // Spaces compared loosely: GRUB's console may have wrapped a long title at a space.
        String last = choice.path().replaceAll("\\s+", "");
        String title = grub.title.replaceAll("\\s+", "");
        if (!last.equals(title) && !last.endsWith(">" + title)) {
            return "mismatch";
        }
        // GRUB's $root another disk than grub.cfg's (hd1 …): the same words name another kernel than this system's
        boolean otherDisk = grub.root != null && grub.root.matches("hd[1-9][0-9]*(,.*)?");
        if (choice instanceof GrubChoice.ElsewhereEntry elsewhere && !elsewhere.identified()) {
            // GRUB reads the kernel from a device the project cannot tell from grub.cfg's ($root GRUB's name for a
            // disk): it refuses the entry (the firmware reboots into GRUB), with the same words as GRUB's
            GrubChoice.LinuxEntry linux = elsewhere.linux();
            boolean same = grub.kernel != null && grub.kernel.equals(linux.kernel())
                    && grub.args.equals(linux.kernelArgs()) && grub.initrds.equals(linux.initrds());
            return same ? "unidentified" : "mismatch";
        }
        if (choice instanceof GrubChoice.ElsewhereEntry elsewhere) {
            // GRUB reads the kernel from another file system, and the project knows it (it loads that file system's
            // files only where it is mounted): GRUB's root must be another disk, and the entry's words the same
            GrubChoice.LinuxEntry linux = elsewhere.linux();
            boolean same = grub.kernel != null && grub.kernel.equals(linux.kernel())
                    && grub.args.equals(linux.kernelArgs()) && grub.initrds.equals(linux.initrds());
            return same && otherDisk ? "elsewhere" : "mismatch";
        }
        if (choice instanceof GrubChoice.LinuxEntry linux) {
            boolean same = grub.kernel != null && grub.kernel.equals(linux.kernel())
                    && grub.args.equals(linux.kernelArgs()) && grub.initrds.equals(linux.initrds());
            return same && !(otherDisk && !linux.kernel().startsWith("(")) ? "agree" : "mismatch";
        }
        if (grub.kernel == null && grub.other != null && grub.other.endsWith("without a kernel path")
                && ((GrubChoice.OtherEntry) choice).what().endsWith("without a kernel path")) {
            return "both-nothing"; // GRUB's linux failed (no file): it boots nothing, and the project loads nothing
        }
        return grub.kernel == null ? "agree" : "mismatch";
    }

    private static String describe(GrubChoice choice) {
        if (choice instanceof GrubChoice.LinuxEntry l) {
            return "\"" + choice.path() + "\" linux " + l.kernel() + " " + l.kernelArgs() + " initrd " + l.initrds();
        }
        if (choice instanceof GrubChoice.ElsewhereEntry e) {
            return "\"" + choice.path() + "\" linux " + e.linux().kernel() + " " + e.linux().kernelArgs() + " initrd "
                    + e.linux().initrds() + " on another file system (" + e.fileSystem() + ")";
        }
        return "\"" + choice.path() + "\" other (" + ((GrubChoice.OtherEntry) choice).what() + ")";
    }

    // ---- GRUB's side

    /** What grub-emu's first boot attempt did. */
    static final class GrubRun {
        String title;
        String chosen;
        String kernel;
        String root;
        List<String> args = new ArrayList<>();
        List<String> initrds = new ArrayList<>();
        String other;
        String raw;
        byte[] grubenvAfter;

        @Override
        public String toString() {
            if (title == null) {
                return "boots nothing (no entry started)";
            }
            if (kernel != null) {
                return "\"" + title + "\" linux " + kernel + " " + args + " initrd " + initrds + " (root " + root + ")";
            }
            return "\"" + title + "\" " + (other != null ? "other (" + other + ")" : "no linux command");
        }
    }

    /**
     * Run before grub.cfg. {@code terminfo -g}: grub-emu's console is GRUB's terminfo terminal, 80 columns wide
     * unless told otherwise (the COLUMNS variable does not change it), and it wraps echo's output at its width; at
     * 1024 columns no argument a grub.cfg passes is cut in two. The recording functions set it again before they
     * print, because a grub.cfg may set a terminal's geometry itself (RHCOS's {@code terminfo -g 80x24 ofconsole},
     * after which grub-emu printed lines over 80 columns as empty ones). The recording functions print their
     * arguments only when there are some: GRUB's {@code "$@"} with none is one empty word, while GRUB's real linux
     * and initrd with no file fail ("filename expected") and load nothing.
     */
    static String prelude(String platform, boolean hwmatch) {
        StringBuilder s = new StringBuilder();
        String wide = "terminfo -g 1024x50 console";
        s.append(wide).append('\n');
        s.append("set grub_platform=").append(platform).append('\n');
        if (hwmatch) {
            // Ubuntu's hwmatch (the case's GRUB has its module; grub-emu has no PCI bus) on a machine none of whose
            // PCI functions the list names: match=0 when the list opens; the project is given no PCI functions
            s.append("function hwmatch { if [ $# -lt 2 ]; then false; elif [ -f \"$1\" ]; then set match=0; else false; fi; }\n");
        }
        for (String f : LINUX) {
            s.append("function ").append(f).append(" { ").append(wide).append("; echo \"@@linux $root\"; echo \"@@chosen $chosen\"; if [ $# != 0 ]; then for a in \"$@\"; do echo \"@@arg $a\"; done; fi; echo \"@@end\"; }\n");
        }
        for (String f : INITRD) {
            s.append("function ").append(f).append(" { ").append(wide).append("; echo \"@@initrd\"; if [ $# != 0 ]; then for a in \"$@\"; do echo \"@@arg $a\"; done; fi; echo \"@@end\"; }\n");
        }
        for (String f : OTHER) {
            s.append("function ").append(f).append(" { echo \"@@chosen $chosen\"; echo \"@@other ").append(f).append("\"; }\n");
        }
        return s.toString();
    }

    static GrubRun runGrub(OracleCase c, Path work) throws IOException, InterruptedException {
        Path disks = Files.createDirectories(work.resolve("disks"));
        StringBuilder map = new StringBuilder();
        int index = 0;
        int grubDisk = -1;
        for (OracleCase.FileSystem fs : c.fileSystems()) {
            Path tree = work.resolve("tree-" + index);
            Files.createDirectories(tree);
            if (fs.source() != null) {
                copyTree(fs.source(), tree);
            }
            if (fs.holdsGrubCfg(c)) {
                Path grubDir = Files.createDirectories(tree.resolve(fs.grubDir()));
                boolean hwmatch = Files.exists(tree.resolve(fs.grubDir()).resolve("i386-pc/hwmatch.mod"));
                byte[] cfg = (prelude(c.platform(), hwmatch) + new String(c.grubCfg(), StandardCharsets.ISO_8859_1)
                        + "\nset timeout=0\n").getBytes(StandardCharsets.ISO_8859_1);
                Files.write(grubDir.resolve("grub.cfg"), cfg);
                if (c.grubenv() != null) {
                    Files.write(grubDir.resolve("grubenv"), c.grubenv());
                }
                grubDisk = index;
            }
            Path image = disks.resolve("fs" + index + ".img");
            if (fs.uuid().matches("[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}")) {
                // a FAT file system (an EFI system partition as /boot): its volume serial is the UUID
                run(List.of("/usr/sbin/mkfs.vfat", "-C", "-i", fs.uuid().replace("-", ""), "-n", fs.label(),
                        image.toString(), "16384"));
                List<String> copy = new ArrayList<>(List.of("/usr/bin/mcopy", "-s", "-i", image.toString()));
                try (Stream<Path> top = Files.list(tree)) {
                    top.forEach(p -> copy.add(p.toString()));
                }
                copy.add("::/");
                run(copy);
            } else {
                run(List.of(mkfs(), "-q", "-F", "-d", tree.toString(), "-U", fs.uuid(), "-L", fs.label(),
                        image.toString(), "16M"));
            }
            map.append("(hd").append(index).append(") /disks/fs").append(index).append(".img\n");
            index++;
        }
        Files.writeString(disks.resolve("device.map"), map.toString());
        OracleCase.FileSystem grubFs = c.fileSystems().get(grubDisk);
        String out = run(List.of(EMU_RUN.toAbsolutePath().toString(), disks.toString(), "hd" + grubDisk,
                "/" + grubFs.grubDir(), "15"));
        GrubRun result = parse(out);
        if (c.grubenv() != null) {
            // what GRUB's save_env left in grubenv, read back from the image
            result.grubenvAfter = run(List.of(debugfs(), "-R", "cat /" + grubFs.grubDir() + "/grubenv",
                    disks.resolve("fs" + grubDisk + ".img").toString()), false).getBytes(StandardCharsets.UTF_8);
        }
        return result;
    }

    static GrubRun parse(String out) {
        GrubRun r = new GrubRun();
        r.raw = out;
        String text = out.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        List<String> current = null;
        String mode = null;
        boolean booting = false;
        String[] lines = text.split("\n", -1);
        for (int li = 0; li < lines.length; li++) {
            String line = lines[li];
            // a title longer than the console (1024 columns, see prelude) runs on until its closing quote
            if (line.contains("Booting `")) {
                while (line.indexOf('\'', line.indexOf("Booting `")) < 0 && li + 1 < lines.length) {
                    line = line + " " + lines[++li];
                }
            }
            if (line.contains("Falling back") || line.contains("Failed to boot") || line.contains("Press any key")) {
                break; // the first boot attempt is over; a fallback entry does not count
            }
            int booted = line.indexOf("Booting `");
            if (booted >= 0) {
                // a submenu prints "Booting `S'" before its entry's: the last one is the entry
                booting = true;
                int end = line.lastIndexOf('\'');
                r.title = line.substring(booted + 9, end > booted ? end : line.length());
                continue;
            }
            int at = line.indexOf("@@");
            if (!booting || at < 0) {
                continue;
            }
            String m = line.substring(at + 2);
            if (m.startsWith("linux ") || m.equals("initrd")) {
                mode = m.equals("initrd") ? "initrd" : "linux";
                if (mode.equals("linux")) {
                    r.root = m.substring(6);
                }
                current = new ArrayList<>();
            } else if (m.startsWith("arg ") && current != null) {
                current.add(m.substring(4));
            } else if (m.equals("end") && current != null) {
                if (mode.equals("linux")) {
                    // as grub_cmd_linux: a new kernel unloads the old one and its initrd
                    r.kernel = current.isEmpty() ? null : current.get(0);
                    r.args = current.isEmpty() ? new ArrayList<>() : new ArrayList<>(current.subList(1, current.size()));
                    r.initrds = new ArrayList<>();
                    r.other = current.isEmpty() ? mode + " without a kernel path" : null;
                } else if (r.kernel != null && !current.isEmpty()) {
                    r.initrds = current;
                }
                current = null;
            } else if (m.startsWith("chosen ")) {
                r.chosen = m.substring(7); // $chosen: the entry's id, or its title when it has none
            } else if (m.startsWith("other ")) {
                r.kernel = null;
                r.root = null;
                r.other = m.substring(6);
            }
        }
        return r;
    }

    // ---- helpers

    private static String debugfs() {
        return Files.isExecutable(Paths.get("/sbin/debugfs")) ? "/sbin/debugfs" : "/usr/sbin/debugfs";
    }

    private static String mkfs() {
        return Files.isExecutable(Paths.get("/sbin/mkfs.ext4")) ? "/sbin/mkfs.ext4" : "/usr/sbin/mkfs.ext4";
    }

    private static String run(List<String> argv) throws IOException, InterruptedException {
        return run(argv, true);
    }

    private static String run(List<String> argv, boolean withStderr) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(withStderr);
        if (!withStderr) {
            pb.redirectError(ProcessBuilder.Redirect.DISCARD); // debugfs's banner
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        byte[] out = p.getInputStream().readNBytes(1 << 20);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(argv.get(0) + " did not finish");
        }
        String text = new String(out, StandardCharsets.ISO_8859_1);
        if (p.exitValue() != 0) {
            throw new IOException(argv + " failed (" + p.exitValue() + "): " + text);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * A corpus case: grub.cfg, optional grubenv and platform ("efi"; "pc" when absent), and the machine's file
     * systems. Without a file "filesystems" there is one, the root file system (UUID and label below), with the
     * files under tree/ if that exists, and grub.cfg in /boot/grub. With it, each line is
     * {@code DIR UUID LABEL MOUNTPOINT}: a file system whose files are under DIR (relative to the case),
     * mounted at MOUNTPOINT ("/", "/boot", or "-" for one this system does not mount, such as another
     * distribution's); grub.cfg is on the one mounted at /boot if there is one, else on "/".
     */
    record OracleCase(Path dir, byte[] grubCfg, byte[] grubenv, String platform, List<FileSystem> fileSystems) {
        static final String ROOT_UUID = "3f2a9c1e-5b7d-4e8f-a1c2-9d8e7f6a5b4c";

        record FileSystem(Path source, String uuid, String label, String mountPoint) {
            boolean holdsGrubCfg(OracleCase c) {
                boolean separateBoot = c.fileSystems().stream().anyMatch(f -> f.mountPoint().equals("/boot"));
                return mountPoint.equals(separateBoot ? "/boot" : "/");
            }

            String grubDir() {
                return mountPoint.equals("/boot") ? "grub" : "boot/grub";
            }
        }

        static OracleCase read(Path dir) throws IOException {
            byte[] cfg = Files.readAllBytes(dir.resolve("grub.cfg"));
            Path env = dir.resolve("grubenv");
            Path platform = dir.resolve("platform");
            List<FileSystem> fss = new ArrayList<>();
            Path list = dir.resolve("filesystems");
            if (Files.exists(list)) {
                for (String line : Files.readAllLines(list)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length == 4 && !f[0].startsWith("#")) {
                        fss.add(new FileSystem(f[0].equals("-") ? null : dir.resolve(f[0]), f[1], f[2], f[3]));
                    }
                }
            } else {
                Path tree = dir.resolve("tree");
                fss.add(new FileSystem(Files.isDirectory(tree) ? tree : null, ROOT_UUID, "rootfs", "/"));
            }
            // the file system holding grub.cfg first: it is hd0, GRUB's $root, as GrubDefaultEntry.CONFIG_DEVICE
            boolean separateBoot = fss.stream().anyMatch(f -> f.mountPoint().equals("/boot"));
            fss.sort(Comparator.comparing(f -> !f.mountPoint().equals(separateBoot ? "/boot" : "/")));
            return new OracleCase(dir, cfg, Files.exists(env) ? Files.readAllBytes(env) : null,
                    Files.exists(platform) ? Files.readString(platform).strip() : "pc", fss);
        }

        Map<String, String> env() throws GrubConfigException {
            Map<String, String> env = new HashMap<>();
            if (grubenv != null) {
                env.putAll(GrubEnv.parse(grubenv));
            }
            env.put("grub_platform", platform);
            boolean separateBoot = fileSystems.stream().anyMatch(f -> f.mountPoint().equals("/boot"));
            env.put("prefix", new GrubPaths(separateBoot).prefix());
            return env;
        }
    }
}
