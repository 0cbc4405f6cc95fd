package dev.graphlens.token;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a bearer token says, decoded and never verified. Holds no raw token or signature.
 *
 * @param state          what the Authorization header held
 * @param problem        for MALFORMED and NOT_BEARER, what is wrong, in words
 * @param idTokenSignals claims that only ID tokens carry (nonce, at_hash, c_hash), if any
 * @param oid            the signed-in user's (or app's) object id, to tell their own resources from another user's
 * @param userName       the signed-in user's upn or preferred_username, for the same purpose; neither is logged
 * @param managedIdentity for a managed identity's token, the Azure resource it belongs to (xms_mirid), else null
 * @param appShaped      sub equals oid and no user is named: the shape of an app-only token, for tokens without idtyp
 * @param agentBlueprint for an Entra Agent ID token, the app id of the agent identity blueprint behind it (xms_par_app_azp), else null
 * @param agentUser      the token's subject is an agent user (xms_sub_fct names facet 13): an agent's own user account
 */
public record TokenFacts(State state, String scheme, String problem, String aud, String iss, String tid,
                         String ver, String clientId, String appDisplayName, String idtyp, Set<String> scp,
                         Set<String> roles, List<String> wids, Instant exp, Instant nbf, Instant iat,
                         Integer acct, List<String> xmsCc, List<String> idTokenSignals, boolean headerNonce,
                         String oid, String userName, String managedIdentity, boolean appShaped,
                         String agentBlueprint, boolean agentUser) {

    public static final String CONSUMER_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";

    /**
     * What the Authorization header held. UNSEEN: GraphLens was not given the request's header at
     * all (a HAR exported without sensitive data, explain without a token), which says nothing
     * about whether the app sent one.
     */
    public enum State {
        ABSENT, EMPTY, NOT_BEARER, MALFORMED, OPAQUE, JWT, UNSEEN
    }

    public enum Kind {
        APP_ONLY, DELEGATED, NONE
    }

    public TokenFacts {
        // Kept in token order: the developer compares them with what they requested.
        scp = scp == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(scp));
        roles = roles == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(roles));
        wids = wids == null ? List.of() : List.copyOf(wids);
        xmsCc = xmsCc == null ? List.of() : List.copyOf(xmsCc);
        idTokenSignals = idTokenSignals == null ? List.of() : List.copyOf(idTokenSignals);
    }

    /** The token of a request whose Authorization header GraphLens was not given. */
    public static TokenFacts unseen() {
        return simple(State.UNSEEN, null, null);
    }

    static TokenFacts simple(State state, String scheme, String problem) {
        return new TokenFacts(state, scheme, problem, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, false, null, null, null, false, null, false);
    }

    public boolean isJwt() {
        return state == State.JWT;
    }

    /** App-only (client credentials) or delegated (a signed-in user). */
    public Kind kind() {
        if (!isJwt()) {
            return Kind.NONE;
        }
        if ("app".equalsIgnoreCase(idtyp) || (scp.isEmpty() && !roles.isEmpty())) {
            return Kind.APP_ONLY;
        }
        if ("user".equalsIgnoreCase(idtyp) || !scp.isEmpty()) {
            return Kind.DELEGATED;
        }
        // Without idtyp (it is optional) an app-only token that has no roles yet is known by its shape.
        return idtyp == null && appShaped ? Kind.APP_ONLY : Kind.NONE;
    }

    public Audience audience() {
        return Audience.of(aud, clientId);
    }

    /**
     * A personal Microsoft account: the consumer tenant, as tid or in the issuer. (acct=1 is not one:
     * Entra ID sets it for a guest of the tenant, a work or school account from elsewhere.)
     */
    public boolean personalAccount() {
        return CONSUMER_TENANT.equalsIgnoreCase(tid) || (iss != null && iss.toLowerCase().contains(CONSUMER_TENANT));
    }

    /** A guest (B2B) user of the tenant that issued the token: acct=1. */
    public boolean guest() {
        return acct != null && acct == 1 && !personalAccount();
    }

    /** An ID token: addressed to the app itself (or an unknown GUID), with no permissions of any kind. */
    public boolean looksLikeIdToken() {
        if (!isJwt() || !scp.isEmpty() || !roles.isEmpty()) {
            return false;
        }
        Audience a = audience();
        return a == Audience.CLIENT_ITSELF || !idTokenSignals.isEmpty()
                || (a == Audience.OTHER_API && aud != null && aud.matches("(?i)[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}"));
    }

    /** The cloud the token was minted for: from a URL audience, else from the issuer. */
    public Cloud cloud() {
        Cloud byAud = Audience.cloudOfGraphUrl(aud);
        return byAud != null ? byAud : Cloud.ofIssuer(iss);
    }

    /** The permissions the token carries, of whichever kind it has. */
    public Set<String> permissions() {
        return kind() == Kind.APP_ONLY ? roles : scp;
    }

    /**
     * True when {@code user} (an object id or user principal name from a /users/{user} path) is the
     * signed-in user; null when the token does not say who that is.
     */
    public Boolean isSignedInUser(String user) {
        if (kind() != Kind.DELEGATED) {
            return null;
        }
        if (user.equalsIgnoreCase(oid)) {
            return true;
        }
        if (user.indexOf('@') < 0) {
            return oid == null ? null : false;
        }
        // A guest's names in its token are its home ones, not its UPN here (alex_fabrikam.com#EXT#@...).
        if (userName == null || guest()) {
            return null;
        }
        return user.equalsIgnoreCase(userName);
    }

    /**
     * The claims of the token last asked about, by identity: the decoder hands back one instance per
     * token, which an app sends for an hour, and the diagnosis and every reporter ask for its claims
     * on each exchange. One pair, replaced whole, so threads never see half of one.
     */
    private record Claims(TokenFacts token, Map<String, Object> claims) {
    }

    private static volatile Claims lastClaims;

    /**
     * The non-secret claims, for logs and display (never the raw token or signature). Shared by every
     * caller, so never to be changed; not wrapped as unmodifiable, since each log line walks the map
     * and a wrapper makes an object per claim for that.
     */
    public Map<String, Object> safeClaims() {
        Claims last = lastClaims;
        if (last != null && last.token == this) {
            return last.claims;
        }
        Map<String, Object> claims = claims();
        lastClaims = new Claims(this, claims);
        return claims;
    }

    private Map<String, Object> claims() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", state == State.JWT ? kind().name().toLowerCase().replace('_', '-') : state.name().toLowerCase());
        putIf(m, "aud", aud);
        putIf(m, "iss", iss);
        putIf(m, "tid", tid);
        putIf(m, clientId != null && ver != null && ver.startsWith("2") ? "azp" : "appid", clientId);
        putIf(m, "app_displayname", appDisplayName);
        putIf(m, "idtyp", idtyp);
        if (!scp.isEmpty()) {
            m.put("scp", String.join(" ", scp));
        }
        if (!roles.isEmpty()) {
            m.put("roles", List.copyOf(roles));
        }
        if (!wids.isEmpty()) {
            m.put("wids", wids);
        }
        putIf(m, "exp", exp == null ? null : exp.toString());
        putIf(m, "nbf", nbf == null ? null : nbf.toString());
        putIf(m, "ver", ver);
        putIf(m, "acct", acct);
        if (!xmsCc.isEmpty()) {
            m.put("xms_cc", xmsCc);
        }
        putIf(m, "xms_par_app_azp", agentBlueprint);
        putIf(m, "problem", problem);
        return m;
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
