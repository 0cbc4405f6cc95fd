package dev.graphlens.diagnosis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts about token and sign-in requests and the identity platform's errors: OAuth fields, AADSTS and AADB2C numbers. */
final class TokenEndpointFactGroup {
    private static final Pattern B2C_CODE = Pattern.compile("AADB2C\\d{4,6}");
    // "Assertion Issuer: 'x'." (AADSTS70021) and "presented assertion subject 'x'" (AADSTS700211-700213)
    private static final Pattern ASSERTION_PART = Pattern.compile("(?i)assertion (issuer|subject|audience):? '([^']{0,200})'");

    static void declare(FactSheet.Declarations<TokenEndpointFactGroup> d) {
        // Only these four fields are ever read from a token or sign-in request: never secrets or codes.
        d.fact("request.grantType", "grant_type of a token request", g -> g.tokenRequest().get("grant_type"));
        d.fact("request.clientId", "client_id of a token or sign-in request", g -> g.tokenRequest().get("client_id"));
        d.fact("request.scope", "scope of a token or sign-in request", g -> g.tokenRequest().get("scope"));
        d.fact("request.redirectUri", "redirect_uri of a sign-in request or of a token request redeeming its code", g -> g.tokenRequest().get("redirect_uri"));
        d.fact("oauth.error", "token endpoint error (invalid_grant, invalid_client, interaction_required ...)", g -> g.error.oauthError());
        d.fact("oauth.suberror", "token endpoint suberror", g -> g.error.suberror());
        d.fact("oauth.claims", "claims challenge in a token endpoint error", g -> g.error.claims());
        d.fact("aadsts.code", "the first AADSTS number (number)", g -> g.error.aadsts().isEmpty() ? null : (double) g.error.aadsts().get(0));
        d.fact("aadsts.known", "true when the AADSTS table knows the number",
                g -> g.error.aadsts().isEmpty() ? null : g.aadstsEntry().isPresent());
        d.fact("aadsts.diagnosis", "the table's diagnosis for it", g -> g.aadstsEntry().map(e -> e.diagnosis().name()).orElse(null));
        d.fact("aadsts.name", "the table's name for it", g -> g.aadstsEntry().map(AadstsCatalog.Entry::name).orElse(null));
        d.fact("aadsts.label", "AADSTS and the number, with the table's name when it has one (AADSTS50076 (UserStrongAuthRequired))",
                g -> g.error.aadsts().isEmpty() ? null : "AADSTS" + g.error.aadsts().get(0)
                        + g.aadstsEntry().map(AadstsCatalog.Entry::name).filter(n -> !n.isBlank()).map(n -> " (" + n + ")").orElse(""));
        d.fact("aadsts.assertion", "issuer, subject and audience of the external token a workload identity federation error quotes",
                TokenEndpointFactGroup::assertionQuoted);
        d.fact("aadsts.cause", "the table's cause", g -> g.aadstsEntry().map(AadstsCatalog.Entry::cause).orElse(null));
        d.fact("aadsts.fix", "the table's fix", g -> g.aadstsEntry().map(AadstsCatalog.Entry::fix).orElse(null));
        d.fact("aadsts.description", "error_description cut to its first sentence",
                g -> g.error.aadsts().isEmpty() ? null : firstSentence(g.error.oauthDescription()));
        d.fact("b2c.code", "the AADB2C number in an Azure AD B2C error (AADB2C90117)", TokenEndpointFactGroup::findB2cCode);
        d.fact("b2c.description", "that error's description cut to its first sentence",
                g -> g.b2cCode() == null ? null : firstSentence(g.error.oauthDescription().replaceFirst("^\\s*AADB2C\\d+:\\s*", "")));
        d.fact("b2c.known", "true when the table's b2cCodes know the AADB2C number", g -> g.b2cCode() == null ? null : g.b2cEntry().isPresent());
        d.fact("b2c.name", "the table's name for it", g -> g.b2cEntry().map(AadstsCatalog.Entry::name).filter(n -> !n.isBlank()).orElse(null));
        d.fact("b2c.cause", "the table's cause", g -> g.b2cEntry().map(AadstsCatalog.Entry::cause).orElse(null));
        d.fact("b2c.fix", "the table's fix", g -> g.b2cEntry().map(AadstsCatalog.Entry::fix).orElse(null));
    }

    private final FactSheet sheet;
    private final ErrorFacts error;
    private Map<String, String> tokenRequest;

    TokenEndpointFactGroup(FactSheet sheet) {
        this.sheet = sheet;
        this.error = sheet.error;
    }

    private Map<String, String> tokenRequest() {
        if (tokenRequest == null) {
            byte[] body = sheet.request.body();
            tokenRequest = sheet.requestGroup().tokenEndpoint() && body.length > 0 ? form(new String(body, StandardCharsets.UTF_8))
                    : sheet.request.toAuthorizeEndpoint() && sheet.request.query() != null ? form(sheet.request.query()) : Map.of();
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

    private Optional<AadstsCatalog.Entry> aadstsEntry() {
        return error.aadsts().isEmpty() ? Optional.empty() : sheet.aadsts.find(error.aadsts().get(0));
    }

    /** The AADB2C number, found once through its fact. */
    private String b2cCode() {
        return (String) sheet.get("b2c.code");
    }

    private String findB2cCode() {
        Matcher m = error.oauthDescription() == null ? null : B2C_CODE.matcher(error.oauthDescription());
        return m != null && m.find() ? m.group() : null;
    }

    private Optional<AadstsCatalog.Entry> b2cEntry() {
        String code = b2cCode();
        return code == null ? Optional.empty() : sheet.aadsts.findB2c(Integer.parseInt(code.substring("AADB2C".length())));
    }

    private String assertionQuoted() {
        String description = error.oauthDescription();
        if (description == null || error.aadsts().isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        Matcher m = ASSERTION_PART.matcher(description);
        while (m.find()) {
            out.append(out.length() == 0 ? "" : ", ").append(m.group(1).toLowerCase(Locale.ROOT)).append(" '").append(m.group(2)).append("'");
        }
        return out.length() == 0 ? null : out.toString();
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
