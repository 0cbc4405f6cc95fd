package dev.graphlens.diagnosis;

import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.permissions.EndpointPermissions;
import dev.graphlens.permissions.PermissionCatalog;
import dev.graphlens.permissions.Scheme;
import dev.graphlens.token.Audience;
import dev.graphlens.token.Cloud;
import dev.graphlens.token.TokenFacts;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the request, the token, the error and the permission catalog into one flat map of named
 * facts: what rules.json conditions test and its templates print. Pure: same inputs, same facts.
 */
final class FactSheet {
    /** Every fact a rule may name, with what it means (validated at load, listed by "explain --facts"). */
    static final Map<String, String> KNOWN = new LinkedHashMap<>();

    private static final String DEFAULT_USER_ROLE = "b79fbf4d-3ef9-4689-8143-76b194e85509";
    private static final Pattern REQUIRED_IN_MESSAGE = Pattern.compile("requires one of '([^']+)'", Pattern.CASE_INSENSITIVE);
    private static final Pattern LOGIN_TOKEN_PATH = Pattern.compile("(?i)/oauth2/(v2\\.0/)?token$");

    static {
        fact("status", "HTTP status of the response (number)");
        fact("retryAfter", "the Retry-After header");
        fact("request.method", "HTTP method");
        fact("request.host", "host the client asked for");
        fact("request.path", "path without query");
        fact("request.endpoint", "method and path: the catalog template when known (GET /users/{id}/messages), else the path");
        fact("request.tokenEndpoint", "true for the identity platform's /oauth2/token endpoints");
        fact("request.grantType", "grant_type of a token request");
        fact("request.clientId", "client_id of a token request");
        fact("request.scope", "scope of a token request");
        fact("request.passwordChange", "true when a PATCH of a user sets passwordProfile (the body is read for this only)");
        fact("graph.cloud", "cloud of the Graph host called (global, US Government L4, ...)");
        fact("token.state", "absent, empty, not_bearer, malformed, opaque or jwt");
        fact("token.problem", "what is wrong with a malformed or non-bearer header");
        fact("token.opaqueMsa", "true for an opaque personal-account (EwA.../EwB...) token");
        fact("token.kind", "app-only, delegated or none");
        fact("token.aud", "the aud claim");
        fact("token.audience", "what aud names: graph, aad_graph, outlook, sharepoint, azure_management, key_vault, storage, client_itself, other_api, none");
        fact("token.audienceLabel", "the audience in words");
        fact("token.cloud", "cloud the token was issued for");
        fact("token.cloudMismatch", "true when the token's cloud differs from the called Graph's cloud");
        fact("token.idToken", "true when the token looks like an ID token");
        fact("token.idTokenSignals", "why it looks like one");
        fact("token.personal", "true for a personal Microsoft account token");
        fact("token.expired", "true when exp is in the past");
        fact("token.expiredAgo", "how long ago it expired, in words");
        fact("token.exp", "exp as a timestamp");
        fact("token.notYetValid", "true when nbf is in the future");
        fact("token.validIn", "how long until nbf, in words");
        fact("token.nbf", "nbf as a timestamp");
        fact("token.beyondSkew", "true when exp/nbf is off by more than the configured clock skew");
        fact("token.hasPermissions", "true when scp or roles is present");
        fact("token.claim", "scp for delegated tokens, roles for app-only ones");
        fact("token.permissions", "the token's scp or roles, space-separated");
        fact("token.app", "the app (display name or appid/azp)");
        fact("token.tid", "tenant id");
        fact("token.adminRoles", "directory role template ids (wids) beyond the default user role");
        fact("error.code", "Graph error.code");
        fact("error.message", "Graph error.message, or the token endpoint's error_description");
        fact("error.innerCode", "error.innerError.code");
        fact("error.bodyKind", "json, text, empty, compressed or truncated");
        fact("error.requiredPermissions", "permissions the error message says the API requires");
        fact("oauth.error", "token endpoint error (invalid_grant, invalid_client, interaction_required ...)");
        fact("oauth.suberror", "token endpoint suberror");
        fact("oauth.claims", "claims challenge in a token endpoint error");
        fact("aadsts.code", "the first AADSTS number (number)");
        fact("aadsts.known", "true when the AADSTS table knows the number");
        fact("aadsts.diagnosis", "the table's diagnosis for it");
        fact("aadsts.name", "the table's name for it");
        fact("aadsts.cause", "the table's cause");
        fact("aadsts.fix", "the table's fix");
        fact("aadsts.description", "error_description cut to its first sentence");
        fact("challenge.error", "error parameter of WWW-Authenticate");
        fact("challenge.claims", "decoded claims of a claims challenge");
        fact("endpoint.known", "true when the permission catalog knows the endpoint");
        fact("endpoint.template", "the catalog template matched");
        fact("endpoint.scheme", "delegated, delegated, personal account, or application: the token's scheme");
        fact("endpoint.accepted", "permissions of the token's scheme the endpoint accepts, least privileged first");
        fact("endpoint.least", "least-privileged permission of the token's scheme");
        fact("endpoint.supportsTokenKind", "true when the endpoint has permissions of the token's scheme");
        fact("endpoint.delegatedOnly", "true when the endpoint has no application permission");
        fact("endpoint.applicationOnly", "true when the endpoint has no delegated permission");
        fact("endpoint.personalSupported", "true when personal accounts may call the endpoint");
        fact("endpoint.tokenHasAccepted", "true when the token holds a permission the endpoint accepts");
        fact("endpoint.granted", "the token's permissions that the endpoint accepts");
        fact("endpoint.delegatedLeast", "least-privileged delegated permission");
        fact("endpoint.applicationLeast", "least-privileged application permission");
        fact("endpoint.adminConsent", "true when the least-privileged permission needs admin consent");
    }

