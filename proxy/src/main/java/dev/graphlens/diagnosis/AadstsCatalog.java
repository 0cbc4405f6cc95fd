package dev.graphlens.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlens.config.ConfigException;
import dev.graphlens.config.JsonFiles;
import dev.graphlens.exchange.DiagnosisCode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Known AADSTS error codes: what each means, how to fix it, and which diagnosis it is; and, in the
 * same file, Azure AD B2C's own AADB2C codes (always token endpoint errors), by number.
 */
public final class AadstsCatalog {
    private static final Set<DiagnosisCode> ALLOWED = Set.of(DiagnosisCode.TOKEN_ENDPOINT_ERROR,
            DiagnosisCode.CONSENT_REQUIRED, DiagnosisCode.CLAIMS_CHALLENGE);

    public record Entry(int code, String name, DiagnosisCode diagnosis, String cause, String fix) {
    }

    private final Map<Integer, Entry> entries;
    private final Map<Integer, Entry> b2c;
    private final String docs;

    AadstsCatalog(Map<Integer, Entry> entries, Map<Integer, Entry> b2c, String docs) {
        this.entries = Map.copyOf(entries);
        this.b2c = Map.copyOf(b2c);
        this.docs = docs;
    }

    public static AadstsCatalog load(Path file) throws ConfigException {
        JsonNode root = JsonFiles.read(file, "the AADSTS table");
        Map<Integer, Entry> codes = entries(file, root.path("codes"), "codes", "AADSTS", ALLOWED);
        if (codes.isEmpty()) {
            throw new ConfigException(file + ": no \"codes\"");
        }
        Map<Integer, Entry> b2c = entries(file, root.path("b2cCodes"), "b2cCodes", "AADB2C", Set.of(DiagnosisCode.TOKEN_ENDPOINT_ERROR));
        return new AadstsCatalog(codes, b2c, root.path("docs").asText(null));
    }

    private static Map<Integer, Entry> entries(Path file, JsonNode list, String key, String prefix, Set<DiagnosisCode> allowed)
            throws ConfigException {
        Map<Integer, Entry> map = new TreeMap<>();
        int i = 0;
        for (JsonNode n : list) {
            String where = file.getFileName() + " " + key + "[" + i++ + "]";
            if (!n.path("code").canConvertToInt() || n.path("code").asInt() <= 0) {
                throw new ConfigException(where + ": \"code\" must be the " + prefix + " number, e.g. " + (prefix.equals("AADSTS") ? 50076 : 90118));
            }
            int code = n.get("code").asInt();
            String label = prefix + code;
            DiagnosisCode diagnosis;
            try {
                diagnosis = DiagnosisCode.valueOf(n.path("diagnosis").asText());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + " (" + label + "): diagnosis must be one of " + allowed);
            }
            if (!allowed.contains(diagnosis)) {
                throw new ConfigException(where + " (" + label + "): diagnosis must be one of " + allowed);
            }
            for (String field : new String[] {"cause", "fix"}) {
                if (n.path(field).asText("").isBlank()) {
                    throw new ConfigException(where + " (" + label + "): \"" + field + "\" is missing");
                }
            }
            if (map.put(code, new Entry(code, n.path("name").asText(""), diagnosis, n.get("cause").asText(),
                    n.get("fix").asText())) != null) {
                throw new ConfigException(where + ": " + label + " is listed twice");
            }
        }
        return map;
    }

    public Optional<Entry> find(int code) {
        return Optional.ofNullable(entries.get(code));
    }

    /** An Azure AD B2C code by its number (90118 for AADB2C90118). */
    public Optional<Entry> findB2c(int code) {
        return Optional.ofNullable(b2c.get(code));
    }

    public int size() {
        return entries.size();
    }

    public String docs() {
        return docs;
    }
}
