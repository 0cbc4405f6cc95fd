package dev.graphlens.exchange;

import java.util.Collection;
import java.util.Locale;

/** Host names as settings list them: exact (graph.microsoft.com) or a wildcard for subdomains (*.ciamlogin.com). */
public final class HostPatterns {
    private HostPatterns() {
    }

    /** Whether {@code host} is one of {@code patterns} (lower case); a "*." pattern matches subdomains only. */
    public static boolean matches(Collection<String> patterns, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            // Compared in place: asked for every request the proxy forwards.
            if (pattern.equals(h) || pattern.startsWith("*.") && h.regionMatches(h.length() - (pattern.length() - 1), pattern, 1, pattern.length() - 1)) {
                return true;
            }
        }
        return false;
    }
}
