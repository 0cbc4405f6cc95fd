package dev.graphlens.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON data files (config/ or the built-in copy), turning any read or syntax error into one clear line. */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFiles() {
    }

    /** @param what what the file holds, for the message ("rules", "the AADSTS table") */
    public static JsonNode read(Path file, String what) throws ConfigException {
        try {
            // a stream rather than a File: the built-in config's files live inside the jar
            JsonNode root;
            try (InputStream in = Files.newInputStream(file)) {
                root = JSON.readTree(in);
            }
            if (root == null || root.isMissingNode()) {
                throw new ConfigException(file + ": empty, expected " + what);
            }
            return root;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read " + what + ": " + e.getMessage());
        }
    }
}
