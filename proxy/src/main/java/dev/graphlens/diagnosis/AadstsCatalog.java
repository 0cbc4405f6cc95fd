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

/** Known AADSTS error codes: what each means, how to fix it, and which diagnosis it is. */
public final class AadstsCatalog {
    private static final Set<DiagnosisCode> ALLOWED = Set.of(DiagnosisCode.TOKEN_ENDPOINT_ERROR,
            DiagnosisCode.CONSENT_REQUIRED, DiagnosisCode.CLAIMS_CHALLENGE);

    public record Entry(int code, String name, DiagnosisCode diagnosis, String cause, String fix) {
    }

    private final Map<Integer, Entry> entries;
    private final String docs;

    AadstsCatalog(Map<Integer, Entry> entries, String docs) {
        this.entries = Map.copyOf(entries);
        this.docs = docs;
    }

    public static AadstsCatalog load(Path file) throws ConfigException {
        JsonNode root = JsonFiles.read(file, "the AADSTS table");
        Map<Integer, Entry> map = new TreeMap<>();
        int i = 0;
        for (JsonNode n : root.path("codes")) {
            String where = file.getFileName() + " codes[" + i++ + "]";
            if (!n.path("code").canConvertToInt() || n.path("code").asInt() <= 0) {
                throw new ConfigException(where + ": \"code\" must be the AADSTS number, e.g. 50076");
            }
            int code = n.get("code").asInt();
            DiagnosisCode diagnosis;
            try {
                diagnosis = DiagnosisCode.valueOf(n.path("diagnosis").asText());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + " (AADSTS" + code + "): diagnosis must be one of " + ALLOWED);
            }
            if (!ALLOWED.contains(diagnosis)) {
                throw new ConfigException(where + " (AADSTS" + code + "): diagnosis must be one of " + ALLOWED);
            }
            for (String field : new String[] {"cause", "fix"}) {
                if (n.path(field).asText("").isBlank()) {
                    throw new ConfigException(where + " (AADSTS" + code + "): \"" + field + "\" is missing");
                }
            }
            if (map.put(code, new Entry(code, n.path("name").asText(""), diagnosis, n.get("cause").asText(),
                    n.get("fix").asText())) != null) {
                throw new ConfigException(where + ": AADSTS" + code + " is listed twice");
            }
        }
        if (map.isEmpty()) {
            throw new ConfigException(file + ": no \"codes\"");
        }
        return new AadstsCatalog(map, root.path("docs").asText(null));
    }

    public Optional<Entry> find(int code) {
        return Optional.ofNullable(entries.get(code));
    }

    public int size() {
        return entries.size();
    }

    public String docs() {
        return docs;
    }
}