    private static void fact(String name, String meaning) {
        KNOWN.put(name, meaning);
    }

    private FactSheet() {
    }

    static Map<String, Object> of(RequestFacts request, ResponseFacts response, TokenFacts token, ErrorFacts error,
                                  AadstsCatalog aadsts, PermissionCatalog catalog, Instant now, Duration skew) {
        // Sized for every known fact, so filling it never rehashes.
        Map<String, Object> f = new LinkedHashMap<>(KNOWN.size() * 4 / 3 + 1);
        f.put("status", (double) response.status());
        f.put("retryAfter", error.retryAfter());
        request(f, request);
        token(f, request, token, now, skew);
        error(f, error, aadsts);
        endpoint(f, request, token, catalog);
        return f;
    }

    private static void request(Map<String, Object> f, RequestFacts r) {
        f.put("request.method", r.method());
        f.put("request.host", r.host());
        f.put("request.path", r.path());
        Cloud cloud = Cloud.ofGraphHost(r.host());
        f.put("graph.cloud", cloud == null ? null : cloud.label);
        boolean tokenEndpoint = LOGIN_TOKEN_PATH.matcher(r.path()).find();
        f.put("request.tokenEndpoint", tokenEndpoint);
        f.put("request.endpoint", r.method() + " " + r.path());
        if (r.method().equals("PATCH") && r.body().length > 0) {
            f.put("request.passwordChange", new String(r.body(), StandardCharsets.UTF_8).contains("\"passwordProfile\""));
        }
        if (tokenEndpoint && r.body().length > 0) {
            // Only these three fields are ever read from a token request: never secrets or codes.
            Map<String, String> form = form(new String(r.body(), StandardCharsets.UTF_8));
            f.put("request.grantType", form.get("grant_type"));
            f.put("request.clientId", form.get("client_id"));
            f.put("request.scope", form.get("scope"));
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String key = pair.substring(0, eq);
                if (key.equals("grant_type") || key.equals("client_id") || key.equals("scope")) {
                    try {
                        out.put(key, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        out.put(key, pair.substring(eq + 1));
                    }
                }
            }
        }
        return out;
    }

