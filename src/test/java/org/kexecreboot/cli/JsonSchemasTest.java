package org.kexecreboot.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The schema check can fail: an answer the schema does not allow, or more than one line, is caught. */
class JsonSchemasTest {

    private static final String STATUS = "{\"version\":1,\"init_system\":\"sysvinit\",\"enabled\":true,\"kexec_loaded\":false,"
            + "\"skip_once\":false,\"lockdown\":\"absent\",\"syscall\":\"default\",\"booted_via_kexec\":null,"
            + "\"bootloader_type\":null}\n";

    @Test
    void aValidAnswerPasses() {
        JsonSchemas.status(STATUS);
    }

    @Test
    void aMissingFieldFails() {
        assertThrows(AssertionFailedError.class, () -> JsonSchemas.status(STATUS.replace("\"skip_once\":false,", "")));
    }

    @Test
    void aWrongValueFails() {
        assertThrows(AssertionFailedError.class, () -> JsonSchemas.status(STATUS.replace("\"absent\"", "\"maybe\"")));
        assertThrows(AssertionFailedError.class, () -> JsonSchemas.status(STATUS.replace("\"version\":1", "\"version\":2")));
    }

    @Test
    void anUnknownFieldFails() {
        assertThrows(AssertionFailedError.class, () -> JsonSchemas.status(STATUS.replace("{", "{\"extra\":1,")));
    }

    @Test
    void anythingElseOnStdoutFails() {
        assertThrows(AssertionFailedError.class, () -> JsonSchemas.status("warning\n" + STATUS));
        assertThrows(AssertionFailedError.class, () -> JsonSchemas.plan("{\"version\":1}\n"));
    }
}
