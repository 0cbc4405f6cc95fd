package dev.graphlens.token;

import com.nimbusds.jose.JOSEObject;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.graphlens.memo.BoundedMemo;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an Authorization header value into {@link TokenFacts}. Decodes only: Graph's tokens
 * are for Graph to validate, so nothing here claims a signature is good or bad.
 */
public final class TokenDecoder {
    /** Longer headers are not parsed at all: real tokens are a few KB. */
    static final int MAX_TOKEN_LENGTH = 64 * 1024;
    /** Entra ID client secrets since 2022: three characters, a digit and "Q~", then 31-34 more. */
    private static final Pattern CLIENT_SECRET = Pattern.compile("[A-Za-z0-9_~.\\-]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34}");
    private static final int MIN_MSA_LENGTH = 40;
    /** The subject facet of an agent user, in xms_sub_fct (Entra Agent ID; Microsoft.Identity.Web names it AgentIdUser). */
    private static final String AGENT_USER_FACET = "13";
    /**
     * Decoded headers, reused: an app sends the same token for up to an hour, and the diagnosis
     * and every reporter ask for it. TokenFacts holds no time-relative facts, so reuse is exact.
     */
    static final int CACHED_HEADERS = 256;
    /** Longer headers are decoded each time, so hostile input cannot fill the cache with large keys. */
    static final int CACHED_MAX_LENGTH = 8 * 1024;
    private static final BoundedMemo<String, TokenFacts> CACHE = new BoundedMemo<>(CACHED_HEADERS, TokenDecoder::read);

    /**
     * One instance for every request without an Authorization header, as the cache gives one per
     * token: reporters that serialise a token's claims reuse the text while the instance repeats.
     */
    private static final TokenFacts ABSENT = TokenFacts.simple(TokenFacts.State.ABSENT, null, null);

    private TokenDecoder() {
    }

    public static TokenFacts decode(String authorization) {
        if (authorization == null || authorization.length() > CACHED_MAX_LENGTH) {
            return read(authorization);
        }
        return CACHE.get(authorization);
    }

    static int cachedHeaders() {
        return CACHE.size();
    }

    private static TokenFacts read(String authorization) {
        if (authorization == null) {
            return ABSENT;
        }
        String value = authorization.trim();
        if (value.isEmpty()) {
            return TokenFacts.simple(TokenFacts.State.EMPTY, null, "the Authorization header is empty");
        }
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String token = space < 0 ? "" : value.substring(space + 1).trim();
        if (space < 0 && value.chars().filter(c -> c == '.').count() == 2) {
            return TokenFacts.simple(TokenFacts.State.NOT_BEARER, null,
                    "the header holds a bare token without the \"Bearer \" prefix");
        }
        if (!scheme.equalsIgnoreCase("Bearer")) {
            return TokenFacts.simple(TokenFacts.State.NOT_BEARER, safeScheme(scheme),
                    "the scheme is \"" + safeScheme(scheme) + "\", Graph expects \"Bearer\"");
        }
        if (token.isEmpty()) {
            return TokenFacts.simple(TokenFacts.State.EMPTY, "Bearer", "\"Bearer\" is followed by no token");
        }
        if (token.startsWith("Bearer ") || token.startsWith("bearer ")) {
            return TokenFacts.simple(TokenFacts.State.MALFORMED, "Bearer", "the word Bearer appears twice (\"Bearer Bearer ...\")");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return TokenFacts.simple(TokenFacts.State.MALFORMED, "Bearer", "the token is " + token.length() + " characters long");
        }
        String placeholder = placeholder(token);
        if (placeholder != null) {
            return TokenFacts.simple(TokenFacts.State.MALFORMED, "Bearer", placeholder);
        }
        if (token.length() > 1 && (token.charAt(0) == '"' || token.charAt(0) == '\'')) {
            return TokenFacts.simple(TokenFacts.State.MALFORMED, "Bearer",
                    "the token is wrapped in quotes: send the bare eyJ... string (a JSON value or config entry was pasted whole)");
        }
        String otherCredential = otherCredential(token);
        if (otherCredential != null) {
            return TokenFacts.simple(TokenFacts.State.MALFORMED, "Bearer", otherCredential);
        }
        long dots = token.chars().filter(c -> c == '.').count();
        if (dots == 0) {
            return opaque(token);
        }
        if (dots != 2 && dots != 4) {
            return TokenFacts.simple(TokenFacts.State.MALFORMED, "Bearer",
                    "the token has " + (dots + 1) + " dot-separated parts; a JWT has 3");
        }
        try {
            JWT jwt = JWTParser.parse(token);
            if (jwt instanceof EncryptedJWT) {
                return TokenFacts.simple(TokenFacts.State.OPAQUE, "Bearer", "an encrypted (JWE) token: its claims cannot be read");
            }
            return fromClaims(jwt, jwt.getJWTClaimsSet());
        } catch (ParseException | RuntimeException e) {
            return TokenFacts.simple(TokenFacts.State.MALFORMED, "Bearer",
                    "it looks like a JWT but does not decode (" + describe(e) + ")");
        }
    }

