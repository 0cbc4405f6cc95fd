package dev.graphlens.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.exchange.Alternative;
import dev.graphlens.exchange.Confidence;
import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.exchange.Diagnoser;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.exchange.UpstreamFailure;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.permissions.PathTemplates;
import dev.graphlens.permissions.DirectoryRoles;
import dev.graphlens.permissions.PermissionCatalog;
import dev.graphlens.token.TokenDecoder;
import dev.graphlens.token.TokenFacts;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * GraphLens's diagnoser: decodes the token, reads the error, looks the endpoint up, computes the
 * facts and lets the rules decide. Knows Graph; knows nothing of Netty.
 */
public final class DiagnosisEngine implements Diagnoser {
    /** Token requests, user PATCHes and subscriptions: only grant_type/client_id/scope, passwordProfile's presence, or resource is read. */
    private static final int SMALL_BODY_CAP = 16 * 1024;
    private static final int BATCH_REQUEST_CAP = 512 * 1024;
    private static final String GRAPH_ERRORS_DOCS = "https://learn.microsoft.com/graph/errors";
    private static final ObjectMapper JSON = new ObjectMapper();
    // Asked of every response (200s too): compiled once.
    private static final Pattern BATCH_PATH = Pattern.compile("/(v1\\.0|beta)/\\$batch");
    private static final Pattern VERSIONED = Pattern.compile("(?i)/(v1\\.0|beta)(/|$)");
    /** A $batch part not run because a request it depended on failed. */
    private static final int FAILED_DEPENDENCY = 424;
    private static final EnumSet<DiagnosisCode> PERMISSION_CODES = EnumSet.of(DiagnosisCode.MISSING_PERMISSION,
            DiagnosisCode.CONSENT_REQUIRED, DiagnosisCode.NO_PERMISSIONS_IN_TOKEN);
    private static final Pattern USER_PATH = Pattern.compile("/(v1\\.0|beta)/(users/[^/]+|me)/?");

    private final RuleSet rules;
    private final AadstsCatalog aadsts;
    private final PermissionCatalog permissions;
    private final DirectoryRoles roles;
    private final Clock clock;
    private final Duration skew;

    public DiagnosisEngine(RuleSet rules, AadstsCatalog aadsts, PermissionCatalog permissions, DirectoryRoles roles,
                           Clock clock, Duration skew) {
        this.rules = rules;
        this.aadsts = aadsts;
        this.permissions = permissions;
        this.roles = roles;
        this.clock = clock;
        this.skew = skew;
    }

    /** The directory roles the engine knows, to name a token's wids. */
    public DirectoryRoles roles() {
        return roles;
    }

    public int ruleCount() {
        return rules.size();
    }

    public PermissionCatalog permissions() {
        return permissions;
    }

    @Override
    public int requestBodyToInspect(RequestFacts request) {
        // Asked of every request: the path is lower-cased only for the one method that reads it here.
        if ("PATCH".equals(request.method()) && USER_PATH.matcher(request.path().toLowerCase(Locale.ROOT)).matches()) {
            return SMALL_BODY_CAP;
        }
        if (!"POST".equals(request.method())) {
            return 0;
        }
        if (request.toTokenEndpoint() || RequestFactGroup.createsSubscription(request)) {
            return SMALL_BODY_CAP;
        }
        return isBatch(request) ? BATCH_REQUEST_CAP : 0;
    }

    /** A sign-in page is read for the error it may show, and browsers ask for brotli, which GraphLens cannot decode. */
    @Override
    public boolean wantsReadableEncoding(RequestFacts request) {
        return request.toSignInPage();
    }

    @Override
    public boolean wantsResponseBody(RequestFacts request, int status, Headers responseHeaders) {
        // The header test first: it is what keeps a Graph 200 off the path regexes.
        return status >= 400 || (status == 200 && (isBatch(request) || isHtml(responseHeaders) && request.toSignInPage()));
    }

    private static boolean isHtml(Headers headers) {
        return headers.first("Content-Type").map(t -> t.toLowerCase(Locale.ROOT).startsWith("text/html")).orElse(false);
    }

    /** A sign-in that failed shows an error page, or hands its error to the app in a form_post page: either answered with 200. */
    private static boolean signInPageWithError(RequestFacts request, ResponseFacts response) {
        return response.status() == 200 && response.body().length > 0 && request.toSignInPage() && !ErrorParser.signInPageError(response).isEmpty();
    }

