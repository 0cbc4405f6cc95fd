package dev.graphlens.permissions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns request paths and catalog templates into comparable segment lists: no host, version or
 * query; lower case; function arguments and type casts dropped; drive path addressing folded.
 */
public final class PathTemplates {
    public static final String ANY = "{id}";

    private static final Pattern VERSION = Pattern.compile("^/(v1\\.0|beta)(?=/|$)", Pattern.CASE_INSENSITIVE);
    // root:/folder/file.txt:/content -> root:{path}:/content (and a trailing root:/a/b)
    // sites/contoso.sharepoint.com:/sites/marketing:/lists -> sites/{id}/lists (site path addressing)
    private static final Pattern SITE_PATH = Pattern.compile("(?i)(/sites/)[^/:]+:/[^:]*:?");
    private static final Pattern DRIVE_PATH = Pattern.compile("(root|items/[^/]+):/?[^:]*(:|$)");
    // /users/{user} and /users('{user}'): which user a path addresses
    private static final Pattern USER_KEY = Pattern.compile("(?i)^/(?:v1\\.0|beta)/users(?:/([^/?(]+)|\\('([^')]+)'\\))");
    private static final Pattern OBJECT_ID = Pattern.compile("(?i)[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}");
    // users('id'), mailFolders('Inbox'), applications(appId='...'): a key, which stands for an id segment;
    // other parentheses hold function arguments (delta(), calendarView(startDateTime=...)) and are dropped.
    private static final Pattern ODATA_KEY = Pattern.compile("[^=]+|(appid|uniquename|userprincipalname)=.+");
    private static final Set<String> CASTS = Set.of("user", "group", "device", "serviceprincipal", "application",
            "orgcontact", "approleassignment", "directoryrole", "administrativeunit", "event", "message",
            "eventmessage", "calendarsharingmessage", "team", "channel", "chatmessage", "aadusernotificationrecipient",
            "fileattachment", "itemattachment", "referenceattachment", "unifiedroleassignment", "contact",
            "passwordauthenticationmethod", "emailauthenticationmethod", "phoneauthenticationmethod",
            "fido2authenticationmethod", "microsoftauthenticatorauthenticationmethod", "externaluser");

    private PathTemplates() {
    }

    /** Normalised segments of a request path or template. */
    public static List<String> segments(String path) {
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        p = withoutOrigin(p);
        p = VERSION.matcher(p).replaceFirst("");
        p = decode(p);
        p = SITE_PATH.matcher(p).replaceAll("$1{id}");
        p = DRIVE_PATH.matcher(p).replaceAll("$1:{path}$2");
        List<String> out = new ArrayList<>();
        for (String raw : p.split("/")) {
            if (raw.isEmpty()) {
                continue;
            }
            String s = raw.toLowerCase(Locale.ROOT);
            int paren = s.indexOf('(');
            if (paren > 0) {
                String args = s.substring(paren + 1, s.endsWith(")") ? s.length() - 1 : s.length());
                s = s.substring(0, paren);
                if (ODATA_KEY.matcher(args).matches()) {
                    out.add(s);
                    s = ANY;
                }
            }
            // "graph." is Graph's alias of the microsoft.graph namespace (graph.agentIdentityBlueprintPrincipal).
            if (s.startsWith("microsoft.graph.") || s.startsWith("graph.") && s.indexOf('@') < 0) {
                s = s.substring(s.indexOf("graph.") + "graph.".length());
                if (CASTS.contains(s)) {
                    continue;
                }
            }
            if (s.startsWith("{") && s.endsWith("}") && !s.equals("{path}")) {
                s = ANY;
            }
            out.add(s);
        }
        return out;
    }

    /**
     * The user a /users/{user}/... or /users('{user}')/... path addresses, percent-decoded: an object
     * id or a user principal name, as Graph addresses users; null for any other path (/users/delta,
     * /users/$count ...).
     */
    public static String addressedUser(String path) {
        if (path.indexOf('%') < 0 && !containsIgnoreCase(path, "/users")) {
            return null;
        }
        Matcher m = USER_KEY.matcher(decode(withoutOrigin(path)));
        if (!m.find()) {
            return null;
        }
        String user = m.group(1) != null ? m.group(1) : m.group(2);
        return user.indexOf('@') > 0 || OBJECT_ID.matcher(user).matches() ? user : null;
    }

    // A scan, not a regex or a lower-cased copy: asked of every diagnosed request's path.
    private static boolean containsIgnoreCase(String text, String part) {
        for (int i = 0, last = text.length() - part.length(); i <= last; i++) {
            if (text.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    /** The Graph version a request path is for: "/beta", else "/v1.0". */
    public static String version(String path) {
        return path.regionMatches(true, 0, "/beta", 0, 5) ? "/beta" : "/v1.0";
    }

    /** "https://host:port/path?q" -> "/path?q"; anything not absolute is returned as it is. */
    public static String withoutOrigin(String url) {
        if (url.regionMatches(true, 0, "https://", 0, 8) || url.regionMatches(true, 0, "http://", 0, 7)) {
            int slash = url.indexOf('/', url.indexOf("//") + 2);
            return slash < 0 ? "/" : url.substring(slash);
        }
        return url;
    }

    /** Percent-decoded; text with a malformed escape (%zz) is returned as it came, and matched so. */
    public static String decode(String path) {
        try {
            return java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    /** The request path as a template string ("/users/{id}/messages") for display. */
    public static String join(List<String> segments) {
        return "/" + String.join("/", segments);
    }
}