    private static void token(Map<String, Object> f, RequestFacts r, TokenFacts t, Instant now, Duration skew) {
        f.put("token.state", t.state().name().toLowerCase(Locale.ROOT));
        f.put("token.problem", t.problem());
        f.put("token.opaqueMsa", t.state() == TokenFacts.State.OPAQUE && t.problem() != null && t.problem().contains("personal"));
        f.put("token.kind", t.kind() == TokenFacts.Kind.APP_ONLY ? "app-only" : t.kind().name().toLowerCase(Locale.ROOT));
        if (!t.isJwt()) {
            f.put("token.hasPermissions", false);
            f.put("token.personal", Boolean.TRUE.equals(f.get("token.opaqueMsa")));
            return;
        }
        Audience audience = t.audience();
        f.put("token.aud", t.aud());
        f.put("token.audience", audience.name().toLowerCase(Locale.ROOT));
        f.put("token.audienceLabel", audience.label);
        Cloud tokenCloud = t.cloud();
        Cloud hostCloud = Cloud.ofGraphHost(r.host());
        f.put("token.cloud", tokenCloud == null ? null : tokenCloud.label);
        f.put("token.cloudMismatch", tokenCloud != null && hostCloud != null && tokenCloud != hostCloud
                && !(sameLogin(tokenCloud, hostCloud) && Audience.cloudOfGraphUrl(t.aud()) == null));
        f.put("token.idToken", t.looksLikeIdToken());
        f.put("token.idTokenSignals", t.idTokenSignals().isEmpty() ? "aud is a client id and there is no scp or roles"
                : "it carries " + String.join(", ", t.idTokenSignals()));
        f.put("token.personal", t.personalAccount());
        f.put("token.expired", t.exp() != null && !t.exp().isAfter(now));
        f.put("token.exp", t.exp() == null ? null : t.exp().toString());
        f.put("token.expiredAgo", t.exp() == null ? null : words(Duration.between(t.exp(), now)));
        f.put("token.notYetValid", t.nbf() != null && t.nbf().isAfter(now));
        f.put("token.nbf", t.nbf() == null ? null : t.nbf().toString());
        f.put("token.validIn", t.nbf() == null ? null : words(Duration.between(now, t.nbf())));
        boolean beyond = (t.exp() != null && t.exp().plus(skew).isBefore(now)) || (t.nbf() != null && t.nbf().minus(skew).isAfter(now));
        f.put("token.beyondSkew", beyond);
        Set<String> perms = t.permissions();
        f.put("token.hasPermissions", !t.scp().isEmpty() || !t.roles().isEmpty());
        f.put("token.claim", t.kind() == TokenFacts.Kind.APP_ONLY ? "roles" : "scp");
        f.put("token.permissions", perms.isEmpty() ? "(none)" : String.join(" ", perms));
        f.put("token.app", t.appDisplayName() != null ? t.appDisplayName() + " (" + t.clientId() + ")" : t.clientId());
        f.put("token.tid", t.tid());
        List<String> roles = new ArrayList<>(t.wids());
        roles.remove(DEFAULT_USER_ROLE);
        f.put("token.adminRoles", roles.isEmpty() ? "none" : String.join(" ", roles));
    }

    /** US Gov L4 and L5 share a login host, so a GUID-audience token cannot tell them apart. */
    private static boolean sameLogin(Cloud a, Cloud b) {
        return a.loginHost.equals(b.loginHost);
    }