    /**
     * Another credential of the sign-in flow sent where the access token belongs; described by its
     * shape only, never quoted.
     */
    private static String otherCredential(String token) {
        if (token.startsWith("0.A") || token.startsWith("1.A")) {
            return "it has the shape of an Entra ID refresh token or authorization code (0.A...), not an access token:"
                    + " send the access_token field of the token response";
        }
        if (token.startsWith("M.C") || token.startsWith("M.R")) {
            return "it has the shape of a Microsoft account authorization code or refresh token (M.C.../M.R...), not an"
                    + " access token: redeem it at the token endpoint and send the access_token it returns";
        }
        if (token.startsWith("{\"")) {
            return "it is a JSON object (a whole token response or cache entry was sent): send only its access_token value";
        }
        if (token.startsWith("eyJ") && token.toLowerCase(Locale.ROOT).contains("%2e")) {
            return "it is a JWT that was percent-encoded (%2E for its dots): send it exactly as the token response gave it";
        }
        if (CLIENT_SECRET.matcher(token).matches()) {
            return "it has the shape of an Entra ID client secret: a secret goes to the token endpoint to get a token,"
                    + " never to Graph (rotate this one: it has travelled in a request header)";
        }
        return null;
    }

    private static TokenFacts opaque(String token) {
        boolean base64ish = token.matches("[A-Za-z0-9+/=_\\-!*%]+");
        // MSA tickets start "EwA"/"EwB"/...; copies cut short in logs and samples are still recognisably one.
        if (base64ish && token.startsWith("Ew") && token.length() >= MIN_MSA_LENGTH) {
            return TokenFacts.simple(TokenFacts.State.OPAQUE, "Bearer", "an opaque token in the personal Microsoft account (MSA) format");
        }
        if (base64ish && token.length() >= 100) {
            return TokenFacts.simple(TokenFacts.State.OPAQUE, "Bearer", "an opaque (non-JWT) token");
        }
        return TokenFacts.simple(TokenFacts.State.MALFORMED, "Bearer",
                "the token is " + token.length() + " characters and not a JWT (a Graph access token is a long eyJ... string)");
    }

    private static String placeholder(String token) {
        String t = token.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "undefined", "null", "none", "[object object]", "{token}", "<token>", "$token", "${token}", "token",
                 "nan", "false", "true", "access_token" ->
                    "the token is the literal text \"" + token + "\": the variable holding it was never set";
            default -> t.startsWith("{{") || t.startsWith("${") || t.startsWith("<") || t.startsWith("%")
                    ? "the token is an unexpanded template (" + token.substring(0, Math.min(20, token.length())) + "...)"
                    : null;
        };
    }

    private static TokenFacts fromClaims(JWT jwt, JWTClaimsSet c) {
        List<String> aud = c.getAudience();
        String clientId = firstString(c, "appid", "azp");
        List<String> signals = new ArrayList<>();
        for (String claim : List.of("nonce", "at_hash", "c_hash")) {
            if (c.getClaim(claim) != null) {
                signals.add(claim);
            }
        }
        Object headerNonce = jwt instanceof JOSEObject jose ? jose.getHeader().getCustomParam("nonce") : null;
        String oid = firstString(c, "oid");
        String userName = firstString(c, "upn", "preferred_username", "unique_name");
        boolean appShaped = oid != null && oid.equals(c.getSubject()) && userName == null && c.getClaim("name") == null;
        return new TokenFacts(TokenFacts.State.JWT, "Bearer", null,
                aud == null || aud.isEmpty() ? null : aud.get(0),
                c.getIssuer(), firstString(c, "tid"), firstString(c, "ver"), clientId,
                firstString(c, "app_displayname"), firstString(c, "idtyp"),
                words(c.getClaim("scp")), strings(c.getClaim("roles")), list(c.getClaim("wids")),
                instant(c.getExpirationTime()), instant(c.getNotBeforeTime()), instant(c.getIssueTime()),
                integer(c.getClaim("acct")), list(c.getClaim("xms_cc")), signals, headerNonce != null,
                oid, userName, firstString(c, "xms_mirid"), appShaped,
                firstString(c, "xms_par_app_azp"), words(c.getClaim("xms_sub_fct")).contains(AGENT_USER_FACET));
    }

    private static String firstString(JWTClaimsSet c, String... names) {
        for (String n : names) {
            Object v = c.getClaim(n);
            if (v != null) {
                return String.valueOf(v);
            }
        }
        return null;
    }

    private static Set<String> words(Object scp) {
        Set<String> out = new LinkedHashSet<>();
        if (scp instanceof String s) {
            for (String w : s.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        } else if (scp instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    private static Set<String> strings(Object v) {
        return v instanceof String s ? words(s) : new LinkedHashSet<>(list(v));
    }

    private static List<String> list(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        } else if (v != null) {
            out.add(String.valueOf(v));
        }
        return out;
    }

    private static Integer integer(Object v) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return v == null ? null : Integer.valueOf(String.valueOf(v));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    private static String safeScheme(String scheme) {
        String cut = scheme.length() > 20 ? scheme.substring(0, 20) + "..." : scheme;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static String describe(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // Parser messages may quote the input: keep them short and free of token text.
        m = m.replaceAll("eyJ[A-Za-z0-9_-]+", "...");
        return m.length() > 120 ? m.substring(0, 120) + "..." : m;
    }
}
