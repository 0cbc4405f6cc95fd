package dev.graphlens.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlens.config.ConfigException;
import dev.graphlens.config.JsonFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Entra directory roles (config/roles.json): their names by template id, as a token's wids claim
 * lists them, and the roles Graph also wants the signed-in user to hold for some delegated calls.
 * A permission lets the app act for the user; the role decides whether the user may.
 */
public final class DirectoryRoles {
    public static final String GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";
    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}");
    private static final Set<String> REQUIREMENT_KEYS = Set.of("endpoints", "roles", "otherUserOnly", "unless");

    /**
     * @param roleIds       the roles any one of which is enough, least privileged first (Global Administrator always is)
     * @param otherUserOnly the roles matter only when a /users/{id} path addresses someone else
     * @param unless        when no role is needed at all, in words; null when a role always is
     */
    public record Requirement(List<String> roleIds, boolean otherUserOnly, String unless) {
        public Requirement {
            roleIds = List.copyOf(roleIds);
        }

        /** True when one of {@code wids} is enough. */
        public boolean heldBy(List<String> wids) {
            return wids.stream().map(w -> w.toLowerCase(Locale.ROOT))
                    .anyMatch(w -> w.equals(GLOBAL_ADMINISTRATOR) || roleIds.contains(w));
        }
    }

    private final Map<String, String> names;
    /** By PermissionCatalog key (METHOD + normalised template). */
    private final Map<String, Requirement> requirements;

    public DirectoryRoles(Map<String, String> names, Map<String, Requirement> requirements) {
        this.names = Map.copyOf(names);
        this.requirements = Map.copyOf(requirements);
    }

    public static DirectoryRoles none() {
        return new DirectoryRoles(Map.of(), Map.of());
    }

    /** The role's name, or its id when roles.json does not know it. */
    public String name(String id) {
        return names.getOrDefault(id.toLowerCase(Locale.ROOT), id);
    }

    /** The requirement's roles by name, least privileged first. */
    public List<String> names(Requirement requirement) {
        return requirement.roleIds().stream().map(this::name).toList();
    }

    public Optional<Requirement> requirement(String method, String template) {
        return Optional.ofNullable(requirements.get(PermissionCatalog.key(method, template)));
    }

    /** Loads {@code file}; every endpoint a requirement names must be one {@code catalog} lists. */
    public static DirectoryRoles load(Path file, PermissionCatalog catalog) throws ConfigException {
        JsonNode root = JsonFiles.read(file, "directory roles");
        String where = file.getFileName().toString();
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> idsByName = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("roles").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = e.getKey().toLowerCase(Locale.ROOT);
            String name = e.getValue().asText("");
            if (!GUID.matcher(id).matches() || name.isBlank()) {
                throw new ConfigException(where + " roles: \"" + e.getKey() + "\" must be a role template id (a GUID) naming the role");
            }
            names.put(id, name);
            idsByName.put(name, id);
        }
        Map<String, Requirement> requirements = new LinkedHashMap<>();
        // "METHOD /prefix/**" stands for every catalog endpoint under the prefix; an endpoint named on its own wins over it.
        Map<String, Requirement> underPrefixes = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode r : root.path("requirements")) {
            String at = where + " requirements[" + index++ + "]";
            for (Iterator<String> keys = r.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!REQUIREMENT_KEYS.contains(key)) {
                    throw new ConfigException(at + ": unknown key \"" + key + "\" (known: " + REQUIREMENT_KEYS + ")");
                }
            }
            List<String> roleIds = new ArrayList<>();
            for (JsonNode n : r.path("roles")) {
                String id = idsByName.get(n.asText());
                if (id == null) {
                    throw new ConfigException(at + ": role \"" + n.asText() + "\" is not in roles");
                }
                roleIds.add(id);
            }
            if (roleIds.isEmpty() || !r.path("endpoints").isArray() || r.path("endpoints").isEmpty()) {
                throw new ConfigException(at + ": needs endpoints and roles");
            }
            Requirement requirement = new Requirement(roleIds, r.path("otherUserOnly").asBoolean(false),
                    r.hasNonNull("unless") ? r.get("unless").asText() : null);
            for (JsonNode n : r.path("endpoints")) {
                String[] parts = n.asText().split(" ", 2);
                if (parts.length != 2 || !parts[1].startsWith("/")) {
                    throw new ConfigException(at + ": endpoint \"" + n.asText() + "\" must be METHOD /template, as permissions.json writes it");
                }
                if (parts[1].endsWith("/**")) {
                    List<String> keys = catalog.keysUnder(parts[0], parts[1].substring(0, parts[1].length() - 3));
                    if (keys.isEmpty()) {
                        throw new ConfigException(at + ": endpoint \"" + n.asText() + "\" covers no endpoint of the permission catalog");
                    }
                    keys.forEach(k -> underPrefixes.putIfAbsent(k, requirement));
                    continue;
                }
                if (!catalog.lists(parts[0], parts[1])) {
                    throw new ConfigException(at + ": endpoint \"" + n.asText() + "\" is not in the permission catalog (correct it to a template the catalog lists, or remove it)");
                }
                requirements.put(PermissionCatalog.key(parts[0], parts[1]), requirement);
            }
        }
        underPrefixes.forEach(requirements::putIfAbsent);
        return new DirectoryRoles(names, requirements);
    }
}
