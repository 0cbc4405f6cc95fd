package dev.graphlens.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Unsigned test JWTs: an RS256 header, the given claims, a fake signature. GraphLens decodes, never verifies. */
public final class TestTokens {
    public static final String SIGNATURE = "c2ln";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    public static String jwt(String claimsJson) {
        return jwt(claimsJson, SIGNATURE);
    }

    public static String jwt(String claimsJson, String signature) {
        return B64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    /** A delegated Microsoft Graph token with this scp, valid for the next hour. */
    public static String graphDelegated(String scp, String signature) {
        return jwt("{\"aud\":\"https://graph.microsoft.com\",\"idtyp\":\"user\",\"scp\":\"" + scp + "\",\"exp\":" + inAnHour() + "}",
                signature);
    }

    public static String graphDelegated(String scp) {
        return graphDelegated(scp, SIGNATURE);
    }

    public static long inAnHour() {
        return System.currentTimeMillis() / 1000 + 3600;
    }
}
