package dev.graphlens.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlens.config.ConfigException;
import dev.graphlens.config.JsonFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads permission catalogs: GraphLens's own readable format, or Microsoft's published
 * permissions.json (recognised by its top-level "permissions" object). Every problem names the
 * file and the entry; an entry that cannot be used never takes the others down with it.
 */
public final class CatalogLoader {
    private static final Pattern PERMISSIONS_TOGETHER = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*(\\+[A-Za-z][A-Za-z0-9._-]*)*");
    private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> ENTRY_KEYS = Set.of("methods", "paths", "delegated", "personal", "application", "note");

    private CatalogLoader() {
    }

    public static PermissionCatalog load(Path file) throws ConfigException {
        JsonNode root = JsonFiles.read(file, "a permission catalog");
        if (root.has("permissions") && root.get("permissions").isObject()) {
            return fromMicrosoft(root.get("permissions"));
        }
        if (!root.has("endpoints") || !root.get("endpoints").isArray()) {
            throw new ConfigException(file + ": expected {\"endpoints\": [...]} (GraphLens format) or"
                    + " {\"permissions\": {...}} (Microsoft's permissions.json)");
        }
        return fromGraphLens(file, root);
    }

    private static PermissionCatalog fromGraphLens(Path file, JsonNode root) throws ConfigException {
        Set<String> adminConsent = new HashSet<>();
        root.path("adminConsentDelegated").forEach(n -> adminConsent.add(n.asText()));
        Map<String, EndpointPermissions> byKey = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode entry : root.get("endpoints")) {
            String where = file.getFileName() + " endpoints[" + index++ + "]";
            for (Iterator<String> it = entry.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!ENTRY_KEYS.contains(key)) {
                    throw new ConfigException(where + ": unknown key \"" + key + "\" (known: " + ENTRY_KEYS + ")");
                }
            }
            Map<Scheme, List<String>> schemes = new EnumMap<>(Scheme.class);
            put(schemes, Scheme.DELEGATED_WORK, words(entry, "delegated", where));
            put(schemes, Scheme.DELEGATED_PERSONAL, words(entry, "personal", where));
            put(schemes, Scheme.APPLICATION, words(entry, "application", where));
            if (schemes.isEmpty()) {
                throw new ConfigException(where + ": no permissions (give delegated, personal or application)");
            }
            List<String> methods = words(entry, "methods", where);
            if (methods.isEmpty()) {
                throw new ConfigException(where + ": \"methods\" is missing");
            }
            for (String m : methods) {
                if (!METHODS.contains(m)) {
                    throw new ConfigException(where + ": unknown method \"" + m + "\"");
                }
            }
            JsonNode paths = entry.path("paths");
            if (!paths.isArray() || paths.isEmpty()) {
                throw new ConfigException(where + ": \"paths\" must be a non-empty array");
            }
            for (JsonNode p : paths) {
                String template = p.asText();
                if (!template.startsWith("/") || template.contains("?") || template.contains(" ")) {
                    throw new ConfigException(where + ": path \"" + template + "\" must start with / and hold no query or spaces");
                }
                for (String method : methods) {
                    EndpointPermissions e = new EndpointPermissions(method, template, schemes, adminConsent);
                    String key = PermissionCatalog.key(method, template);
                    EndpointPermissions before = byKey.put(key, e);
                    if (before != null && !before.bySchemes().equals(e.bySchemes())) {
                        throw new ConfigException(where + ": " + key + " is listed twice with different permissions");
                    }
                }
            }
        }
        return new PermissionCatalog(byKey.values(), clients(file, root));
    }

    private static List<FirstPartyClient> clients(Path file, JsonNode root) throws ConfigException {
        List<FirstPartyClient> out = new ArrayList<>();
        int index = 0;
        for (JsonNode c : root.path("firstPartyClients")) {
            String where = file.getFileName() + " firstPartyClients[" + index++ + "]";
            String appId = c.path("appId").asText("");
            String name = c.path("name").asText("");
            String more = c.path("morePermissions").asText("");
            if (!GUID.matcher(appId).matches() || name.isBlank() || more.isBlank()) {
                throw new ConfigException(where + ": needs appId (a GUID), name and morePermissions");
            }
            out.add(new FirstPartyClient(appId, name, more));
        }
        return out;
    }

    private static void put(Map<Scheme, List<String>> schemes, Scheme scheme, List<String> permissions) {
        if (!permissions.isEmpty()) {
            schemes.put(scheme, permissions);
        }
    }

    private static List<String> words(JsonNode entry, String key, String where) throws ConfigException {
        JsonNode node = entry.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isTextual()) {
            throw new ConfigException(where + ": \"" + key + "\" must be a space-separated string");
        }
        List<String> out = new ArrayList<>();
        for (String w : node.asText().trim().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            if (!key.equals("methods") && !PERMISSIONS_TOGETHER.matcher(w).matches()) {
                throw new ConfigException(where + ": \"" + w + "\" is not a permission name (or names joined by + that are needed together)");
            }
            out.add(key.equals("methods") ? w.toUpperCase(Locale.ROOT) : w);
        }
        return out;
    }

    /** Inverts Microsoft's permission -> paths data into endpoint -> permissions. */
    private static PermissionCatalog fromMicrosoft(JsonNode permissions) {
        record Grant(String name, boolean least, int level) {
        }
        Map<String, String[]> endpoints = new LinkedHashMap<>();
        Map<String, Map<Scheme, List<Grant>>> grants = new LinkedHashMap<>();
        Set<String> adminConsent = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = permissions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> perm = it.next();
            String name = perm.getKey();
            JsonNode schemes = perm.getValue().path("schemes");
            if (schemes.path("DelegatedWork").path("requiresAdminConsent").asBoolean(false)) {
                adminConsent.add(name);
            }
            for (JsonNode set : perm.getValue().path("pathSets")) {
                List<Scheme> keys = new ArrayList<>();
                for (JsonNode k : set.path("schemeKeys")) {
                    try {
                        keys.add(Scheme.fromMicrosoftName(k.asText()));
                    } catch (IllegalArgumentException unknownScheme) {
                        // A scheme added later by Microsoft: skip it, keep the rest.
                    }
                }
                for (Iterator<Map.Entry<String, JsonNode>> paths = set.path("paths").fields(); paths.hasNext(); ) {
                    Map.Entry<String, JsonNode> path = paths.next();
                    String least = path.getValue().asText("");
                    for (JsonNode m : set.path("methods")) {
                        String method = m.asText().toUpperCase(Locale.ROOT);
                        String key = PermissionCatalog.key(method, path.getKey());
                        endpoints.putIfAbsent(key, new String[] {method, path.getKey()});
                        for (Scheme s : keys) {
                            int level = schemes.path(s.microsoftName).path("privilegeLevel").asInt(5);
                            grants.computeIfAbsent(key, k -> new EnumMap<>(Scheme.class))
                                    .computeIfAbsent(s, k -> new ArrayList<>())
                                    .add(new Grant(name, least.contains(s.microsoftName), level));
                        }
                    }
                }
            }
        }
        List<EndpointPermissions> out = new ArrayList<>();
        for (Map.Entry<String, String[]> e : endpoints.entrySet()) {
            Map<Scheme, List<String>> schemes = new EnumMap<>(Scheme.class);
            grants.getOrDefault(e.getKey(), Map.of()).forEach((scheme, list) -> schemes.put(scheme, list.stream()
                    .sorted(Comparator.comparing((Grant g) -> !g.least()).thenComparingInt(Grant::level)
                            .thenComparing(Grant::name))
                    .map(Grant::name).distinct().toList()));
            if (!schemes.isEmpty()) {
                out.add(new EndpointPermissions(e.getValue()[0], e.getValue()[1], schemes, adminConsent));
            }
        }
        return new PermissionCatalog(out);
    }
}
