package org.kexecreboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The maintainer scripts cannot share a file (preinst runs before ours are unpacked), so each names
 * the kexec-tools paths it diverts: preinst adds the diversions, postinst drops stale ones, postrm
 * gives the files back. One list, three copies: they must agree.
 */
class MaintainerScriptsTest {

    private static final Pattern LIST = Pattern.compile("(?m)^DIVERTED_PATHS=\"([^\"]*)\"$");

    private static String divertedPaths(String script) throws IOException {
        String text = Files.readString(Path.of(System.getProperty("user.dir"), "src/deb/control", script));
        Matcher m = LIST.matcher(text);
        assertTrue(m.find(), script + " has no DIVERTED_PATHS=\"...\" line");
        String paths = m.group(1);
        assertTrue(!m.find(), script + " has two DIVERTED_PATHS lines");
        return paths;
    }

    @Test
    void preinstPostinstAndPostrmDivertTheSamePaths() throws IOException {
        String preinst = divertedPaths("preinst");
        assertTrue(List.of(preinst.split(" ")).containsAll(List.of("/etc/init.d/kexec-load", "/etc/init.d/kexec")), preinst);
        assertEquals(preinst, divertedPaths("postinst"), "postinst");
        assertEquals(preinst, divertedPaths("postrm"), "postrm");
    }
}
