package dev.graphlens.permissions;

import dev.graphlens.memo.BoundedMemo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which permissions each Graph endpoint accepts; answers "what does this request need?". */
public final class PermissionCatalog {
    /** Key: METHOD + " " + normalised template. */
    private final Map<String, EndpointPermissions> entries;
    /** Candidates by "METHOD segment-count": a lookup scans only templates that could match. */
    private final Map<String, List<Entry>> byShape = new LinkedHashMap<>();
    /**
     * Answers for paths seen lately: an app calls the same few URLs over and over, and every
     * exchange is looked up twice (diagnosis, session summary). Cleared when full, so it stays bounded.
     */
    private static final int RECENT_MAX = 4096;
    /** Keyed by method and path without query: the match depends on nothing else. */
    private final BoundedMemo<String, Optional<Match>> recent = new BoundedMemo<>(RECENT_MAX, this::find);
    /** Top segments under which unrelated resources live (a user's mail, files and chats): neighbours there share two literal segments. */
    private static final Set<String> CONTAINERS = Set.of("users", "groups", "sites", "drives", "teams", "chats", "applications",
            "serviceprincipals", "directory", "admin", "solutions", "communications", "security", "identity", "policies", "reports",
            "organization", "devices");
    /** By lower-case app id. */
    private final Map<String, FirstPartyClient> clients;
    /** Every entry, in catalog order: what {@link #neighbours} scans. */
    private final List<Entry> all = new ArrayList<>();
    /** Every permission name some endpoint accepts, lower case, per scheme. */
    private final Map<Scheme, Set<String>> names = new EnumMap<>(Scheme.class);

    private record Entry(List<String> segments, EndpointPermissions permissions) {
    }

    /** What a request matched: the endpoint's permissions and how the request path was read. */
    public record Match(EndpointPermissions endpoint, boolean viaMe) {
    }

    public PermissionCatalog(Collection<EndpointPermissions> endpoints) {
        this(endpoints, List.of());
    }

    public PermissionCatalog(Collection<EndpointPermissions> endpoints, Collection<FirstPartyClient> clients) {
        Map<String, FirstPartyClient> byId = new LinkedHashMap<>();
        clients.forEach(c -> byId.put(c.appId().toLowerCase(Locale.ROOT), c));
        this.clients = byId;
        Map<String, EndpointPermissions> map = new LinkedHashMap<>();
        for (EndpointPermissions e : endpoints) {
            map.put(key(e.method(), e.template()), e);
        }
        this.entries = map;
        for (EndpointPermissions e : map.values()) {
            List<String> segs = PathTemplates.segments(e.template());
            Entry indexed = new Entry(segs, e);
            byShape.computeIfAbsent(shape(e.method(), segs.size()), n -> new ArrayList<>()).add(indexed);
            all.add(indexed);
            for (Scheme scheme : Scheme.values()) {
                for (String accepted : e.accepted(scheme)) {
                    EndpointPermissions.parts(accepted).forEach(p -> names.computeIfAbsent(scheme, k -> new HashSet<>()).add(p.toLowerCase(Locale.ROOT)));
                }
            }
        }
    }

    /** True when some endpoint accepts {@code permission} as a permission of {@code scheme}. */
    public boolean names(Scheme scheme, String permission) {
        return names.getOrDefault(scheme, Set.of()).contains(permission.toLowerCase(Locale.ROOT));
    }

    private static String shape(String method, int segments) {
        return method.toUpperCase(Locale.ROOT) + " " + segments;
    }

    /** True when the catalog has an entry for exactly this method and template. */
    public boolean lists(String method, String template) {
        return entries.containsKey(key(method, template));
    }

    /** Keys of the catalog's {@code method} endpoints whose templates lie under {@code prefix} (a template, no trailing slash). */
    public List<String> keysUnder(String method, String prefix) {
        String under = key(method, prefix) + "/";
        return entries.keySet().stream().filter(k -> k.startsWith(under)).toList();
    }

    static String key(String method, String template) {
        return method.toUpperCase(Locale.ROOT) + " " + PathTemplates.join(PathTemplates.segments(template));
    }

    public int size() {
        return entries.size();
    }

    public Collection<EndpointPermissions> endpoints() {
        return entries.values();
    }

