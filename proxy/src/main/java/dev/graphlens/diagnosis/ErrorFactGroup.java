package dev.graphlens.diagnosis;

import dev.graphlens.permissions.Scheme;
import dev.graphlens.token.TokenFacts;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts about what the service answered: status, Retry-After, the error body and the WWW-Authenticate challenge. */
final class ErrorFactGroup {
    /** How services name the permissions they wanted: Teams and most of Graph, Intune and OneNote, the security API. */
    private static final List<Pattern> REQUIRED_IN_MESSAGE = List.of(
            Pattern.compile("requir(?:es|ed) one of '([^']+)'", Pattern.CASE_INSENSITIVE),
            Pattern.compile("does not have any of the required (?:scopes|roles|permissions):\\s*([A-Za-z][\\w.-]*(?:\\s*,\\s*[A-Za-z][\\w.-]*)*)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b([A-Z][A-Za-z]+(?:\\.[A-Za-z]+){1,3}) (?:scope|permission|role) is required"),
            Pattern.compile("one of the following scopes:\\s*([A-Za-z][\\w.-]*(?:\\s*,\\s*[A-Za-z][\\w.-]*)*)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("API required (?:roles|scopes|permissions):\\s*([A-Za-z][\\w.-]*(?:\\s*,\\s*[A-Za-z][\\w.-]*)*)", Pattern.CASE_INSENSITIVE),
            // Search: "Access to ChatMessage in Graph API requires the following permissions: Chat.Read or Chat.ReadWrite, ChannelMessage.Read.All. However, ..."
            Pattern.compile("requires the following permissions?:\\s*([A-Za-z][\\w.-]*(?:\\s*(?:,|\\bor\\b)\\s*[A-Za-z][\\w.-]*)*)", Pattern.CASE_INSENSITIVE),
            // Privileged Identity Management: "Authorization failed due to missing permission scope A,B."
            Pattern.compile("missing permission scopes?:?\\s*([A-Za-z][\\w.-]*(?:\\s*,\\s*[A-Za-z][\\w.-]*)*)", Pattern.CASE_INSENSITIVE),
            // Reports and sign-in activities: "Calling principal does not have required MSGraph permissions AuditLog.Read.All"
            Pattern.compile("does not have (?:the )?required (?:MSGraph |Microsoft Graph )?(?:permissions?|scopes?|roles?):?\\s+"
                    + "([A-Z][A-Za-z]+(?:\\.[A-Za-z]+){1,3}(?:\\s*(?:,|\\bor\\b)\\s*[A-Z][A-Za-z]+(?:\\.[A-Za-z]+){1,3})*)"),
            // Workloads behind Graph's authorization policies: "requirements are not satisfied: ScopeAuthorizationRequirement(A, B)."
            Pattern.compile("(?:Scope|Role)AuthorizationRequirement\\(\\s*([A-Za-z][\\w.-]*(?:\\s*,\\s*[A-Za-z][\\w.-]*)*)\\s*\\)"));
    /** Codes of a 401 about the token itself, whatever its message says. */
    private static final Pattern TOKEN_REFUSAL_CODE = Pattern.compile(
            "(?i)InvalidAuthenticationToken|unauthenticated|Authentication_(MissingOrMalformed|ExpiredToken|Unauthorized)|40001|MissingCredentials");
    /** What a refusal says, in Graph's code or message (read against error.said: "code: message"). */
    private static final PhrasePattern REFUSAL = new PhrasePattern("(^|: )(Forbidden|Authorization_RequestDenied|ErrorAccessDenied|AccessDenied|Unauthorized"
            + "|UnauthorizedAccessException|authorization_error|Authentication_\\w+|ErrorSendAsDenied|PermissionScopeNotGranted|MissingCredentials"
            + "|notAllowed|40004):"
            + "|insufficient (privileges|permissions)|missing (scope|role|application) (permissions|roles)|access is denied|access denied"
            + "|((do|does) not|don't|doesn't) have (the )?((required|necessary|sufficient) )?(permissions?|privileges|scopes|roles)\\b|not authorized to"
            + "|application access policy|required scopes|API requires one of|S2SUnauthorized|PolicyNotSatisfied|Request Authorization failed"
            // A subscription workload's refusal, not the notification endpoint's own answer to validation.
            + "|Status Code: (Forbidden|Unauthorized)(?!.*validation)");
    private static final Pattern TRACE_LINE = Pattern.compile("\\r?\\n(Trace ID|Correlation ID|Timestamp):[^\\r\\n]*");

    static void declare(FactSheet.Declarations<ErrorFactGroup> d) {
        d.fact("status", "HTTP status of the response (number); a Graph error that refuses access (access denied, missing permissions, insufficient privileges) counts as 403 when sent as 400, or as 401 to a sound token, as Graph sends some refusals so",
                g -> (double) (g.refusalSentAsOtherStatus() ? 403 : g.sheet.response.status()));
        d.fact("status.sent", "HTTP status exactly as the service sent it (number)", g -> (double) g.sheet.response.status());
        d.fact("retryAfter", "the Retry-After header", g -> g.error.retryAfter());
        d.fact("retryAdvice", "how long to wait, in words: the Retry-After header's seconds, or that none came",
                g -> g.error.retryAfter() == null ? "no Retry-After header, so back off exponentially"
                        : "Retry-After: " + g.error.retryAfter() + " s");
        d.fact("error.code", "Graph error.code", g -> g.error.graphCode());
        d.fact("error.message", "Graph error.message, or the token endpoint's error_description", g -> g.error.message());
        d.fact("error.innerCode", "error.innerError.code", g -> g.error.innerCode());
        d.fact("error.bodyKind", "json, text, empty, compressed, truncated, redirect (a sign-in redirect's Location carried the error), or signin-page (a sign-in page showed it)",
                g -> g.error.bodyKind());
        d.fact("error.said", "what the error said, in one phrase: code and message, else what kind of body came (no final period)",
                ErrorFactGroup::said);
        d.fact("error.requiredPermissions", "permissions the error message says the API requires", g -> {
            List<String> required = g.requiredInMessage();
            return required == null ? null : String.join(" or ", required);
        });
        d.fact("error.requiredLeast", "the least privileged of the permissions the error message names: the catalog's order where it knows the endpoint, else the message's",
                ErrorFactGroup::requiredLeast);
        d.jwtFact("error.tokenHasRequired", "true when the token holds one of the permissions the error message says the API requires",
                (g, t) -> {
                    List<String> required = g.requiredInMessage();
                    return required == null ? null : required.stream().anyMatch(r -> t.permissions().stream().anyMatch(r::equalsIgnoreCase));
                });
        d.jwtFact("error.requiredOfOtherKind", "true when the catalog knows every permission the error message names only as the other kind of the token's: delegated for an app-only token, application for a delegated one",
                (g, t) -> {
                    List<String> required = g.requiredInMessage();
                    return required == null ? null : required.stream().noneMatch(g::ofTokensKind);
                });
        d.fact("challenge.error", "error parameter of WWW-Authenticate", g -> g.error.challengeError());
        d.fact("challenge.claims", "decoded claims of a claims challenge", g -> g.error.challengeClaims());
        d.fact("challenge.description", "error_description parameter of WWW-Authenticate", g -> g.error.challengeDescription());
    }

    /** Read after the sheet has declared every fact. */
    private static final class Slots {
        static final int MESSAGE = FactSheet.slot("error.message");
    }

    private final FactSheet sheet;
    private final ErrorFacts error;
    private boolean requiredRead;
    private List<String> required;

    ErrorFactGroup(FactSheet sheet) {
        this.sheet = sheet;
        this.error = sheet.error;
    }

    /**
     * A Graph error that says access was refused, sent with status 400 (licence assignment, Teams,
     * workloads behind Graph) or as a 401 to a token with nothing wrong with it: the rules judge it
     * as the 403 it is. Token endpoints' 400s are their own errors and stay 400, and so does a 401
     * that is about the token.
     */
    private boolean refusalSentAsOtherStatus() {
        int status = sheet.response.status();
        if (status != 400 && status != 401 || error.graphCode() == null || sheet.requestGroup().tokenEndpoint()
                || sheet.request.toAuthorizeEndpoint()) {
            return false;
        }
        String said = (String) sheet.get("error.said");
        if (status == 401) {
            if (TOKEN_REFUSAL_CODE.matcher(error.graphCode()).matches() || error.challengeError() != null || !sheet.token.isJwt()
                    || Boolean.TRUE.equals(sheet.get("token.expired")) || Boolean.TRUE.equals(sheet.get("token.notYetValid"))
                    || !"graph".equals(sheet.get("token.audience"))) {
                return false;
            }
            // A 401 coded Unauthorized names its status, not a refusal: only its message can say one.
            String unauthorized = "Unauthorized: ";
            said = said.regionMatches(true, 0, unauthorized, 0, unauthorized.length()) ? said.substring(unauthorized.length()) : said;
        }
        return REFUSAL.find(said);
    }

    private String said() {
        String code = error.graphCode() != null ? error.graphCode() : error.oauthError();
        if (code == null && error.challengeError() != null) {
            code = "WWW-Authenticate error=" + error.challengeError();
        }
        String message = NestedMessage.readable(withoutTraceLines(error.message()));
        if (code != null || message != null) {
            String text = code == null ? message : message == null ? code : code + ": " + message;
            return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        }
        return switch (error.bodyKind()) {
            case "empty" -> "nothing (an empty body)";
            case "compressed" -> "a body in an encoding GraphLens cannot decode";
            case "truncated" -> "a body too large to inspect";
            case "json" -> "JSON without an error object";
            default -> "a body that is not JSON (" + sheet.response.headers().first("Content-Type").orElse("no Content-Type") + ")";
        };
    }

    /** An AADSTS description without its Trace ID, Correlation ID and Timestamp lines: ids for support, not for the reader. */
    private static String withoutTraceLines(String message) {
        if (message == null || message.indexOf('\n') < 0) {
            return message;
        }
        return TRACE_LINE.matcher(message).replaceAll("").replaceAll("\\s+", " ").trim();
    }

    /** The least privileged of the permissions the error message names. */
    private String requiredLeast() {
        List<String> named = requiredInMessage();
        if (named == null) {
            return null;
        }
        // A name the catalog knows only as the other kind of permission cannot go on this kind of token.
        List<String> ofKind = named.stream().filter(this::ofTokensKind).toList();
        List<String> candidates = ofKind.isEmpty() ? named : ofKind;
        Scheme scheme = sheet.tokenGroup().scheme();
        List<String> catalogOrder = sheet.endpointGroup().entry().map(e -> e.accepted(scheme)).orElse(List.of());
        return catalogOrder.stream().filter(a -> candidates.stream().anyMatch(a::equalsIgnoreCase)).findFirst()
                .orElse(candidates.stream().min(Comparator.comparingInt(EndpointFactGroup::privilegeByName)).orElse(null));
    }

    /** False when the catalog lists the permission, but only for the other kind of token (delegated vs application). */
    private boolean ofTokensKind(String permission) {
        boolean delegated = sheet.catalog.names(Scheme.DELEGATED_WORK, permission) || sheet.catalog.names(Scheme.DELEGATED_PERSONAL, permission);
        boolean application = sheet.catalog.names(Scheme.APPLICATION, permission);
        if (!delegated && !application) {
            return true;
        }
        return sheet.token.kind() == TokenFacts.Kind.APP_ONLY ? application : delegated;
    }

    /** The list in "API requires one of 'A, B'" (or another service's wording of it), as the service wrote it. */
    private List<String> requiredInMessage() {
        if (!requiredRead) {
            required = findRequiredInMessage();
            requiredRead = true;
        }
        return required;
    }

    private List<String> findRequiredInMessage() {
        if (error.message() == null) {
            return null;
        }
        // Every wording names "one of", "required", "requirement" or "missing permission": most messages are skipped without running the regexes.
        String lower = sheet.lowerCased(Slots.MESSAGE);
        if (!lower.contains("one of") && !lower.contains("require") && !lower.contains("missing permission")) {
            return null;
        }
        for (Pattern p : REQUIRED_IN_MESSAGE) {
            Matcher m = p.matcher(error.message());
            if (m.find()) {
                String list = m.group(1).trim();
                // A sentence's final period is not part of the last permission's name.
                String names = list.endsWith(".") ? list.substring(0, list.length() - 1) : list;
                return Arrays.stream(names.split(",|\\s+or\\s+")).map(String::trim).filter(n -> !n.isEmpty()).toList();
            }
        }
        return null;
    }
}
