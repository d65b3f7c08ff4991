package org.kexecreboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.kexecreboot.config.DefaultsFile;

/**
 * A class-data sharing archive is only used by a JVM started with the flags of the one that dumped
 * it: the shims, the command line, the build's training run and the package's all start java through
 * src/main/sh/launch.sh, the one place that holds the flags; nobody else names them.
 */
class JvmFlagsTest {

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(System.getProperty("user.dir")).resolve(file));
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertTrue(start >= 0, from);
        return text.substring(start + from.length(), text.indexOf(to, start + from.length()));
    }

    @Test
    void launchShHoldsTheFlags() throws IOException {
        String flags = between(read("src/main/sh/launch.sh"), "KR_JVM_FLAGS='", "'");
        for (String bound : new String[] {"-Xmx48m", "-XX:CompressedClassSpaceSize=16m", "-XX:MaxMetaspaceSize=48m",
            "-XX:ReservedCodeCacheSize=8m", "-XX:-UsePerfData", "-Xshare:auto"}) {
            assertTrue(flags.contains(bound), bound);
        }
        // Serial makes JDK 17 ignore the archive's heap objects and the full module graph.
        assertFalse(flags.contains("UseSerialGC") || flags.contains("UseParallelGC"), flags);
        // JDK 25 deprecates VFORK with a warning on the console at the first process start.
        assertFalse(read("src/main/sh/launch.sh").contains("launchMechanism"));
    }

    @Test
    void nobodyElseNamesJvmFlags() throws IOException {
        for (String file : new String[] {"init.d/kexec-load", "init.d/kexec", "src/main/sh/kexec-reboot",
            "src/main/sh/make-archive", "src/deb/control/postinst", "pom.xml"}) {
            String text = read(file);
            assertFalse(text.contains("-Xmx") || text.contains("-XX:+Use") || text.contains("-XX:TieredStopAtLevel"),
                    file + " names JVM flags of its own");
        }
        assertTrue(read("src/main/sh/make-archive").contains("java $KR_JVM_FLAGS -XX:ArchiveClassesAtExit"));
        assertTrue(read("pom.xml").contains("src/main/sh/make-archive"));
        assertTrue(read("src/deb/control/postinst").contains("/usr/share/kexec-reboot/make-archive"));
        for (String shim : new String[] {"init.d/kexec-load", "init.d/kexec", "src/main/sh/kexec-reboot"}) {
            assertTrue(read(shim).contains(". \"$kr_home/launch.sh\""), shim);
        }
    }

    @Test
    void shimsAndJavaEvaluateTheDefaultsWithTheSameReader() throws IOException {
        assertEquals(DefaultsFile.READER, between(read("src/main/sh/launch.sh"), "KR_READER='", "'\n# --- reader ends"));
    }
}
