package dev.graphlens.proxy;

import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Where each request on a client connection goes. */
interface Routing {

    /** The origin for this request, or empty to keep the connection's current one. */
    Optional<Target> route(HttpRequest request);

    /** Whether Host must be set to the routed origin (reverse mode: the client addressed GraphLens itself). */
    default boolean replacesHost() {
        return false;
    }

    /** Inside an intercepted TLS tunnel: always the CONNECT target. */
    Routing FIXED = request -> Optional.empty();

    /** A forward proxy's absolute-form requests ("GET http://host/path"): the origin they name. */
    Routing ABSOLUTE_FORM = Routing::absoluteTarget;

    static Optional<Target> absoluteTarget(HttpRequest request) {
        String uri = request.uri();
        if (!uri.regionMatches(true, 0, "http://", 0, 7) && !uri.regionMatches(true, 0, "https://", 0, 8)) {
            return Optional.empty();
        }
        try {
            URI parsed = new URI(uri);
            String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
            int port = parsed.getPort() > 0 ? parsed.getPort() : ("https".equals(scheme) ? 443 : 80);
            return parsed.getHost() == null ? Optional.empty() : Optional.of(new Target(scheme, parsed.getHost(), port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Reverse mode: plain-HTTP origin-form requests go, by longest path prefix, to an https host. */
    static Routing reverse(Map<String, String> prefixToHost) {
        List<Map.Entry<String, String>> byLength = prefixToHost.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed())
                .toList();
        return new Routing() {
            @Override
            public Optional<Target> route(HttpRequest request) {
                String uri = request.uri();
                for (Map.Entry<String, String> e : byLength) {
                    if (uri.regionMatches(true, 0, e.getKey(), 0, e.getKey().length())) {
                        return Optional.of(new Target("https", e.getValue(), 443));
                    }
                }
                return Optional.empty();
            }

            @Override
            public boolean replacesHost() {
                return true;
            }
        };
    }
}