    /** A sign-in that failed answers with a redirect to the app carrying the error, not with an error status. */
    private static boolean signInRedirectWithError(RequestFacts request, ResponseFacts response) {
        return response.status() >= 300 && request.toAuthorizeEndpoint() && !ErrorParser.redirectError(response).isEmpty();
    }

    private static boolean isBatch(RequestFacts request) {
        return "POST".equals(request.method()) && BATCH_PATH.matcher(request.path().toLowerCase(Locale.ROOT)).matches();
    }

    @Override
    public Optional<Verdict> diagnose(RequestFacts request, ResponseFacts response) {
        return diagnose(request, response, TokenDecoder.decode(request.headers().first("Authorization").orElse(null)));
    }

    /** As above, with the request's token already decoded, or {@link TokenFacts#unseen()} when it was not given. */
    public Optional<Verdict> diagnose(RequestFacts request, ResponseFacts response, TokenFacts token) {
        try {
            if (response.status() < 400 && !signInRedirectWithError(request, response) && !signInPageWithError(request, response)) {
                return isBatch(request) ? diagnoseBatch(request, response, token) : Optional.empty();
            }
            return Optional.of(diagnoseOne(request, response, token));
        } catch (RuntimeException e) {
            // A failure GraphLens cannot explain is still a failure the developer should see explained as far as it goes.
            if (response.status() < 400) {
                return Optional.empty();
            }
            return Optional.of(new Verdict(response.status() == 401 || response.status() == 403 ? DiagnosisCode.UNKNOWN_AUTH_ERROR
                            : DiagnosisCode.NOT_AN_AUTH_ERROR, "Graph answered " + response.status() + "; GraphLens could not diagnose it ("
                            + where(e) + "). Please report this exchange.",
                    "Read Graph's error body; run ./graphlens explain on the saved response for details.", GRAPH_ERRORS_DOCS,
                    Map.of(), List.of(), Confidence.POSSIBLE));
        }
    }

    /** Explains one failed exchange with an already-decoded token (the explain command uses it too). */
    public Verdict diagnoseOne(RequestFacts request, ResponseFacts response, TokenFacts token) {
        ErrorFacts error = ErrorParser.parse(response);
        Map<String, Object> facts = facts(request, response, token, error);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("token", token.safeClaims());
        putIf(details, "errorCode", error.graphCode() != null ? error.graphCode() : error.oauthError());
        putIf(details, "aadsts", error.aadsts().isEmpty() ? null : error.aadsts());
        putIf(details, "suberror", error.suberror());
        putIf(details, "endpoint", facts.get("endpoint.template"));
        putIf(details, "challengeClaims", error.challengeClaims());
        putIf(details, "grantType", facts.get("request.grantType"));
        putIf(details, "clientId", facts.get("request.clientId"));
        putIf(details, "scope", facts.get("request.scope"));
        Optional<RuleSet.Decision> decision = rules.decide(facts);
        if (decision.isEmpty()) {
            return new Verdict(response.status() == 401 || response.status() == 403 ? DiagnosisCode.UNKNOWN_AUTH_ERROR
                    : DiagnosisCode.NOT_AN_AUTH_ERROR, "No rule matched " + response.status() + " "
                    + Optional.ofNullable(error.graphCode()).orElse("") + ".", null, GRAPH_ERRORS_DOCS, details, List.of(), Confidence.POSSIBLE);
        }
        Rule rule = decision.get().rule();
        details.put("rule", rule.id());
        String summary = rule.summary().fill(facts);
        if (!decision.get().alsoTrue().isEmpty()) {
            StringBuilder also = new StringBuilder(summary);
            for (Rule other : decision.get().alsoTrue()) {
                also.append(" Also: ").append(other.code().name()).append(" (").append(other.summary().fill(facts)).append(")");
            }
            summary = also.toString();
            details.put("alsoTrue", decision.get().alsoTrue().stream().map(r -> r.code().name()).toList());
        }
        String docs = rule.docs() != null ? rule.docs() : GRAPH_ERRORS_DOCS;
        String fix = rule.fix() == null ? null : withClientAdvice(rule.code(), rule.fix().fill(facts), token);
        List<Alternative> alternatives = decision.get().runnersUp().stream()
                .map(r -> new Alternative(r.code(), r.tell().fill(facts))).toList();
        return new Verdict(rule.code(), summary, fix, docs, details, List.of(), decision.get().confidence(), alternatives);
    }

