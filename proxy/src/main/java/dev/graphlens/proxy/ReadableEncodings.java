package dev.graphlens.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Narrows a request's Accept-Encoding to the content codings the diagnosis can decode, for the
 * few responses it reads even when they succeed (as mitmproxy's anticomp does, for those only).
 */
final class ReadableEncodings {
    private static final Set<String> READABLE = Set.of("gzip", "x-gzip", "deflate", "identity");

    private ReadableEncodings() {
    }

    static void narrow(HttpHeaders headers) {
        List<String> offered = headers.getAll(HttpHeaderNames.ACCEPT_ENCODING);
        if (offered.isEmpty()) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String value : offered) {
            for (String coding : value.split(",")) {
                String name = coding.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
                if (READABLE.contains(name)) {
                    kept.add(coding.trim());
                }
            }
        }
        // Without the header any coding would do, so a client that offered none of these gets identity.
        headers.set(HttpHeaderNames.ACCEPT_ENCODING, kept.isEmpty() ? "identity" : String.join(", ", kept));
    }
}
