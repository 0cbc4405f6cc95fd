package dev.graphlens.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.memo.BoundedMemo;
import dev.graphlens.permissions.EndpointPermissions;
import dev.graphlens.permissions.PermissionCatalog;
import dev.graphlens.permissions.Scheme;
import dev.graphlens.token.TokenDecoder;
import dev.graphlens.token.TokenFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What the session's traffic needed versus what its tokens carried, per app and token type (a
 * minimal-permissions report from live calls), the most called endpoints, and failures by code.
 * Only decoded, non-secret claims are kept.
 */
public final class SessionSummary implements Reporter {
    /**
     * A session runs for hours: endpoints the catalog does not know are kept by a template guess
     * (ids replaced), and past these many distinct ones further ones are only counted.
     */
    static final int MAX_ENDPOINTS = 500;
    static final String OTHER_ENDPOINTS = "(other endpoints)";
    private static final Pattern ID_LIKE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}|\\d+|.*@.*|(?=.*\\d).{16,}");

    /** The catalog as it is now: the proxy reloads it when its file changes. */
    private final Supplier<PermissionCatalog> catalog;
    private final Map<String, App> apps = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> callsByEndpoint = new ConcurrentHashMap<>();
    private static final int MAX_GUESSED = 4096;
    /** An app calls the same few paths the catalog does not know over and over: each is read once. */
    private final BoundedMemo<String, String> guessed = new BoundedMemo<>(MAX_GUESSED, SessionSummary::guessedEndpoint);

    /** One app (appid) and token kind. */
    private static final class App {
        final String appId;
        final String kind;
        /** The token's app_displayname, as first seen: what the developer calls the app. */
        volatile String name;
        final Set<String> carried = ConcurrentHashMap.newKeySet();
        final Map<String, List<String>> neededByEndpoint = new ConcurrentHashMap<>();
        final Set<String> unknownEndpoints = ConcurrentHashMap.newKeySet();

        App(String appId, String kind) {
            this.appId = appId;
            this.kind = kind;
        }
    }

    public SessionSummary(PermissionCatalog catalog) {
        this(() -> catalog);
    }

    public SessionSummary(Supplier<PermissionCatalog> catalog) {
        this.catalog = catalog;
    }

    /**
     * One call as the summary needs it: from live traffic or from a log line.
     *
     * @param path        the request path without its query (RequestFacts.path(), URI.getRawPath())
     * @param scheme      the token's permission scheme, or null when the call carried no usable token
     * @param appName     the token's app_displayname, or null
     * @param permissions the token's scp or roles
     * @param code        the diagnosis code, if the call failed
     */
    public record Call(String method, String path, String appId, String appName, Scheme scheme, Set<String> permissions, String code) {
    }

    /**
     * The last live call: its token (the decoder hands back one instance per header), method, path,
     * the catalog it was looked up in, and the endpoint it was counted under. An app repeats its
     * calls, and a repeat adds nothing but its counts.
     */
    private record LastCall(TokenFacts token, String method, String path, PermissionCatalog catalog, String endpoint) {
        boolean repeatedBy(TokenFacts token, RequestFacts request, PermissionCatalog catalog) {
            return token == this.token && catalog == this.catalog && request.method().equals(method) && request.path().equals(path);
        }
    }

    private LastCall last;

    @Override
    public void completed(ExchangeRecord r) {
        TokenFacts token = TokenDecoder.decode(r.request().headers().first("Authorization").orElse(null));
        String code = r.verdict().map(v -> v.code().name()).orElse(null);
        PermissionCatalog now = catalog.get();
        if (last != null && last.repeatedBy(token, r.request(), now)) {
            count(code, last.endpoint());
            return;
        }
        Scheme scheme = null;
        if (token.isJwt() && token.kind() != TokenFacts.Kind.NONE) {
            scheme = token.kind() == TokenFacts.Kind.APP_ONLY ? Scheme.APPLICATION
                    : token.personalAccount() ? Scheme.DELEGATED_PERSONAL : Scheme.DELEGATED_WORK;
        }
        String endpoint = add(new Call(r.request().method(), r.request().path(), token.clientId(), token.appDisplayName(), scheme,
                token.permissions(), code), now);
        last = new LastCall(token, r.request().method(), r.request().path(), now, endpoint);
    }

    public void add(Call call) {
        add(call, catalog.get());
    }

    /** Counts the call and records what its app needed; returns the endpoint it was counted under. */
    private String add(Call call, PermissionCatalog now) {
        Optional<PermissionCatalog.Match> match = now.lookup(call.method(), call.path());
        String endpoint = match.map(m -> m.endpoint().method() + " " + m.endpoint().template())
                .orElseGet(() -> guessed.get(call.method() + " " + call.path()));
        boolean room = callsByEndpoint.containsKey(endpoint) || callsByEndpoint.size() < MAX_ENDPOINTS;
        String counted = room ? endpoint : OTHER_ENDPOINTS;
        count(call.code(), counted);
        if (call.scheme() == null) {
            return counted;
        }
        String kind = call.scheme() == Scheme.APPLICATION ? "application" : "delegated";
        String appId = call.appId() == null ? "(no appid)" : call.appId();
        App app = apps.computeIfAbsent(appId + " " + kind, k -> new App(appId, kind));
        if (app.name == null && call.appName() != null && !call.appName().isBlank()) {
            app.name = call.appName();
        }
        app.carried.addAll(call.permissions());
        match.ifPresentOrElse(m -> {
            EndpointPermissions e = m.endpoint();
            if (e.supports(call.scheme())) {
                app.neededByEndpoint.put(endpoint, needed(e.accepted(call.scheme()), call.permissions()));
            }
        }, () -> {
            if (room) {
                app.unknownEndpoints.add(endpoint);
            }
        });
        return counted;
    }

    private void count(String code, String endpoint) {
        if (code != null) {
            failures.merge(code, 1, Integer::sum);
        }
        callsByEndpoint.merge(endpoint, 1, Integer::sum);
    }

    /** "METHOD path" with the path's id-like segments as {id}. */
    private static String guessedEndpoint(String call) {
        int space = call.indexOf(' ');
        return call.substring(0, space + 1) + guessTemplate(call.substring(space + 1));
    }

    /** A path (no query: both callers pass one without) the catalog does not know, id-like segments as {id}. */
    static String guessTemplate(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (ID_LIKE.matcher(segments[i]).matches()) {
                segments[i] = "{id}";
            }
        }
        return String.join("/", segments);
    }

    /**
     * The permissions of the weakest accepted entry the token already holds in full (as the token
     * names them), else those of the least-privileged entry.
     */
    private static List<String> needed(List<String> accepted, Set<String> carried) {
        for (String entry : accepted) {
            if (EndpointPermissions.heldBy(entry, carried)) {
                return carried.stream().filter(c -> EndpointPermissions.meetsPart(entry, c)).sorted(String.CASE_INSENSITIVE_ORDER).toList();
            }
        }
        return EndpointPermissions.parts(accepted.get(0));
    }

    public boolean isEmpty() {
        return apps.isEmpty() && failures.isEmpty();
    }

    /** The summary as data: per app and kind, endpoints, needed, carried, excess, missing; failures by code. */
    public Map<String, Object> toMap() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (App app : new TreeMap<>(apps).values()) {
            Set<String> needed = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            app.neededByEndpoint.values().forEach(needed::addAll);
            Set<String> carried = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            carried.addAll(app.carried);
            Set<String> excess = new TreeSet<>(carried);
            excess.removeAll(needed);
            excess.removeAll(Set.of("openid", "profile", "email", "offline_access"));
            Set<String> missing = new TreeSet<>(needed);
            missing.removeAll(carried);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("appid", app.appId);
            m.put("appName", app.name);
            m.put("tokenType", app.kind);
            Map<String, String> endpoints = new TreeMap<>();
            app.neededByEndpoint.forEach((endpoint, permissions) -> endpoints.put(endpoint, String.join(" and ", permissions)));
            m.put("endpoints", endpoints);
            m.put("needed", List.copyOf(needed));
            m.put("carried", List.copyOf(carried));
            m.put("excess", List.copyOf(excess));
            m.put("missing", List.copyOf(missing));
            m.put("unknownEndpoints", List.copyOf(new TreeSet<>(app.unknownEndpoints)));
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apps", list);
        out.put("failuresByCode", new TreeMap<>(failures));
        List<Map<String, Object>> top = new ArrayList<>();
        callsByEndpoint.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(10)
                .forEach(e -> top.add(Map.of("endpoint", e.getKey(), "calls", e.getValue())));
        out.put("topEndpoints", top);
        return out;
    }

    @SuppressWarnings("unchecked")
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("## GraphLens session summary\n");
        Map<String, Object> data = toMap();
        for (Map<String, Object> app : (List<Map<String, Object>>) data.get("apps")) {
            sb.append("\n### ").append(app.get("appName") == null ? "app " + app.get("appid") + " (" : app.get("appName") + " (appid " + app.get("appid") + ", ")
                    .append(app.get("tokenType")).append(" token)\n\n");
            sb.append("| endpoint called | permission it needs |\n|---|---|\n");
            ((Map<String, String>) app.get("endpoints")).forEach((e, p) -> sb.append("| ").append(e).append(" | ").append(p).append(" |\n"));
            sb.append("\n- smallest set covering these calls: ").append(join(app.get("needed")));
            sb.append("\n- carried by the tokens: ").append(join(app.get("carried")));
            sb.append("\n- carried but never needed (over-privilege): ").append(join(app.get("excess")));
            sb.append("\n- needed but not carried: ").append(join(app.get("missing")));
            List<String> unknown = (List<String>) app.get("unknownEndpoints");
            if (!unknown.isEmpty()) {
                sb.append("\n- not in the permission catalog: ").append(String.join(", ", unknown));
            }
            sb.append('\n');
        }
        List<Map<String, Object>> top = (List<Map<String, Object>>) data.get("topEndpoints");
        if (!top.isEmpty()) {
            sb.append("\n### Top endpoints\n\n| endpoint | calls |\n|---|---|\n");
            top.forEach(t -> sb.append("| ").append(t.get("endpoint")).append(" | ").append(t.get("calls")).append(" |\n"));
        }
        Map<String, Integer> byCode = (Map<String, Integer>) data.get("failuresByCode");
        if (!byCode.isEmpty()) {
            sb.append("\nFailures by code: ").append(String.join(", ", byCode.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()))
                    .append('\n');
        }
        return sb.toString();
    }

    public void writeJson(Path file) throws IOException {
        Files.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toMap()));
    }

    private static String join(Object list) {
        List<?> l = (List<?>) list;
        return l.isEmpty() ? "none" : String.join(" ", l.stream().map(String::valueOf).toList());
    }
}
