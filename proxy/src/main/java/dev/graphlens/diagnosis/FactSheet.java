package dev.graphlens.diagnosis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.permissions.DirectoryRoles;
import dev.graphlens.permissions.EndpointPermissions;
import dev.graphlens.permissions.PathTemplates;
import dev.graphlens.permissions.PermissionCatalog;
import dev.graphlens.permissions.Scheme;
import dev.graphlens.token.Audience;
import dev.graphlens.token.Cloud;
import dev.graphlens.token.TokenFacts;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named facts rules.json conditions test and its templates print, derived from the request,
 * the token, the error and the permission catalog. A fact is derived when first read: the rules
 * that decide an exchange read a fraction of them, and this runs on the event loop for every
 * failed exchange. A fact that does not apply (token claims of a non-JWT, endpoint facts of an
 * unknown endpoint) is null. Pure: same inputs, same facts.
 */
final class FactSheet extends AbstractMap<String, Object> {
    private static final String DEFAULT_USER_ROLE = "b79fbf4d-3ef9-4689-8143-76b194e85509";
    /** How services name the permissions they wanted: Teams and most of Graph, Intune and OneNote, the security API. */
    private static final List<Pattern> REQUIRED_IN_MESSAGE = List.of(
            Pattern.compile("requires one of '([^']+)'", Pattern.CASE_INSENSITIVE),
            Pattern.compile("one of the following scopes:\\s*([A-Za-z][\\w.-]*(?:\\s*,\\s*[A-Za-z][\\w.-]*)*)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("API required (?:roles|scopes|permissions):\\s*([A-Za-z][\\w.-]*(?:\\s*,\\s*[A-Za-z][\\w.-]*)*)", Pattern.CASE_INSENSITIVE),
            // Search: "Access to ChatMessage in Graph API requires the following permissions: Chat.Read or Chat.ReadWrite, ChannelMessage.Read.All. However, ..."
            Pattern.compile("requires the following permissions?:\\s*([A-Za-z][\\w.-]*(?:\\s*(?:,|\\bor\\b)\\s*[A-Za-z][\\w.-]*)*)", Pattern.CASE_INSENSITIVE),
            // Privileged Identity Management: "Authorization failed due to missing permission scope A,B."
            Pattern.compile("missing permission scopes?:?\\s*([A-Za-z][\\w.-]*(?:\\s*,\\s*[A-Za-z][\\w.-]*)*)", Pattern.CASE_INSENSITIVE),
            // Workloads behind Graph's authorization policies: "requirements are not satisfied: ScopeAuthorizationRequirement(A, B)."
            Pattern.compile("(?:Scope|Role)AuthorizationRequirement\\(\\s*([A-Za-z][\\w.-]*(?:\\s*,\\s*[A-Za-z][\\w.-]*)*)\\s*\\)"));
    private static final Pattern SUBSCRIPTIONS_PATH = Pattern.compile("(?i)/(v1\\.0|beta)/subscriptions/?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern B2C_CODE = Pattern.compile("AADB2C\\d{4,6}");
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
    private static final Set<String> SIGN_IN_SCOPES = Set.of("openid", "profile", "email", "offline_access", "user.read");
    // "Assertion Issuer: 'x'." (AADSTS70021) and "presented assertion subject 'x'" (AADSTS700211-700213)
    private static final Pattern ASSERTION_PART = Pattern.compile("(?i)assertion (issuer|subject|audience):? '([^']{0,200})'");

    private record Definition(int slot, String meaning, Function<FactSheet, Object> derive) {
    }

    private static final Map<String, Definition> DEFINITIONS = new LinkedHashMap<>();
    private static final List<Definition> BY_SLOT = new ArrayList<>();
    /** Every fact a rule may name, with what it means (validated at load, listed by "explain --facts"). */
    static final Map<String, String> KNOWN = new LinkedHashMap<>();
    /** Marks a slot not derived yet (null is a derived value). */
    private static final Object UNSET = new Object();

    static {
        fact("status", "HTTP status of the response (number); a Graph error that refuses access (access denied, missing permissions, insufficient privileges) counts as 403 when sent as 400, or as 401 to a sound token, as Graph sends some refusals so",
                s -> (double) (s.refusalSentAsOtherStatus() ? 403 : s.response.status()));
        fact("status.sent", "HTTP status exactly as the service sent it (number)", s -> (double) s.response.status());
        fact("retryAfter", "the Retry-After header", s -> s.error.retryAfter());
        fact("retryAdvice", "how long to wait, in words: the Retry-After header's seconds, or that none came",
                s -> s.error.retryAfter() == null ? "no Retry-After header, so back off exponentially"
                        : "Retry-After: " + s.error.retryAfter() + " s");

        fact("request.method", "HTTP method", s -> s.request.method());
        fact("request.host", "host the client asked for", s -> s.request.host());
        fact("request.path", "path without query", s -> s.request.path());
        fact("request.query", "the query string, percent-decoded ($select=signInActivity ...); null when there is none",
                s -> s.request.query() == null ? null : PathTemplates.decode(s.request.query()));
        fact("request.endpoint", "method and path: the catalog template when known (GET /users/{id}/messages), else the path",
                s -> s.get("request.subscriptionResource") != null ? s.request.method() + " " + s.request.path()
                        : s.endpoint().map(e -> e.method() + " " + e.template()).orElse(s.request.method() + " " + s.request.path()));
        fact("request.tokenEndpoint", "true for the identity platform's token endpoints (/oauth2/token, /oauth2/v2.0/token, device code, MSA's oauth20_token.srf)",
                s -> s.request.toTokenEndpoint());
        fact("request.authorizeEndpoint", "true for the identity platform's sign-in (authorize) endpoints, whose errors come back in a redirect",
                s -> s.request.toAuthorizeEndpoint());
        // Only these three fields are ever read from a token or sign-in request: never secrets or codes.
        fact("request.grantType", "grant_type of a token request", s -> s.tokenRequest().get("grant_type"));
        fact("request.clientId", "client_id of a token or sign-in request", s -> s.tokenRequest().get("client_id"));
        fact("request.scope", "scope of a token or sign-in request", s -> s.tokenRequest().get("scope"));
        fact("request.redirectUri", "redirect_uri of a sign-in request or of a token request redeeming its code", s -> s.tokenRequest().get("redirect_uri"));
        fact("request.passwordChange", "true when a PATCH of a user sets passwordProfile (the body is read for this only)",
                s -> s.request.method().equals("PATCH") && s.request.body().length > 0
                        ? new String(s.request.body(), StandardCharsets.UTF_8).contains("\"passwordProfile\"") : null);
        fact("request.subscriptionResource", "the resource a change-notification subscription (POST /subscriptions) watches; the body is read for this field only",
                FactSheet::subscriptionResource);
        jwtFact("request.otherUser", "true when a /users/{user} path addresses someone other than the signed-in user (by oid or upn); null when not a user path or not known",
                (s, t) -> {
                    String user = PathTemplates.addressedUser(s.request.path());
                    Boolean self = user == null ? null : t.isSignedInUser(user);
                    return self == null ? null : !self;
                });
        fact("graph.cloud", "cloud of the Graph host called (global, US Government L4, ...)",
                s -> s.hostCloud() == null ? null : s.hostCloud().label);

        fact("token.state", "absent, empty, not_bearer, malformed, opaque, jwt, or unseen (GraphLens was not given the header: a sanitized HAR, explain without a token)", s -> s.token.state().name().toLowerCase(Locale.ROOT));
        fact("token.problem", "what is wrong with a malformed or non-bearer header", s -> s.token.problem());
        fact("token.opaqueMsa", "true for an opaque personal-account (EwA.../EwB...) token", FactSheet::opaqueMsa);
        fact("token.kind", "app-only, delegated or none",
                s -> s.token.kind() == TokenFacts.Kind.APP_ONLY ? "app-only" : s.token.kind().name().toLowerCase(Locale.ROOT));
        jwtFact("token.aud", "the aud claim", (s, t) -> t.aud());
        jwtFact("token.audience", "what aud names: graph, aad_graph, outlook, sharepoint, azure_management, key_vault, storage, token_exchange, client_itself, other_api, none",
                (s, t) -> t.audience().name().toLowerCase(Locale.ROOT));
        jwtFact("token.audienceLabel", "the audience in words", (s, t) -> t.audience().label);
        jwtFact("token.cloud", "cloud the token was issued for (of aud and iss, the one that differs from the called Graph's)",
                (s, t) -> s.tokenCloud() != null ? s.tokenCloud().label
                        : Cloud.isSharedV1Issuer(t.iss()) ? "global or US Government (issuer sts.windows.net)" : null);
        jwtFact("token.cloudKnown", "true when aud (a Graph URL) or iss names the cloud the token was issued in",
                (s, t) -> t.cloud() != null);
        jwtFact("token.cloudMismatch", "true when the token's cloud differs from the called Graph's cloud", (s, t) -> {
            Cloud tokenCloud = s.tokenCloud();
            Cloud hostCloud = s.hostCloud();
            if (tokenCloud == null) {
                return hostCloud == Cloud.CHINA && Cloud.isSharedV1Issuer(t.iss());
            }
            return hostCloud != null && tokenCloud != hostCloud
                    && !(sameLogin(tokenCloud, hostCloud) && Audience.cloudOfGraphUrl(t.aud()) == null);
        });
        jwtFact("token.idToken", "true when the token looks like an ID token", (s, t) -> t.looksLikeIdToken());
        jwtFact("token.idTokenSignals", "why it looks like one", (s, t) -> t.idTokenSignals().isEmpty()
                ? "aud is a client id and there is no scp or roles" : "it carries " + String.join(", ", t.idTokenSignals()));
        jwtFact("token.b2c", "true when Azure AD B2C issued the token (iss on b2clogin.com): its user flows never issue tokens for Graph",
                (s, t) -> t.iss() != null && t.iss().toLowerCase(Locale.ROOT).contains(".b2clogin.com/"));
        jwtFact("token.iss", "the iss claim", (s, t) -> t.iss());
        fact("token.personal", "true for a personal Microsoft account token", FactSheet::personal);
        jwtFact("token.guest", "true when the signed-in user is a guest (B2B) of the tenant: acct=1", (s, t) -> t.guest());
        jwtFact("token.managedIdentity", "for a managed identity's token, the Azure resource it belongs to, as name (provider/type) from xms_mirid",
                (s, t) -> managedIdentity(t.managedIdentity()));
        jwtFact("token.agentBlueprint", "for an Entra Agent ID token, the app id of the agent identity blueprint behind it (xms_par_app_azp)",
                (s, t) -> t.agentBlueprint());
        jwtFact("token.agent", "for an Entra Agent ID token, whose it is: an agent identity acting on its own, for a signed-in user, or an agent user",
                (s, t) -> t.agentUser() ? "an agent user" : t.agentBlueprint() == null ? null
                        : t.kind() == TokenFacts.Kind.DELEGATED ? "an agent identity acting for the signed-in user" : "an agent identity");
        jwtFact("token.expired", "true when exp is in the past", (s, t) -> t.exp() != null && !t.exp().isAfter(s.now));
        jwtFact("token.expiredAgo", "how long ago it expired, in words",
                (s, t) -> t.exp() == null ? null : Durations.words(Duration.between(t.exp(), s.now)));
        jwtFact("token.expiresIn", "how long until exp, in words",
                (s, t) -> t.exp() == null || !t.exp().isAfter(s.now) ? null : Durations.words(Duration.between(s.now, t.exp())));
        jwtFact("token.exp", "exp as a timestamp", (s, t) -> t.exp() == null ? null : t.exp().toString());
        jwtFact("token.notYetValid", "true when nbf is in the future", (s, t) -> t.nbf() != null && t.nbf().isAfter(s.now));
        jwtFact("token.validIn", "how long until nbf, in words",
                (s, t) -> t.nbf() == null ? null : Durations.words(Duration.between(s.now, t.nbf())));
        jwtFact("token.nbf", "nbf as a timestamp", (s, t) -> t.nbf() == null ? null : t.nbf().toString());
        jwtFact("token.beyondSkew", "true when exp/nbf is off by more than the configured clock skew",
                (s, t) -> (t.exp() != null && t.exp().plus(s.skew).isBefore(s.now)) || (t.nbf() != null && t.nbf().minus(s.skew).isAfter(s.now)));
        fact("token.hasPermissions", "true when scp or roles is present", s -> !s.token.scp().isEmpty() || !s.token.roles().isEmpty());
        jwtFact("token.claim", "scp for delegated tokens, roles for app-only ones",
                (s, t) -> t.kind() == TokenFacts.Kind.APP_ONLY ? "roles" : "scp");
        jwtFact("token.permissionType", "application for app-only tokens, delegated otherwise: the kind of permission the app must be granted",
                (s, t) -> t.kind() == TokenFacts.Kind.APP_ONLY ? "application" : "delegated");
        jwtFact("token.permissionSet", "the token's scp or roles as a set: {\"not\": [..]} holds when it has none of them",
                (s, t) -> t.permissions());
        jwtFact("token.permissions", "the token's scp or roles, space-separated",
                (s, t) -> t.permissions().isEmpty() ? "(none)" : String.join(" ", t.permissions()));
        jwtFact("token.sharedScope", "true when scp holds a .Shared scope (Mail.Read.Shared ...): the delegated way into another user's shared folders",
                (s, t) -> t.scp().stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).endsWith(".shared")));
        jwtFact("token.signInOnly", "true when scp holds nothing beyond signing the user in (openid, profile, email, offline_access, User.Read)",
                (s, t) -> !t.scp().isEmpty() && t.scp().stream().allMatch(p -> SIGN_IN_SCOPES.contains(p.toLowerCase(Locale.ROOT))));
        jwtFact("token.app", "the app (display name or appid/azp)",
                (s, t) -> t.appDisplayName() != null ? t.appDisplayName() + " (" + t.clientId() + ")" : t.clientId());
        jwtFact("token.tid", "tenant id", (s, t) -> t.tid());
        jwtFact("token.adminRoles", "the directory roles in wids beyond the default user role, by name (id where roles.json does not know it)", (s, t) -> {
            List<String> names = new ArrayList<>();
            t.wids().stream().filter(w -> !w.equalsIgnoreCase(DEFAULT_USER_ROLE)).forEach(w -> names.add(s.roles.name(w)));
            return names.isEmpty() ? "none" : String.join(", ", names);
        });
        fact("endpoint.userRoles", "for a delegated call, the Entra roles one of which Graph wants the signed-in user to hold for this endpoint (roles.json), least privileged first",
                s -> s.userRoleRequirement().map(r -> orNames(s.roles.names(r))).orElse(null));
        fact("endpoint.userRolesUnless", "when the endpoint needs none of those roles after all (roles.json's unless), in words",
                s -> s.userRoleRequirement().map(DirectoryRoles.Requirement::unless).orElse(null));
        fact("token.holdsUserRole", "true when the token's wids holds one of endpoint.userRoles (or Global Administrator); null without a requirement or without wids",
                s -> s.userRoleRequirement().filter(r -> !s.token.wids().isEmpty()).map(r -> r.heldBy(s.token.wids())).orElse(null));

        fact("error.code", "Graph error.code", s -> s.error.graphCode());
        fact("error.message", "Graph error.message, or the token endpoint's error_description", s -> s.error.message());
        fact("error.innerCode", "error.innerError.code", s -> s.error.innerCode());
        fact("error.bodyKind", "json, text, empty, compressed, truncated, redirect (a sign-in redirect's Location carried the error), or signin-page (a sign-in page showed it)", s -> s.error.bodyKind());
        fact("error.said", "what the error said, in one phrase: code and message, else what kind of body came (no final period)",
                FactSheet::said);
        fact("error.requiredPermissions", "permissions the error message says the API requires", s -> {
            List<String> required = s.requiredInMessage();
            return required == null ? null : String.join(" or ", required);
        });
        fact("error.requiredLeast", "the least privileged of the permissions the error message names: the catalog's order where it knows the endpoint, else the message's",
                FactSheet::requiredLeast);
        jwtFact("error.tokenHasRequired", "true when the token holds one of the permissions the error message says the API requires",
                (s, t) -> {
                    List<String> required = s.requiredInMessage();
                    return required == null ? null : required.stream().anyMatch(r -> t.permissions().stream().anyMatch(r::equalsIgnoreCase));
                });
        jwtFact("error.requiredOfOtherKind", "true when the catalog knows every permission the error message names only as the other kind of the token's: delegated for an app-only token, application for a delegated one",
                (s, t) -> {
                    List<String> required = s.requiredInMessage();
                    if (required == null) {
                        return null;
                    }
                    return required.stream().noneMatch(s::ofTokensKind);
                });
        fact("oauth.error", "token endpoint error (invalid_grant, invalid_client, interaction_required ...)", s -> s.error.oauthError());
        fact("oauth.suberror", "token endpoint suberror", s -> s.error.suberror());
        fact("oauth.claims", "claims challenge in a token endpoint error", s -> s.error.claims());
        fact("aadsts.code", "the first AADSTS number (number)", s -> s.error.aadsts().isEmpty() ? null : (double) s.error.aadsts().get(0));
        fact("aadsts.known", "true when the AADSTS table knows the number",
                s -> s.error.aadsts().isEmpty() ? null : s.aadstsEntry().isPresent());
        fact("aadsts.diagnosis", "the table's diagnosis for it", s -> s.aadstsEntry().map(e -> e.diagnosis().name()).orElse(null));
        fact("aadsts.name", "the table's name for it", s -> s.aadstsEntry().map(AadstsCatalog.Entry::name).orElse(null));
        fact("aadsts.label", "AADSTS and the number, with the table's name when it has one (AADSTS50076 (UserStrongAuthRequired))",
                s -> s.error.aadsts().isEmpty() ? null : "AADSTS" + s.error.aadsts().get(0)
                        + s.aadstsEntry().map(AadstsCatalog.Entry::name).filter(n -> !n.isBlank()).map(n -> " (" + n + ")").orElse(""));
        fact("aadsts.assertion", "issuer, subject and audience of the external token a workload identity federation error quotes",
                FactSheet::assertionQuoted);
        fact("aadsts.cause", "the table's cause", s -> s.aadstsEntry().map(AadstsCatalog.Entry::cause).orElse(null));
        fact("aadsts.fix", "the table's fix", s -> s.aadstsEntry().map(AadstsCatalog.Entry::fix).orElse(null));
        fact("aadsts.description", "error_description cut to its first sentence",
                s -> s.error.aadsts().isEmpty() ? null : firstSentence(s.error.oauthDescription()));
        fact("b2c.code", "the AADB2C number in an Azure AD B2C error (AADB2C90117)", s -> {
            Matcher m = s.error.oauthDescription() == null ? null : B2C_CODE.matcher(s.error.oauthDescription());
            return m != null && m.find() ? m.group() : null;
        });
        fact("b2c.description", "that error's description cut to its first sentence",
                s -> s.get("b2c.code") == null ? null : firstSentence(s.error.oauthDescription().replaceFirst("^\\s*AADB2C\\d+:\\s*", "")));
        fact("b2c.known", "true when the table's b2cCodes know the AADB2C number", s -> s.get("b2c.code") == null ? null : s.b2cEntry().isPresent());
        fact("b2c.name", "the table's name for it", s -> s.b2cEntry().map(AadstsCatalog.Entry::name).filter(n -> !n.isBlank()).orElse(null));
        fact("b2c.cause", "the table's cause", s -> s.b2cEntry().map(AadstsCatalog.Entry::cause).orElse(null));
        fact("b2c.fix", "the table's fix", s -> s.b2cEntry().map(AadstsCatalog.Entry::fix).orElse(null));
        fact("challenge.error", "error parameter of WWW-Authenticate", s -> s.error.challengeError());
        fact("challenge.claims", "decoded claims of a claims challenge", s -> s.error.challengeClaims());
        fact("challenge.description", "error_description parameter of WWW-Authenticate", s -> s.error.challengeDescription());

        fact("endpoint.known", "true when the permission catalog knows the endpoint", s -> s.endpoint().isPresent());
        endpointFact("endpoint.template", "method and catalog template matched, e.g. POST /groups/{id}/members/$ref (for a subscription, that of the resource it watches)",
                (s, e) -> e.method() + " " + e.template() + (s.get("request.subscriptionResource") != null ? " (the subscription's resource)" : ""));
        endpointFact("endpoint.scheme", "delegated, delegated, personal account, or application: the token's scheme",
                (s, e) -> s.scheme().label);
        endpointFact("endpoint.accepted", "permissions of the token's scheme the endpoint accepts, least privileged first (\"A and B\" where both are needed)",
                (s, e) -> orList(e.accepted(s.scheme())));
        endpointFact("endpoint.least", "least-privileged permission of the token's scheme (\"A and B\" where both are needed)",
                (s, e) -> described(e.least(s.scheme())));
        endpointFact("endpoint.supportsTokenKind", "true when the endpoint has permissions of the token's scheme",
                (s, e) -> e.supports(s.scheme()));
        endpointFact("endpoint.delegatedOnly", "true when the endpoint has no application permission",
                (s, e) -> !e.supports(Scheme.APPLICATION) && e.supports(Scheme.DELEGATED_WORK));
        endpointFact("endpoint.applicationOnly", "true when the endpoint has no delegated permission",
                (s, e) -> e.supports(Scheme.APPLICATION) && !e.supports(Scheme.DELEGATED_WORK));
        endpointFact("endpoint.personalSupported", "true when personal accounts may call the endpoint",
                (s, e) -> e.supports(Scheme.DELEGATED_PERSONAL));
        endpointFact("endpoint.tokenHasAccepted", "true when the token holds a permission the endpoint accepts (all of a set, where it takes several together)",
                (s, e) -> !((String) s.get("endpoint.granted")).isEmpty());
        endpointFact("endpoint.granted", "the token's permissions that the endpoint accepts", (s, e) -> String.join(" ", s.granted(e)));
        endpointFact("endpoint.heldPart", "where the endpoint accepts permissions only together (A and B) and the token has some of them but no accepted set: the ones it has",
                (s, e) -> s.partlyHeld(e).map(entry -> String.join(" and ", entry.held())).orElse(null));
        endpointFact("endpoint.missingPart", "the permissions the token lacks to complete that set",
                (s, e) -> s.partlyHeld(e).map(entry -> String.join(" and ", entry.missing())).orElse(null));
        endpointFact("endpoint.tokenReachesOthers", "true when a permission the endpoint accepts from the token reaches other users' data (.All or .Shared), not only the signed-in user's",
                (s, e) -> s.granted(e).stream().anyMatch(FactSheet::reachesOthers));
        endpointFact("endpoint.acceptedForOthers", "permissions of the token's scheme the endpoint accepts that reach other users' data, least privileged first",
                (s, e) -> {
                    List<String> others = e.accepted(s.scheme()).stream().filter(FactSheet::reachesOthers).toList();
                    return others.isEmpty() ? null : orList(others);
                });
        fact("endpoint.neighbours", "for an endpoint the catalog does not know: its nearest catalog neighbours (same kind of method, most leading segments shared), up to three",
                s -> s.neighbours().isEmpty() ? null : firstOf(s.neighbours().stream().map(n -> n.method() + " " + n.template()).toList(), 3));
        fact("endpoint.neighboursAccept", "permissions of the token's scheme those neighbours accept, least privileged first, up to six named",
                s -> s.neighboursAccept().isEmpty() ? null : firstOf(s.neighboursAccept().stream().map(EndpointPermissions::describe).toList(), 6));
        jwtFact("token.holdsNeighbourPermission", "true when the token holds a permission the endpoint's neighbours accept; null without neighbours",
                (s, t) -> s.neighboursAccept().isEmpty() ? null
                        : s.neighboursAccept().stream().anyMatch(entry -> t.permissions().stream().anyMatch(p -> EndpointPermissions.meetsPart(entry, p))));
        endpointFact("endpoint.delegatedLeast", "least-privileged delegated permission", (s, e) -> described(e.least(Scheme.DELEGATED_WORK)));
        endpointFact("endpoint.applicationLeast", "least-privileged application permission", (s, e) -> described(e.least(Scheme.APPLICATION)));
        endpointFact("endpoint.adminConsent", "true when the least-privileged permission needs admin consent", (s, e) -> {
            String least = e.least(s.scheme());
            return least != null && (s.scheme() == Scheme.APPLICATION || e.needsAdminConsent(least));
        });
        endpointFact("endpoint.consent", "who grants the least-privileged permission, as advice: an admin, or the user themselves",
                (s, e) -> e.least(s.scheme()) == null ? null
                        : s.scheme() == Scheme.APPLICATION ? "have an admin grant admin consent"
                        : Boolean.TRUE.equals(s.get("endpoint.adminConsent")) ? "have an admin grant consent (this permission needs an admin's)"
                        : "consent to it (the user can; no admin needed)");
    }

