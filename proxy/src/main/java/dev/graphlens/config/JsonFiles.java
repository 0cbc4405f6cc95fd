package dev.graphlens.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** Reads the JSON data files under config/, turning any read or syntax error into one clear line. */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFiles() {
    }

    /** @param what what the file holds, for the message ("rules", "the AADSTS table") */
    public static JsonNode read(Path file, String what) throws ConfigException {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || root.isMissingNode()) {
                throw new ConfigException(file + ": empty, expected " + what);
            }
            return root;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read " + what + ": " + e.getMessage());
        }
    }
}
