package dev.graphlens.report;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strips credentials from text that is about to be logged. */
public final class Redaction {
    private static final Set<String> SECRET_PARAMS = Set.of("code", "client_secret", "password", "access_token",
            "refresh_token", "id_token", "assertion", "client_assertion", "token", "sig", "signature",
            "code_verifier", "secret", "apikey", "api_key", "key");
    private static final Pattern QUERY_PARAM = Pattern.compile("([?&])([^=&#]+)=([^&#]*)");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");

    private Redaction() {
    }

    /** The URL with the values of credential-bearing query parameters replaced. */
    public static String url(String url) {
        if (url.indexOf('?') < 0) {
            return text(url);
        }
        Matcher m = QUERY_PARAM.matcher(url);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(2).toLowerCase(Locale.ROOT);
            String value = SECRET_PARAMS.contains(name) ? "REDACTED" : m.group(3);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + "=" + value));
        }
        m.appendTail(out);
        return text(out.toString());
    }

    /** Any JWT-looking run in free text is cut to its first characters. */
    public static String text(String text) {
        if (text == null || !text.contains("eyJ")) {
            return text;
        }
        Matcher m = JWT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group().substring(0, 8) + "...(token redacted)"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