    private static final int MESSAGE_SLOT = slot("error.message");

    private static void fact(String name, String meaning, Function<FactSheet, Object> derive) {
        Definition d = new Definition(DEFINITIONS.size(), meaning, derive);
        DEFINITIONS.put(name, d);
        BY_SLOT.add(d);
        KNOWN.put(name, meaning);
    }

    /** The slot of a fact's value, to read it by {@link #value(int)}; -1 for a name that is no fact. */
    static int slot(String name) {
        Definition d = DEFINITIONS.get(name);
        return d == null ? -1 : d.slot();
    }

    /** A claim-based fact: null unless the token is a JWT. */
    private static void jwtFact(String name, String meaning, BiFunction<FactSheet, TokenFacts, Object> derive) {
        fact(name, meaning, s -> s.token.isJwt() ? derive.apply(s, s.token) : null);
    }

    /** A fact about the called endpoint: null unless the catalog knows it. */
    private static void endpointFact(String name, String meaning, BiFunction<FactSheet, EndpointPermissions, Object> derive) {
        fact(name, meaning, s -> s.endpoint().map(e -> derive.apply(s, e)).orElse(null));
    }

    private final RequestFacts request;
    private final ResponseFacts response;
    private final TokenFacts token;
    private final ErrorFacts error;
    private final AadstsCatalog aadsts;
    private final PermissionCatalog catalog;
    private final DirectoryRoles roles;
    private final Instant now;
    private final Duration skew;
    private final Object[] values = new Object[DEFINITIONS.size()];
    private final String[] lowered = new String[DEFINITIONS.size()];
    private Optional<EndpointPermissions> endpoint;
    private List<EndpointPermissions> neighbours;
    private List<String> neighboursAccept;
    private Map<String, String> tokenRequest;
    // Each read by several facts: worked out once per exchange.
    private Set<String> granted;
    private Optional<PartlyHeld> partlyHeld;
    private Object requiredInMessage = UNSET;

