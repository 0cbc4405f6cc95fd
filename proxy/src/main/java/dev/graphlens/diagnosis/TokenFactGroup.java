package dev.graphlens.diagnosis;

import dev.graphlens.permissions.Scheme;
import dev.graphlens.token.Audience;
import dev.graphlens.token.Cloud;
import dev.graphlens.token.TokenFacts;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Facts about what the bearer token says: its state, audience, cloud, account, lifetime and permissions. */
final class TokenFactGroup {
    private static final Set<String> SIGN_IN_SCOPES = Set.of("openid", "profile", "email", "offline_access", "user.read");

    /** Enum constants as the facts spell them (jwt, delegated, graph ...), made once rather than per exchange. */
    private static final Map<Enum<?>, String> LABELS = new ConcurrentHashMap<>();

    private static String label(Enum<?> e) {
        return LABELS.computeIfAbsent(e, k -> k.name().toLowerCase(Locale.ROOT));
    }

    // Loops rather than streams: asked for every diagnosed exchange with a delegated token.
    private static boolean anyShared(Set<String> scopes) {
        for (String p : scopes) {
            if (p.regionMatches(true, p.length() - ".shared".length(), ".shared", 0, ".shared".length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean signInOnly(Set<String> scopes) {
        for (String p : scopes) {
            if (!SIGN_IN_SCOPES.contains(p.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return !scopes.isEmpty();
    }

    static void declare(FactSheet.Declarations<TokenFactGroup> d) {
        d.fact("token.state", "absent, empty, not_bearer, malformed, opaque, jwt, or unseen (GraphLens was not given the header: a sanitized HAR, explain without a token)",
                g -> label(g.token.state()));
        d.fact("token.problem", "what is wrong with a malformed or non-bearer header", g -> g.token.problem());
        d.fact("token.opaqueMsa", "true for an opaque personal-account (EwA.../EwB...) token", TokenFactGroup::opaqueMsa);
        d.fact("token.kind", "app-only, delegated or none",
                g -> g.token.kind() == TokenFacts.Kind.APP_ONLY ? "app-only" : label(g.token.kind()));
        d.jwtFact("token.aud", "the aud claim", (g, t) -> t.aud());
        d.jwtFact("token.audience", "what aud names: graph, aad_graph, outlook, sharepoint, azure_management, key_vault, storage, token_exchange, client_itself, other_api, none",
                (g, t) -> label(t.audience()));
        d.jwtFact("token.audienceLabel", "the audience in words", (g, t) -> t.audience().label);
        d.jwtFact("token.cloud", "cloud the token was issued for (of aud and iss, the one that differs from the called Graph's)",
                (g, t) -> g.cloud() != null ? g.cloud().label
                        : Cloud.isSharedV1Issuer(t.iss()) ? "global or US Government (issuer sts.windows.net)" : null);
        d.jwtFact("token.cloudKnown", "true when aud (a Graph URL) or iss names the cloud the token was issued in",
                (g, t) -> t.cloud() != null);
        d.jwtFact("token.cloudMismatch", "true when the token's cloud differs from the called Graph's cloud", (g, t) -> {
            Cloud tokenCloud = g.cloud();
            Cloud hostCloud = g.hostCloud();
            if (tokenCloud == null) {
                return hostCloud == Cloud.CHINA && Cloud.isSharedV1Issuer(t.iss());
            }
            return hostCloud != null && tokenCloud != hostCloud
                    && !(sameLogin(tokenCloud, hostCloud) && Audience.cloudOfGraphUrl(t.aud()) == null);
        });
        d.jwtFact("token.idToken", "true when the token looks like an ID token", (g, t) -> t.looksLikeIdToken());
        d.jwtFact("token.idTokenSignals", "why it looks like one", (g, t) -> t.idTokenSignals().isEmpty()
                ? "aud is a client id and there is no scp or roles" : "it carries " + String.join(", ", t.idTokenSignals()));
        d.jwtFact("token.b2c", "true when Azure AD B2C issued the token (iss on b2clogin.com): its user flows never issue tokens for Graph",
                (g, t) -> t.iss() != null && t.iss().toLowerCase(Locale.ROOT).contains(".b2clogin.com/"));
        d.jwtFact("token.iss", "the iss claim", (g, t) -> t.iss());
        d.fact("token.personal", "true for a personal Microsoft account token", TokenFactGroup::personal);
        d.jwtFact("token.guest", "true when the signed-in user is a guest (B2B) of the tenant: acct=1", (g, t) -> t.guest());
        d.jwtFact("token.managedIdentity", "for a managed identity's token, the Azure resource it belongs to, as name (provider/type) from xms_mirid",
                (g, t) -> managedIdentity(t.managedIdentity()));
        d.jwtFact("token.agentBlueprint", "for an Entra Agent ID token, the app id of the agent identity blueprint behind it (xms_par_app_azp)",
                (g, t) -> t.agentBlueprint());
        d.jwtFact("token.agent", "for an Entra Agent ID token, whose it is: an agent identity acting on its own, for a signed-in user, or an agent user",
                (g, t) -> t.agentUser() ? "an agent user" : t.agentBlueprint() == null ? null
                        : t.kind() == TokenFacts.Kind.DELEGATED ? "an agent identity acting for the signed-in user" : "an agent identity");
        d.jwtFact("token.expired", "true when exp is in the past", (g, t) -> t.exp() != null && !t.exp().isAfter(g.sheet.now));
        d.jwtFact("token.expiredAgo", "how long ago it expired, in words",
                (g, t) -> t.exp() == null ? null : Durations.words(Duration.between(t.exp(), g.sheet.now)));
        d.jwtFact("token.expiresIn", "how long until exp, in words",
                (g, t) -> t.exp() == null || !t.exp().isAfter(g.sheet.now) ? null : Durations.words(Duration.between(g.sheet.now, t.exp())));
        d.jwtFact("token.exp", "exp as a timestamp", (g, t) -> t.exp() == null ? null : t.exp().toString());
        d.jwtFact("token.notYetValid", "true when nbf is in the future", (g, t) -> t.nbf() != null && t.nbf().isAfter(g.sheet.now));
        d.jwtFact("token.validIn", "how long until nbf, in words",
                (g, t) -> t.nbf() == null ? null : Durations.words(Duration.between(g.sheet.now, t.nbf())));
        d.jwtFact("token.nbf", "nbf as a timestamp", (g, t) -> t.nbf() == null ? null : t.nbf().toString());
        d.jwtFact("token.beyondSkew", "true when exp/nbf is off by more than the configured clock skew",
                (g, t) -> (t.exp() != null && t.exp().plus(g.sheet.skew).isBefore(g.sheet.now))
                        || (t.nbf() != null && t.nbf().minus(g.sheet.skew).isAfter(g.sheet.now)));
        d.fact("token.hasPermissions", "true when scp or roles is present", g -> !g.token.scp().isEmpty() || !g.token.roles().isEmpty());
        d.jwtFact("token.claim", "scp for delegated tokens, roles for app-only ones",
                (g, t) -> t.kind() == TokenFacts.Kind.APP_ONLY ? "roles" : "scp");
        d.jwtFact("token.permissionType", "application for app-only tokens, delegated otherwise: the kind of permission the app must be granted",
                (g, t) -> t.kind() == TokenFacts.Kind.APP_ONLY ? "application" : "delegated");
        d.jwtFact("token.permissionSet", "the token's scp or roles as a set: {\"not\": [..]} holds when it has none of them",
                (g, t) -> t.permissions());
        d.jwtFact("token.permissions", "the token's scp or roles, space-separated",
                (g, t) -> t.permissions().isEmpty() ? "(none)" : String.join(" ", t.permissions()));
        d.jwtFact("token.sharedScope", "true when scp holds a .Shared scope (Mail.Read.Shared ...): the delegated way into another user's shared folders",
                (g, t) -> anyShared(t.scp()));
        d.jwtFact("token.signInOnly", "true when scp holds nothing beyond signing the user in (openid, profile, email, offline_access, User.Read)",
                (g, t) -> signInOnly(t.scp()));
        d.jwtFact("token.app", "the app (display name or appid/azp)",
                (g, t) -> t.appDisplayName() != null ? t.appDisplayName() + " (" + t.clientId() + ")" : t.clientId());
        d.jwtFact("token.tid", "tenant id", (g, t) -> t.tid());
    }

    private final FactSheet sheet;
    private final TokenFacts token;

    TokenFactGroup(FactSheet sheet) {
        this.sheet = sheet;
        this.token = sheet.token;
    }

    /** The permission scheme the token is judged by: application, delegated, or a personal account's delegated. */
    Scheme scheme() {
        return token.kind() == TokenFacts.Kind.APP_ONLY ? Scheme.APPLICATION
                : personal() ? Scheme.DELEGATED_PERSONAL : Scheme.DELEGATED_WORK;
    }

    private Cloud hostCloud() {
        return sheet.requestGroup().hostCloud();
    }

    private boolean opaqueMsa() {
        return token.state() == TokenFacts.State.OPAQUE && token.problem() != null && token.problem().contains("personal");
    }

    /** A personal account's token: a JWT that says so, or the opaque kind only personal accounts get. */
    private boolean personal() {
        return token.isJwt() ? token.personalAccount() : opaqueMsa();
    }

    /**
     * The cloud the token belongs to, as far as the called Graph is concerned: a Graph URL in aud
     * that names another cloud's Graph, else an issuer of a cloud with another sign-in host (only
     * that cloud's Graph trusts its signature, whatever aud says), else whichever of them is known.
     */
    private Cloud cloud() {
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
}
