package org.kexecreboot.grub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case under src/test/resources/grub-corpus/&lt;case&gt;/: grub.cfg, optional grubenv, optional platform
 * ("efi"; "pc" when absent), and expected (path=, kernel=, args=, initrds= or other=).
 */
class CorpusTest {

    static Stream<Path> cases() throws Exception {
        Path root = Paths.get(CorpusTest.class.getResource("/grub-corpus").toURI());
        // Cases without an expected file are judged by GRUB itself only (boot.GrubOracleIT).
        return Files.list(root).filter(d -> Files.exists(d.resolve("expected"))).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void resolvesLikeGrub(Path dir) throws Exception {
        Map<String, String> env = new HashMap<>();
        Path grubenv = dir.resolve("grubenv");
        if (Files.exists(grubenv)) {
            env.putAll(GrubEnv.parse(Files.readAllBytes(grubenv)));
        }
        Path platform = dir.resolve("platform");
        env.put("grub_platform", Files.exists(platform) ? Files.readString(platform).strip() : "pc");

        GrubChoice choice = GrubDefaultEntry.resolve(Files.readAllBytes(dir.resolve("grub.cfg")), env);

        Map<String, String> expected = readExpected(dir.resolve("expected"));
        assertEquals(expected.get("path"), choice.path(), "path; reason: " + choice.reason());
        if (expected.containsKey("other")) {
            GrubChoice.OtherEntry other = assertInstanceOf(GrubChoice.OtherEntry.class, choice, choice.reason());
            assertEquals(expected.get("other"), other.what());
        } else {
            // Read without a system (GrubFiles.UNKNOWN): an entry whose search names a file system is on one this
            // reading cannot identify; what GRUB boots there is still these words
            GrubChoice.LinuxEntry linux = choice instanceof GrubChoice.ElsewhereEntry elsewhere && !elsewhere.identified()
                    ? elsewhere.linux() : assertInstanceOf(GrubChoice.LinuxEntry.class, choice, choice.reason());
            assertEquals(expected.get("kernel"), linux.kernel());
            assertEquals(expected.get("args"), String.join(" ", linux.kernelArgs()));
            assertEquals(expected.get("initrds"), String.join(" ", linux.initrds()));
        }
    }

    private static Map<String, String> readExpected(Path file) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return map;
    }
}