    private FactSheet(RequestFacts request, ResponseFacts response, TokenFacts token, ErrorFacts error, AadstsCatalog aadsts,
                      PermissionCatalog catalog, DirectoryRoles roles, Instant now, Duration skew) {
        this.request = request;
        this.response = response;
        this.token = token;
        this.error = error;
        this.aadsts = aadsts;
        this.catalog = catalog;
        this.roles = roles;
        this.now = now;
        this.skew = skew;
        Arrays.fill(values, UNSET);
    }

    static FactSheet of(RequestFacts request, ResponseFacts response, TokenFacts token, ErrorFacts error,
                        AadstsCatalog aadsts, PermissionCatalog catalog, DirectoryRoles roles, Instant now, Duration skew) {
        return new FactSheet(request, response, token, error, aadsts, catalog, roles, now, skew);
    }

    @Override
    public Object get(Object name) {
        Definition d = DEFINITIONS.get(name);
        return d == null ? null : value(d.slot());
    }

    /** The fact in {@code slot} as lower-case text, worked out once however many rule regexes test it. */
    String lowerCased(int slot) {
        String lower = lowered[slot];
        if (lower == null) {
            lower = String.valueOf(value(slot)).toLowerCase(Locale.ROOT);
            lowered[slot] = lower;
        }
        return lower;
    }