    /** This catalog with {@code overlay}'s entries added, replacing those with the same method and template. */
    public PermissionCatalog mergedWith(PermissionCatalog overlay) {
        Map<String, EndpointPermissions> merged = new LinkedHashMap<>(entries);
        overlay.entries.forEach(merged::put);
        Map<String, FirstPartyClient> mergedClients = new LinkedHashMap<>(clients);
        overlay.clients.forEach(mergedClients::put);
        return new PermissionCatalog(merged.values(), mergedClients.values());
    }

    /** The Microsoft app with this client id (appid/azp), if the catalog knows it as one. */
    public Optional<FirstPartyClient> firstPartyClient(String appId) {
        return appId == null ? Optional.empty() : Optional.ofNullable(clients.get(appId.toLowerCase(Locale.ROOT)));
    }

    /**
     * The most specific endpoint matching the request. {@code /me/...} also matches
     * {@code /users/{id}/...}; a trailing {@code $value} or {@code $count} falls back to its parent.
     */
    public Optional<Match> lookup(String method, String path) {
        int query = path.indexOf('?');
        return recent.get(method + ' ' + (query < 0 ? path : path.substring(0, query)));
    }

    /** Finds the match for a "METHOD path" key. */
    private Optional<Match> find(String key) {
        int space = key.indexOf(' ');
        String method = key.substring(0, space);
        String path = key.substring(space + 1);
        List<String> segs = PathTemplates.segments(path);
        Optional<Match> found = best(method, segs, false);
        if (found.isEmpty() && isMe(segs)) {
            found = best(method, asUser(segs), true);
        }
        if (found.isEmpty() && !segs.isEmpty()) {
            String last = segs.get(segs.size() - 1);
            if (last.equals("$value") || last.equals("$count")) {
                return find("GET " + PathTemplates.join(segs.subList(0, segs.size() - 1)));
            }
        }
        return found;
    }

    private Optional<Match> best(String method, List<String> segs, boolean viaMe) {
        Entry best = null;
        int bestScore = -1;
        for (Entry e : byShape.getOrDefault(shape(method, segs.size()), List.of())) {
            int score = score(e.segments(), segs);
            if (score > bestScore) {
                best = e;
                bestScore = score;
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Match(best.permissions(), viaMe));
    }

    /**
     * For a path the catalog does not list: the endpoints with the same kind of method (a read, or a
     * write) whose templates share the most literal leading segments with it, at least one. An
     * endpoint Graph added lately mostly takes the permissions of its neighbours in the tree.
     */
    public List<EndpointPermissions> neighbours(String method, String path) {
        List<String> segs = PathTemplates.segments(path);
        if (isMe(segs)) {
            segs = asUser(segs);
        }
        if (segs.isEmpty()) {
            return List.of();
        }
        boolean read = method.equalsIgnoreCase("GET");
        int best = CONTAINERS.contains(segs.get(0)) ? 2 : 1;
        List<EndpointPermissions> nearest = new ArrayList<>();
        for (Entry e : all) {
            if (e.permissions().method().equalsIgnoreCase("GET") != read) {
                continue;
            }
            int shared = sharedLiterals(e.segments(), segs);
            if (shared > best) {
                best = shared;
                nearest.clear();
            }
            if (shared == best) {
                nearest.add(e.permissions());
            }
        }
        return nearest;
    }

    private static boolean isMe(List<String> segs) {
        return !segs.isEmpty() && segs.get(0).equals("me");
    }

    /** /me/... as the /users/{id}/... it stands for. */
    private static List<String> asUser(List<String> segs) {
        List<String> asUser = new ArrayList<>(segs);
        asUser.set(0, PathTemplates.ANY);
        asUser.add(0, "users");
        return asUser;
    }

    /** How many literal segments the template and the path share before they part. */
    private static int sharedLiterals(List<String> template, List<String> path) {
        int literal = 0;
        for (int i = 0; i < Math.min(template.size(), path.size()); i++) {
            String t = template.get(i);
            if (t.equals(PathTemplates.ANY)) {
                continue;
            }
            if (!t.equals(path.get(i))) {
                break;
            }
            literal++;
        }
        return literal;
    }

    /** -1 if the template does not match; otherwise how many literal segments it pinned (more is more specific). */
    private static int score(List<String> template, List<String> path) {
        int literal = 0;
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            String p = path.get(i);
            if (t.equals(PathTemplates.ANY)) {
                continue;
            }
            if (!t.equals(p)) {
                return -1;
            }
            literal++;
        }
        return literal;
    }
}
