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
 * The maintainer scripts cannot share a file (preinst runs before ours are unpacked), so each holds
 * the same block: the kexec-tools paths it diverts and where each one waits (preinst adds the
 * diversions, postinst drops stale ones, postrm gives the files back). One block, three copies:
 * they must agree.
 */
class MaintainerScriptsTest {

    private static final Pattern BLOCK =
            Pattern.compile("(?ms)^# --- kexec-tools' files that we replace.*?^# --- end of the shared block$");
    private static final Pattern LIST = Pattern.compile("(?m)^DIVERTED_PATHS=\"([^\"]*)\"$");

    private static String script(String name) throws IOException {
        return Files.readString(Path.of(System.getProperty("user.dir"), "src/deb/control", name));
    }

    private static String sharedBlock(String name) throws IOException {
        Matcher m = BLOCK.matcher(script(name));
        assertTrue(m.find(), name + " has no shared block");
        String block = m.group();
        assertTrue(!m.find(), name + " has two shared blocks");
        return block;
    }

    @Test
    void preinstPostinstAndPostrmShareOneBlock() throws IOException {
        String preinst = sharedBlock("preinst");
        assertEquals(preinst, sharedBlock("postinst"), "postinst");
        assertEquals(preinst, sharedBlock("postrm"), "postrm");
    }

    @Test
    void theBlockDivertsBothInitScripts() throws IOException {
        Matcher m = LIST.matcher(sharedBlock("preinst"));
        assertTrue(m.find(), "no DIVERTED_PATHS=\"...\" line");
        assertTrue(List.of(m.group(1).split(" ")).containsAll(List.of("/etc/init.d/kexec-load", "/etc/init.d/kexec")), m.group(1));
    }

    /** insserv reads every file in /etc/init.d: a diverted copy there provides the service twice. */
    @Test
    void noScriptDivertsIntoInitD() throws IOException {
        for (String name : List.of("preinst", "postinst", "postrm")) {
            String text = script(name);
            assertTrue(!text.contains("\"$path.kexec-tools\""), name + " names PATH.kexec-tools directly");
            assertTrue(!Pattern.compile("--divert\\s+\"?/etc/init\\.d").matcher(text).find(), name);
        }
        Matcher m = Pattern.compile("(?m)^\\s*if \\[ \"\\$\\{1%/\\*\\}\" = /etc/init\\.d \\]; then\\n\\s*echo \"([^\"]*)\"")
                .matcher(sharedBlock("preinst"));
        assertTrue(m.find(), "diverted_to has no branch for /etc/init.d");
        assertTrue(!m.group(1).startsWith("/etc/init.d/"), m.group(1));
    }
}
