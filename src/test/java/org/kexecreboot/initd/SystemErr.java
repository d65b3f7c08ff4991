package org.kexecreboot.initd;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures the process's System.err during a test: the Diagnostics lines (tinylog's console writer)
 * and the stderr of /bin/sh evaluating the defaults go there, not to the Context's stderr.
 */
final class SystemErr implements BeforeEachCallback, AfterEachCallback {

    private PrintStream original;
    private ByteArrayOutputStream captured;

    @Override
    public void beforeEach(ExtensionContext context) {
        original = System.err;
        captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setErr(original);
    }

    String text() {
        System.err.flush();
        return captured.toString(StandardCharsets.UTF_8);
    }
}
