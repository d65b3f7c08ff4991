package org.kexecreboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The contract of --json: an answer is one line holding one JSON object, valid against its schema in
 * src/main/schema. Every test that sees an answer goes through {@link #plan}, {@link #status} or {@link #last}.
 */
public final class JsonSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSchemas() {
    }

    /** Checks stdout of `plan --json` and returns the object. */
    public static JsonNode plan(String stdout) {
        return valid("plan-v1.json", stdout);
    }

    /** Checks stdout of `status --json` and returns the object. */
    public static JsonNode status(String stdout) {
        return valid("status-v1.json", stdout);
    }

    /** Checks stdout of `last --json` and returns the object. */
    public static JsonNode last(String stdout) {
        return valid("last-v1.json", stdout);
    }

    private static JsonNode valid(String schemaFile, String stdout) {
        assertTrue(stdout.endsWith("\n") && stdout.indexOf('\n') == stdout.length() - 1,
                "one line, nothing else on stdout: " + stdout);
        Schema schema = REGISTRY.getSchema(read(schemaFile), InputFormat.JSON);
        List<Error> errors = schema.validate(stdout, InputFormat.JSON);
        assertEquals(List.of(), errors, schemaFile + ": " + stdout);
        JsonNode node = MAPPER.readTree(stdout);
        assertTrue(node.isObject(), stdout);
        return node;
    }

    private static String read(String schemaFile) {
        // The schema files as the repository holds them (and the package installs them).
        Path file = Path.of(System.getProperty("user.dir"), "src/main/schema", schemaFile);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