    private static void error(Map<String, Object> f, ErrorFacts e, AadstsCatalog aadsts) {
        f.put("error.code", e.graphCode());
        f.put("error.message", e.message());
        f.put("error.innerCode", e.innerCode());
        f.put("error.bodyKind", e.bodyKind());
        if (e.message() != null) {
            Matcher m = REQUIRED_IN_MESSAGE.matcher(e.message());
            if (m.find()) {
                f.put("error.requiredPermissions", m.group(1).replace(",", " or").trim());
            }
        }
        f.put("oauth.error", e.oauthError());
        f.put("oauth.suberror", e.suberror());
        f.put("oauth.claims", e.claims());
        f.put("challenge.error", e.challengeError());
        f.put("challenge.claims", e.challengeClaims());
        if (!e.aadsts().isEmpty()) {
            int code = e.aadsts().get(0);
            f.put("aadsts.code", (double) code);
            Optional<AadstsCatalog.Entry> entry = aadsts.find(code);
            f.put("aadsts.known", entry.isPresent());
            entry.ifPresent(x -> {
                f.put("aadsts.diagnosis", x.diagnosis().name());
                f.put("aadsts.name", x.name());
                f.put("aadsts.cause", x.cause());
                f.put("aadsts.fix", x.fix());
            });
            f.put("aadsts.description", firstSentence(e.oauthDescription()));
        }
    }

    private static void endpoint(Map<String, Object> f, RequestFacts r, TokenFacts t, PermissionCatalog catalog) {
        if (Boolean.TRUE.equals(f.get("request.tokenEndpoint")) || Cloud.ofGraphHost(r.host()) == null) {
            f.put("endpoint.known", false);
            return;
        }
        Optional<PermissionCatalog.Match> match = catalog.lookup(r.method(), r.path());
        f.put("endpoint.known", match.isPresent());
        if (match.isEmpty()) {
            return;
        }
        EndpointPermissions e = match.get().endpoint();
        f.put("request.endpoint", e.method() + " " + e.template());
        Scheme scheme = t.kind() == TokenFacts.Kind.APP_ONLY ? Scheme.APPLICATION
                : t.personalAccount() ? Scheme.DELEGATED_PERSONAL : Scheme.DELEGATED_WORK;
        f.put("endpoint.template", e.method() + " " + e.template());
        f.put("endpoint.scheme", scheme.label);
        f.put("endpoint.accepted", orList(e.accepted(scheme)));
        f.put("endpoint.least", e.least(scheme));
        f.put("endpoint.supportsTokenKind", e.supports(scheme));
        f.put("endpoint.delegatedOnly", !e.supports(Scheme.APPLICATION) && e.supports(Scheme.DELEGATED_WORK));
        f.put("endpoint.applicationOnly", e.supports(Scheme.APPLICATION) && !e.supports(Scheme.DELEGATED_WORK));
        f.put("endpoint.personalSupported", e.supports(Scheme.DELEGATED_PERSONAL));
        Set<String> granted = new LinkedHashSet<>();
        for (String p : t.permissions()) {
            if (e.accepts(scheme, Set.of(p))) {
                granted.add(p);
            }
        }
        f.put("endpoint.tokenHasAccepted", !granted.isEmpty());
        f.put("endpoint.granted", String.join(" ", granted));
        f.put("endpoint.delegatedLeast", e.least(Scheme.DELEGATED_WORK));
        f.put("endpoint.applicationLeast", e.least(Scheme.APPLICATION));
        String least = e.least(scheme);
        f.put("endpoint.adminConsent", least != null && (scheme == Scheme.APPLICATION || e.adminConsent().contains(least)));
    }

    /** "A or B (least privileged first), or higher: C, D". */
    private static String orList(List<String> perms) {
        if (perms.isEmpty()) {
            return "(none of this kind)";
        }
        if (perms.size() <= 2) {
            return String.join(" or ", perms);
        }
        return perms.get(0) + " or " + perms.get(1) + " (or higher: " + String.join(", ", perms.subList(2, perms.size())) + ")";
    }

    static String words(Duration d) {
        long s = Math.abs(d.getSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        if (s < 172800) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86400) + " days";
    }

    private static String firstSentence(String text) {
        if (text == null) {
            return null;
        }
        String t = text.replaceAll("\\s+", " ").replaceFirst("^AADSTS\\d+:\\s*", "").trim();
        int end = t.indexOf(". ");
        String first = end > 0 ? t.substring(0, end + 1) : t;
        int trace = first.indexOf("Trace ID:");
        if (trace > 0) {
            first = first.substring(0, trace).trim();
        }
        return first.length() > 200 ? first.substring(0, 197) + "..." : first;
    }
}