    /** The rules in order up to the one that decides this exchange, and why each before it did not hold. */
    public List<String> why(RequestFacts request, ResponseFacts response, TokenFacts token) {
        return rules.trace(facts(request, response, token, ErrorParser.parse(response)));
    }

    private Map<String, Object> facts(RequestFacts request, ResponseFacts response, TokenFacts token, ErrorFacts error) {
        return FactSheet.of(request, response, token, error, aadsts, permissions, roles, clock.instant(), skew);
    }

    /** "Add it to the app registration" cannot be done for Microsoft's own apps: say how they get a permission. */
    private String withClientAdvice(DiagnosisCode code, String fix, TokenFacts token) {
        if (!PERMISSION_CODES.contains(code)) {
            return fix;
        }
        return permissions.firstPartyClient(token.clientId())
                .map(c -> fix + " " + c.name() + " is Microsoft's app, not yours: " + c.morePermissions() + ".")
                .orElse(fix);
    }

    /** A 200 $batch whose sub-responses failed: one verdict per failed sub-request. */
    private Optional<Verdict> diagnoseBatch(RequestFacts request, ResponseFacts response, TokenFacts token) {
        ErrorFacts outer = ErrorParser.parse(response);
        Map<String, String[]> sent = batchRequests(request.body());
        List<Verdict> parts = new ArrayList<>();
        int notRun = 0;
        String version = PathTemplates.version(request.path());
        for (ErrorFacts.BatchPart part : outer.batch()) {
            if (part.status() < 400) {
                continue;
            }
            if (part.status() == FAILED_DEPENDENCY) {
                notRun++;
                continue;
            }
            String[] methodUrl = sent.getOrDefault(part.id(), new String[] {"GET", "/unknown"});
            String url = batchUrl(methodUrl[1]);
            RequestFacts sub = new RequestFacts(methodUrl[0], request.scheme(), request.host(), request.port(),
                    VERSIONED.matcher(url).lookingAt() ? url : version + url, request.headers(), null);
            List<Map.Entry<String, String>> headers = new ArrayList<>(part.headers().entrySet());
            Verdict v = diagnoseOne(sub, new ResponseFacts(part.status(), Headers.of(headers), part.body(), false), token);
            Map<String, Object> details = new LinkedHashMap<>(v.details());
            details.remove("token");
            details.put("id", part.id());
            details.put("status", part.status());
            details.put("request", methodUrl[0] + " " + url);
            parts.add(v.withDetails(details));
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        Verdict first = parts.get(0);
        StringBuilder summary = new StringBuilder("$batch: " + parts.size() + " of " + outer.batch().size() + " requests failed"
                + (notRun == 0 ? "." : " (" + notRun + " more not run: they depended on a failed one)."));
        for (Verdict p : parts) {
            summary.append(" [").append(p.details().get("id")).append("] ").append(p.details().get("request"))
                    .append(": ").append(p.code().name()).append(" - ").append(p.summary());
        }
        return Optional.of(new Verdict(first.code(), summary.toString(), first.fix(), first.docs(),
                Map.of("token", token.safeClaims()), parts, first.confidence(), first.alternatives()));
    }

    /** The exception's type and place, not its message: messages can quote request or response data. */
    private static String where(RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return e.getClass().getSimpleName() + (trace.length == 0 ? "" : " at " + trace[0]);
    }

    /** A sub-request's URL as a path: relative as Graph documents it, or absolute as some clients send it. */
    private static String batchUrl(String url) {
        String path = PathTemplates.withoutOrigin(url);
        return path.startsWith("/") ? path : "/" + path;
    }

    /** id -> {method, url} of a $batch request body; only these two fields are read. */
    private static Map<String, String[]> batchRequests(byte[] body) {
        Map<String, String[]> out = new HashMap<>();
        try {
            JsonNode root = JSON.readTree(body);
            for (JsonNode r : root.path("requests")) {
                out.put(r.path("id").asText(), new String[] {r.path("method").asText("GET").toUpperCase(Locale.ROOT),
                        r.path("url").asText("/")});
            }
        } catch (IOException | RuntimeException e) {
            // A truncated or odd request body: parts are still explained, without their URLs.
        }
        return out;
    }

    @Override
    public Verdict upstreamFailure(RequestFacts request, UpstreamFailure failure) {
        return Verdict.of(DiagnosisCode.UPSTREAM_UNREACHABLE, failure.describe() + ".", failure.kind().fix,
                "https://learn.microsoft.com/graph/errors");
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    public RuleSet rules() {
        return rules;
    }
}
