package dev.graphlens.exchange;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the proxy knows about a request when its response head arrives.
 *
 * @param body up to the diagnoser's requested cap of the request body (empty unless asked for);
 *             it may hold secrets and must never be logged as it is
 */
public record RequestFacts(String method, String scheme, String host, int port, String uri,
                           Headers headers, byte[] body) {

    /** Where the identity platform takes credentials and hands out tokens (Entra ID v1 and v2, device code, MSA). */
    private static final Pattern TOKEN_ENDPOINT = Pattern.compile("(?i)/(oauth2/(v2\\.0/)?(token|devicecode)|oauth20_token\\.srf)$");
    private static final Pattern AUTHORIZE_ENDPOINT = Pattern.compile("(?i)/(oauth2/(v2\\.0/)?authorize|oauth20_authorize\\.srf)$");
    /** The pages the sign-in form posts to after the authorize endpoint (credentials, stay signed in, MFA, consent). */
    private static final Pattern SIGN_IN_FORM = Pattern.compile("(?i)^(/[^/]+)?/(login|kmsi|reprocess|sas/processauth|consent/set|appverify)$");
    /** How a path must end for each pattern to match it (each pattern ends with $). */
    private static final String[] TOKEN_ENDPOINT_ENDS = {"/token", "/devicecode", "/oauth20_token.srf"};
    private static final String[] AUTHORIZE_ENDPOINT_ENDS = {"/authorize", "/oauth20_authorize.srf"};
    private static final String[] SIGN_IN_FORM_ENDS = {"/login", "/kmsi", "/reprocess", "/processauth", "/set", "/appverify"};

    /** A request named by its URL, as offline tools have it; a URL without a host is one to Graph. */
    public static RequestFacts of(String method, URI url, Headers headers, byte[] body) {
        String scheme = url.getScheme() == null ? "https" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() > 0 ? url.getPort() : "http".equals(scheme) ? 80 : 443;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return new RequestFacts(method.toUpperCase(Locale.ROOT), scheme, url.getHost() == null ? "graph.microsoft.com" : url.getHost(),
                port, path + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()), headers, body);
    }

    public RequestFacts {
        host = host.toLowerCase(Locale.ROOT);
        body = body == null ? new byte[0] : body;
    }

    /** The path without its query string. */
    public String path() {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** The query string after '?', as sent; null when there is none. */
    public String query() {
        int q = uri.indexOf('?');
        return q < 0 ? null : uri.substring(q + 1);
    }

    /** A call to a token endpoint: its bodies carry secrets and tokens, and never reach a log. */
    public boolean toTokenEndpoint() {
        String path = path();
        return endsWith(path, TOKEN_ENDPOINT_ENDS) && TOKEN_ENDPOINT.matcher(path).find();
    }

    /** A sign-in request (the browser's authorize step): an error comes back in its redirect's Location. */
    public boolean toAuthorizeEndpoint() {
        String path = path();
        return endsWith(path, AUTHORIZE_ENDPOINT_ENDS) && AUTHORIZE_ENDPOINT.matcher(path).find();
    }

    /** A page of interactive sign-in: the authorize endpoint, or a page its form posts to. */
    public boolean toSignInPage() {
        String path = path();
        return toAuthorizeEndpoint() || endsWith(path, SIGN_IN_FORM_ENDS) && SIGN_IN_FORM.matcher(path).matches();
    }

    /**
     * Whether the path ends, in any case, with one of the words a pattern's match must end with: the
     * proxy asks every request whether it is a sign-in page, and this keeps nearly all of them off
     * the regexes (each a matcher object and a scan).
     */
    private static boolean endsWith(String path, String[] ends) {
        for (String end : ends) {
            if (path.regionMatches(true, path.length() - end.length(), end, 0, end.length())) {
                return true;
            }
        }
        return false;
    }

    /** A token or sign-in request: what the app sends the identity platform carries no bearer token. */
    public boolean toIdentityPlatform() {
        return toTokenEndpoint() || toSignInPage();
    }

    public String url() {
        boolean defaultPort = ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port) + uri;
    }

    public RequestFacts withBody(byte[] captured) {
        return new RequestFacts(method, scheme, host, port, uri, headers, captured);
    }
}
