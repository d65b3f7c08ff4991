package org.kexecreboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * A class-data sharing archive is only used by a JVM started with the flags of the one that made it:
 * the shims, the build's training run (pom.xml) and the package's (postinst) must start java alike.
 * The one list is pom.xml's {@code cds.jvm.flags}: the build's training run and postinst (filtered by
 * jdeb) use it as it is; the shims, which cannot read it at reboot, must repeat it.
 */
class JvmFlagsTest {

    /** The -XX/-Xss/-Xm/-Xshare flags that shape the heap, the class space, the GC and the compiler. */
    private static final Pattern FLAG = Pattern.compile("-X(?:X:[+-]?\\w+(?:=\\w+)?|ss\\w+|m[sx]\\w+|share:\\w+)");

    private static List<String> flags(String text) {
        List<String> flags = new ArrayList<>();
        Matcher m = FLAG.matcher(text);
        while (m.find()) {
            String flag = m.group();
            if (!flag.startsWith("-XX:ErrorFile") && !flag.startsWith("-XX:SharedArchiveFile")
                    && !flag.startsWith("-XX:ArchiveClassesAtExit")) {
                flags.add(flag);
            }
        }
        return flags;
    }

    private static String read(String file) throws IOException {
        return Files.readString(Path.of(System.getProperty("user.dir")).resolve(file));
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertTrue(start >= 0, from);
        return text.substring(start, text.indexOf(to, start));
    }

    @Test
    void shimsBuildAndPackageStartJavaAlike() throws IOException {
        List<String> load = flags(between(read("init.d/kexec-load"), "java -XX", "-cp"));
        assertTrue(load.contains("-Xmx48m") && load.contains("-XX:CompressedClassSpaceSize=16m"), load.toString());
        assertEquals(load, flags(between(read("init.d/kexec"), "java -XX", "-cp")), "init.d/kexec");
        assertEquals(load, flags(between(read("pom.xml"), "<cds.jvm.flags>", "</cds.jvm.flags>")), "pom.xml");
        // postinst dumps the archive with pom.xml's flags themselves: jdeb puts them in when it builds the .deb.
        assertTrue(read("src/deb/control/postinst").contains("\"$java\" [[cds.jvm.flags]] -XX:ArchiveClassesAtExit="),
                "postinst must dump with [[cds.jvm.flags]]");
    }
}
