package dev.graphlens.report;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Strips credentials from text that is about to be logged. */
public final class Redaction {
    // csrf_token and tx: Azure AD B2C's sign-in pages carry the session's anti-forgery token and state in their URLs.
    private static final Set<String> SECRET_PARAMS = Set.of("code", "client_secret", "password", "access_token",
            "refresh_token", "id_token", "assertion", "client_assertion", "token", "sig", "signature",
            "code_verifier", "secret", "apikey", "api_key", "key", "csrf_token", "tx");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");

    private Redaction() {
    }

    /**
     * The URL with the values of credential-bearing parameters replaced: any {@code name=value}
     * after a '?', '&' or '#' (sign-in redirects put the code or tokens in the fragment), anywhere in
     * the URL. A plain scan, not a regex: every reporter calls this for every exchange on the
     * reporting thread.
     */
    public static String url(String url) {
        int n = url.length();
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            char c = url.charAt(i);
            int nameEnd = i + 1;
            if (c == '?' || c == '&' || c == '#') {
                while (nameEnd < n && "=&#".indexOf(url.charAt(nameEnd)) < 0) {
                    nameEnd++;
                }
            }
            if (nameEnd == i + 1 || nameEnd == n || url.charAt(nameEnd) != '=') {
                i++;
                continue;
            }
            int valueEnd = nameEnd + 1;
            while (valueEnd < n && url.charAt(valueEnd) != '&' && url.charAt(valueEnd) != '#') {
                valueEnd++;
            }
            if (SECRET_PARAMS.contains(url.substring(i + 1, nameEnd).toLowerCase(Locale.ROOT))) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(url, copied, nameEnd + 1).append("REDACTED");
                copied = valueEnd;
            }
            i = valueEnd;
        }
        return text(out == null ? url : out.append(url, copied, n).toString());
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
