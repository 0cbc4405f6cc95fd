package dev.graphlens.diagnosis;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Realistic, unsigned test tokens: the claims Entra ID puts in Graph tokens, with a fake signature. */
final class Tokens {
    static final String TENANT = "5b1c7e2a-86f1-41af-91ab-2d7cd011db47";
    static final String APP = "1f9c0c6a-3b7e-4a4e-9f55-7d1d1c2f0a11";
    static final String GRAPH = "00000003-0000-0000-c000-000000000000";
    static final String SIGNATURE = "c2lnbmF0dXJlLW5vdC1yZWFsLWJ1dC1sb25nLWVub3VnaC10by1sb29rLWxpa2Utb25lLWFiY2RlZmdoaWprbG1ub3A";

    private Tokens() {
    }

    static JWTClaimsSet.Builder delegated(Instant now, String scp) {
        return base(now).audience(GRAPH).claim("idtyp", "user").claim("scp", scp)
                .claim("wids", List.of("b79fbf4d-3ef9-4689-8143-76b194e85509"));
    }

    static JWTClaimsSet.Builder appOnly(Instant now, String... roles) {
        return base(now).audience("https://graph.microsoft.com").claim("idtyp", "app").claim("roles", List.of(roles));
    }

    static JWTClaimsSet.Builder base(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer("https://sts.windows.net/" + TENANT + "/")
                .claim("tid", TENANT).claim("appid", APP).claim("app_displayname", "Contoso Notes").claim("ver", "1.0")
                .issueTime(Date.from(now.minusSeconds(300))).notBeforeTime(Date.from(now.minusSeconds(300)))
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }

    static String jwt(JWTClaimsSet.Builder claims) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").customParams(Map.of("nonce", "AbC")).build();
        return header.toBase64URL() + "." + Base64URL.encode(claims.build().toString()) + "." + SIGNATURE;
    }

    static String bearer(JWTClaimsSet.Builder claims) {
        return "Bearer " + jwt(claims);
    }
}
