package org.kexecreboot.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.kexecreboot.exec.BoundedCommand.Outcome;
import org.kexecreboot.exec.PlainBoundedProcess;

/**
 * Whether the init scripts' JVM uses the class-data sharing archive. A JVM ignores an archive dumped
 * by another build of itself (a Java security update) or with other flags without a word, and the
 * reboot then costs ~30 % more: so we ask a JVM started exactly as the shims start theirs
 * (launch.sh's {@code kr_java}), with {@code -Xlog:cds}, and read its answer.
 */
public final class ArchiveStatus {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private ArchiveStatus() {
    }

    /**
     * What {@code -Xlog:cds} says about the archive, as one line.
     *
     * @param log the JVM's -Xlog:cds output
     */
    public static String judge(String log) {
        boolean dynamic = log.contains("Mapped dynamic region");
        boolean graph = log.contains("full module graph: enabled");
        if (dynamic && graph) {
            return "in use (with its heap objects and the full module graph)";
        }
        String why = firstComplaint(log);
        if (dynamic) {
            return "in use, but without its heap objects or the full module graph"
                    + (why == null ? "" : " (" + why + ")");
        }
        return "not in use" + (why == null ? "" : " (" + why + ")");
    }

    /** True when {@link #judge} found the archive fully in use. */
    public static boolean fullyInUse(String log) {
        return log.contains("Mapped dynamic region") && log.contains("full module graph: enabled");
    }

    /** The first warning, error or "ignored"/"disabled" line of the log, without its decorations. */
    private static String firstComplaint(String log) {
        String[] lines = log.split("\n");
        for (String line : lines) {
            int at = line.indexOf("UseSharedSpaces: "); // HotSpot's reason for not mapping an archive
            if (at >= 0) {
                return line.substring(at + "UseSharedSpaces: ".length()).trim();
            }
        }
        for (String line : lines) {
            if (line.contains("[warning]") || line.contains("[error") || line.contains("ignored")
                    || line.contains("disabled") || line.contains("mismatch") || line.contains("failed")) {
                return line.replaceFirst("^(\\[[^]]*\\])+\\s*", "").trim();
            }
        }
        return null;
    }

    /**
     * Starts a JVM as the shims do (sourcing {@code launch}, with {@code jar}) and judges its log.
     *
     * @return one line: the archive's path and whether that JVM uses it
     */
    public static String of(Path launch, Path jar) {
        jar = jar.normalize();
        Path archive = Path.of(jar.toString().replaceFirst("\\.jar$", ".jsa"));
        if (!Files.isRegularFile(archive)) {
            return archive + " is missing: the init scripts start without it";
        }
        // kr_java puts its own arguments after -cp JAR: these options come after its -Xlog:cds=off.
        List<String> argv = List.of("/bin/sh", "-c", ". \"$1\"; kr_jar=$2; kr_java -Xlog:cds -Xlog:cds+dynamic "
                + "org.kexecreboot.initd.KexecExec /etc/init.d/kexec start", "kexec-reboot", launch.toString(),
                jar.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Outcome outcome = PlainBoundedProcess.run(argv, Map.of("PATH", "/sbin:/bin:/usr/sbin:/usr/bin"), LIMIT, out,
                out);
        if (outcome instanceof Outcome.Exited exited && exited.status() >= 128) {
            // JDK 17 dies on a damaged archive (SIGSEGV, SIGBUS): the init scripts would then reboot cold.
            return archive + ": damaged: a JVM started with it died (exit status " + exited.status()
                    + "); the init scripts cannot start java until it is made again or removed";
        }
        if (!(outcome instanceof Outcome.Exited exited && exited.status() == 0)) {
            return archive + ": cannot tell (the JVM with the init scripts' flags: " + outcome + ")";
        }
        return archive + ": " + judge(out.toString(StandardCharsets.UTF_8));
    }
}
