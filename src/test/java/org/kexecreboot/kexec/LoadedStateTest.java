package org.kexecreboot.kexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `test "x`cat /sys/kernel/kexec_loaded`y" = "x1y"`. */
class LoadedStateTest {


    @TempDir
    Path dir;

    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private boolean loaded(String content) throws IOException {
        Path file = dir.resolve("kexec_loaded");
        Files.writeString(file, content, StandardCharsets.ISO_8859_1);
        LoadedState state = LoadedState.of(file);
        if (state.catComplaint() != null) {
            err.println(state.catComplaint());
        }
        return state.loaded();
    }

    @Test
    void oneIsLoaded() throws IOException {
        assertTrue(loaded("1"));
    }

    @Test
    void oneWithNewlineIsLoaded() throws IOException {
        assertTrue(loaded("1\n"));
    }

    @Test
    void oneWithSeveralNewlinesIsLoaded() throws IOException {
        assertTrue(loaded("1\n\n"));
    }

    @Test
    void zeroIsNotLoaded() throws IOException {
        assertFalse(loaded("0"));
        assertFalse(loaded("0\n"));
    }

    @Test
    void emptyIsNotLoaded() throws IOException {
        assertFalse(loaded(""));
    }

    @Test
    void leadingSpaceIsNotLoaded() throws IOException {
        assertFalse(loaded(" 1"));
    }

    @Test
    void trailingSpaceIsNotLoaded() throws IOException {
        assertFalse(loaded("1 "));
    }

    @Test
    void elevenIsNotLoaded() throws IOException {
        assertFalse(loaded("11"));
    }

    @Test
    void trueIsNotLoaded() throws IOException {
        assertFalse(loaded("true"));
    }

    @Test
    void carriageReturnIsNotLoaded() throws IOException {
        assertFalse(loaded("1\r\n"));
    }

    @Test
    void leadingNewlineIsNotLoaded() throws IOException {
        assertFalse(loaded("\n1"));
    }

    @Test
    void readableFileWritesNothingOnStderr() throws IOException {
        loaded("0\n");
        assertEquals("", errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingFileIsNotLoadedAndCatComplainsInItsWords() {
        LoadedState state = LoadedState.of(dir.resolve("absent"));
        assertFalse(state.loaded());
        err.println(state.catComplaint());
        assertEquals("cat: /sys/kernel/kexec_loaded: No such file or directory\n",
                errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void directoryIsNotLoadedAndCatSaysIsADirectory() throws IOException {
        Path d = Files.createDirectory(dir.resolve("kexec_loaded"));
        LoadedState state = LoadedState.of(d);
        assertFalse(state.loaded());
        err.println(state.catComplaint());
        assertEquals("cat: /sys/kernel/kexec_loaded: Is a directory\n", errBytes.toString(StandardCharsets.UTF_8));
    }
}