    /** The fact in {@code slot}, derived on first read. */
    Object value(int slot) {
        Object v = values[slot];
        if (v == UNSET) {
            v = BY_SLOT.get(slot).derive().apply(this);
            values[slot] = v;
        }
        return v;
    }

    @Override
    public boolean containsKey(Object name) {
        return get(name) != null;
    }

    /** Every fact that applies, derived now (for display and tests; the rules read facts one by one). */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (String name : DEFINITIONS.keySet()) {
            Object v = get(name);
            if (v != null) {
                all.put(name, v);
            }
        }
        return Collections.unmodifiableMap(all).entrySet();
    }

    /**
     * A Graph error that says access was refused, sent with status 400 (licence assignment, Teams,
     * workloads behind Graph) or as a 401 to a token with nothing wrong with it: the rules judge it
     * as the 403 it is. Token endpoints' 400s are their own errors and stay 400, and so does a 401
     * that is about the token.
     */
    private boolean refusalSentAsOtherStatus() {
        int status = response.status();
        if (status != 400 && status != 401 || error.graphCode() == null || tokenEndpoint() || request.toAuthorizeEndpoint()) {
            return false;
        }
        String said = (String) get("error.said");
        if (status == 401) {
            if (TOKEN_REFUSAL_CODE.matcher(error.graphCode()).matches() || error.challengeError() != null || !token.isJwt()
                    || Boolean.TRUE.equals(get("token.expired")) || Boolean.TRUE.equals(get("token.notYetValid"))
                    || !"graph".equals(get("token.audience"))) {
                return false;
            }
            // A 401 coded Unauthorized names its status, not a refusal: only its message can say one.
            String unauthorized = "Unauthorized: ";
            said = said.regionMatches(true, 0, unauthorized, 0, unauthorized.length()) ? said.substring(unauthorized.length()) : said;
        }
        return REFUSAL.find(said);
    }

    private boolean tokenEndpoint() {
        return (Boolean) get("request.tokenEndpoint");
    }

    private Cloud hostCloud() {
        return Cloud.ofGraphHost(request.host());
    }

    private static boolean opaqueMsa(FactSheet s) {
        return s.token.state() == TokenFacts.State.OPAQUE && s.token.problem() != null && s.token.problem().contains("personal");
    }

    /** A personal account's token: a JWT that says so, or the opaque kind only personal accounts get. */
    private static boolean personal(FactSheet s) {
        return s.token.isJwt() ? s.token.personalAccount() : opaqueMsa(s);
    }

    /**
     * The catalog's entry for the called Graph endpoint; none for token requests and non-Graph hosts.
     * A subscription needs what reading its resource needs, so it is judged by that resource's GET.
     */
    private Optional<EndpointPermissions> endpoint() {
        if (endpoint == null) {
            String watched = (String) get("request.subscriptionResource");
            endpoint = tokenEndpoint() || hostCloud() == null ? Optional.empty()
                    : watched != null ? catalog.lookup("GET", PathTemplates.version(request.path()) + "/" + watched).map(PermissionCatalog.Match::endpoint)
                    : catalog.lookup(request.method(), request.path()).map(PermissionCatalog.Match::endpoint);
        }
        return endpoint;
    }

    private List<EndpointPermissions> neighbours() {
        if (neighbours == null) {
            neighbours = endpoint().isPresent() || tokenEndpoint() || hostCloud() == null ? List.of()
                    : catalog.neighbours(request.method(), request.path());
        }
        return neighbours;
    }

    /** The first {@code shown} items, comma-separated, and how many more there are. */
    private static String firstOf(List<String> items, int shown) {
        String first = String.join(", ", items.subList(0, Math.min(shown, items.size())));
        return items.size() > shown ? first + " and " + (items.size() - shown) + " more" : first;
    }

    /** The permissions of the token's scheme that the neighbours accept, without repeats, least privileged first. */
    private List<String> neighboursAccept() {
        if (neighboursAccept == null) {
            Set<String> accepted = new LinkedHashSet<>();
            neighbours().forEach(n -> accepted.addAll(n.accepted(scheme())));
            neighboursAccept = accepted.stream().sorted(Comparator.comparingInt(FactSheet::privilegeByName)).toList();
        }
        return neighboursAccept;
    }

    /** The role requirement of the endpoint, for a delegated token, where it applies to this request. */
    private Optional<DirectoryRoles.Requirement> userRoleRequirement() {
        if (token.kind() != TokenFacts.Kind.DELEGATED) {
            return Optional.empty();
        }
        return endpoint().flatMap(e -> roles.requirement(e.method(), e.template()))
                .filter(r -> !r.otherUserOnly() || Boolean.TRUE.equals(get("request.otherUser")));
    }

    static boolean createsSubscription(RequestFacts request) {
        return request.method().equals("POST") && SUBSCRIPTIONS_PATH.matcher(request.path()).matches();
    }

    private static String subscriptionResource(FactSheet s) {
        if (s.request.body().length == 0 || !createsSubscription(s.request)) {
            return null;
        }
        try {
            String resource = JSON.readTree(s.request.body()).path("resource").asText("");
            resource = resource.startsWith("/") ? resource.substring(1) : resource;
            return resource.isBlank() ? null : resource;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private Scheme scheme() {
        return token.kind() == TokenFacts.Kind.APP_ONLY ? Scheme.APPLICATION
                : personal(this) ? Scheme.DELEGATED_PERSONAL : Scheme.DELEGATED_WORK;
    }

    /** Graph's naming: a delegated permission without .All or .Shared covers only the signed-in user's own data. */
    private static boolean reachesOthers(String entry) {
        for (String part : EndpointPermissions.parts(entry)) {
            String p = part.toLowerCase(Locale.ROOT);
            if (p.contains(".all") || p.endsWith(".shared")) {
                return true;
            }
        }
        return false;
    }

    /** The least privileged of the permissions the error message names. */
    private static String requiredLeast(FactSheet s) {
        List<String> required = s.requiredInMessage();
        if (required == null) {
            return null;
        }
        // A name the catalog knows only as the other kind of permission cannot go on this kind of token.
        List<String> ofKind = required.stream().filter(s::ofTokensKind).toList();
        List<String> named = ofKind.isEmpty() ? required : ofKind;
        List<String> catalogOrder = s.endpoint().map(e -> e.accepted(s.scheme())).orElse(List.of());
        return catalogOrder.stream().filter(a -> named.stream().anyMatch(a::equalsIgnoreCase)).findFirst()
                .orElse(named.stream().min(Comparator.comparingInt(FactSheet::privilegeByName)).orElse(null));
    }

    /** False when the catalog lists the permission, but only for the other kind of token (delegated vs application). */
    private boolean ofTokensKind(String permission) {
        boolean delegated = catalog.names(Scheme.DELEGATED_WORK, permission) || catalog.names(Scheme.DELEGATED_PERSONAL, permission);
        boolean application = catalog.names(Scheme.APPLICATION, permission);
        if (!delegated && !application) {
            return true;
        }
        return token.kind() == TokenFacts.Kind.APP_ONLY ? application : delegated;
    }

    /** Without the catalog, Graph's naming tells: ReadBasic before Read before anything that writes. */
    private static int privilegeByName(String permission) {
        String p = permission.toLowerCase(Locale.ROOT);
        return p.contains(".readbasic") ? 0 : p.contains(".read") && !p.contains("readwrite") ? 1 : 2;
    }

    /** The list in "API requires one of 'A, B'" (or another service's wording of it), as the service wrote it. */
    @SuppressWarnings("unchecked")
    private List<String> requiredInMessage() {
        if (requiredInMessage == UNSET) {
            requiredInMessage = findRequiredInMessage();
        }
        return (List<String>) requiredInMessage;
    }

    private List<String> findRequiredInMessage() {
        if (error.message() == null) {
            return null;
        }
        // Every wording names "one of", "required", "requirement" or "missing permission": most messages are skipped without running the regexes.
        String lower = lowerCased(MESSAGE_SLOT);
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

    /** The token's permissions that belong to an accepted entry the token holds in full. */
    private Set<String> granted(EndpointPermissions e) {
        if (granted == null) {
            granted = findGranted(e);
        }
        return granted;
    }

    private Set<String> findGranted(EndpointPermissions e) {
        List<String> held = e.accepted(scheme()).stream().filter(entry -> EndpointPermissions.heldBy(entry, token.permissions())).toList();
        Set<String> granted = new LinkedHashSet<>();
        for (String p : token.permissions()) {
            if (held.stream().anyMatch(entry -> EndpointPermissions.meetsPart(entry, p))) {
                granted.add(p);
            }
        }
        return granted;
    }

    private record PartlyHeld(List<String> held, List<String> missing) {
    }

    /**
     * Unless the token holds an accepted entry in full, the least-privileged entry of several
     * permissions of which it holds some: the token's permissions that meet it, and what it lacks.
     */
    private Optional<PartlyHeld> partlyHeld(EndpointPermissions e) {
        if (partlyHeld == null) {
            partlyHeld = findPartlyHeld(e);
        }
        return partlyHeld;
    }

    private Optional<PartlyHeld> findPartlyHeld(EndpointPermissions e) {
        if (!granted(e).isEmpty()) {
            return Optional.empty();
        }
        for (String entry : e.accepted(scheme())) {
            List<String> held = token.permissions().stream().filter(p -> EndpointPermissions.meetsPart(entry, p)).toList();
            if (!held.isEmpty() && EndpointPermissions.together(entry)) {
                return Optional.of(new PartlyHeld(held, EndpointPermissions.missingFrom(entry, token.permissions())));
            }
        }
        return Optional.empty();
    }

    private Optional<AadstsCatalog.Entry> b2cEntry() {
        String code = (String) get("b2c.code");
        return code == null ? Optional.empty() : aadsts.findB2c(Integer.parseInt(code.substring("AADB2C".length())));
    }

    private Optional<AadstsCatalog.Entry> aadstsEntry() {
        return error.aadsts().isEmpty() ? Optional.empty() : aadsts.find(error.aadsts().get(0));
    }

    private Map<String, String> tokenRequest() {
        if (tokenRequest == null) {
            tokenRequest = tokenEndpoint() && request.body().length > 0 ? form(new String(request.body(), StandardCharsets.UTF_8))
                    : request.toAuthorizeEndpoint() && request.query() != null ? form(request.query()) : Map.of();
        }
        return tokenRequest;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String key = pair.substring(0, eq);
                if (key.equals("grant_type") || key.equals("client_id") || key.equals("scope") || key.equals("redirect_uri")) {
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

    private static String assertionQuoted(FactSheet s) {
        String description = s.error.oauthDescription();
        if (description == null || s.error.aadsts().isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        Matcher m = ASSERTION_PART.matcher(description);
        while (m.find()) {
            out.append(out.length() == 0 ? "" : ", ").append(m.group(1).toLowerCase(Locale.ROOT)).append(" '").append(m.group(2)).append("'");
        }
        return out.length() == 0 ? null : out.toString();
    }

    private static String said(FactSheet s) {
        ErrorFacts e = s.error;
        String code = e.graphCode() != null ? e.graphCode() : e.oauthError();
        if (code == null && e.challengeError() != null) {
            code = "WWW-Authenticate error=" + e.challengeError();
        }
        String message = NestedMessage.readable(withoutTraceLines(e.message()));
        if (code != null || message != null) {
            String text = code == null ? message : message == null ? code : code + ": " + message;
            return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        }
        return switch (e.bodyKind()) {
            case "empty" -> "nothing (an empty body)";
            case "compressed" -> "a body in an encoding GraphLens cannot decode";
            case "truncated" -> "a body too large to inspect";
            case "json" -> "JSON without an error object";
            default -> "a body that is not JSON (" + s.response.headers().first("Content-Type").orElse("no Content-Type") + ")";
        };
    }

    /** An AADSTS description without its Trace ID, Correlation ID and Timestamp lines: ids for support, not for the reader. */
    private static String withoutTraceLines(String message) {
        if (message == null || message.indexOf('\n') < 0) {
            return message;
        }
        return TRACE_LINE.matcher(message).replaceAll("").replaceAll("\\s+", " ").trim();
    }

    /** "/subscriptions/../providers/Microsoft.Web/sites/contoso-func" as "contoso-func (Microsoft.Web/sites)": no subscription id in the text. */
    private static String managedIdentity(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        String[] parts = resourceId.split("/");
        int providers = Arrays.asList(parts).lastIndexOf("providers");
        if (providers < 0 || parts.length < providers + 4) {
            return "a managed identity";
        }
        String type = String.join("/", Arrays.copyOfRange(parts, providers + 1, parts.length - 1));
        return parts[parts.length - 1] + " (" + type + ")";
    }

    /**
     * The cloud the token belongs to, as far as the called Graph is concerned: a Graph URL in aud
     * that names another cloud's Graph, else an issuer of a cloud with another sign-in host (only
     * that cloud's Graph trusts its signature, whatever aud says), else whichever of them is known.
     */
    private Cloud tokenCloud() {
        Cloud byAud = Audience.cloudOfGraphUrl(token.aud());
        Cloud byIss = Cloud.ofIssuer(token.iss());
        Cloud host = hostCloud();
        if (byAud != null && host != null && byAud != host) {
            return byAud;
        }
        if (byIss != null && host != null && !sameLogin(byIss, host)) {
            return byIss;
        }
        return byAud != null ? byAud : byIss;
    }

    /** US Gov L4 and L5 share a login host, so a GUID-audience token cannot tell them apart. */
    private static boolean sameLogin(Cloud a, Cloud b) {
        return a.loginHost.equals(b.loginHost);
    }

    /** Accepted entries least first; "A and B, or C" once an entry needs several permissions together. */
    private static String orList(List<String> entries) {
        if (entries.isEmpty()) {
            return "(none of this kind)";
        }
        List<String> perms = entries.stream().map(EndpointPermissions::describe).toList();
        String or = entries.stream().anyMatch(EndpointPermissions::together) ? ", or " : " or ";
        if (perms.size() <= 2) {
            return String.join(or, perms);
        }
        return perms.get(0) + or + perms.get(1) + " (or higher: " + String.join(", ", perms.subList(2, perms.size())) + ")";
    }

    /** "A", "A or B", "A, B or C". */
    private static String orNames(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String described(String entry) {
        return entry == null ? null : EndpointPermissions.describe(entry);
    }

    private static String firstSentence(String text) {
        if (text == null) {
            return null;
        }
        String t = text.replaceAll("\\s+", " ").replaceFirst("^AADSTS\\d+:\\s*", "").trim();
        int end = t.indexOf(". ");
        String first = end > 0 ? t.substring(0, end + 1) : t;
        for (String id : List.of("Trace ID:", "Correlation ID:")) {
            int at = first.indexOf(id);
            if (at > 0) {
                first = first.substring(0, at).trim();
            }
        }
        return first.length() > 200 ? first.substring(0, 197) + "..." : first;
    }
}
