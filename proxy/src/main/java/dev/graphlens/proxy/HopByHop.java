package dev.graphlens.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/** Headers that describe one connection and must not be forwarded (RFC 9110, 7.6.1). */
final class HopByHop {
    private static final List<CharSequence> NAMES = List.of(
            HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_AUTHENTICATE,
            HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.UPGRADE, "Proxy-Connection");

    private HopByHop() {
    }

    /** Removes hop-by-hop headers, including those the Connection header names. Transfer-Encoding stays: it frames the body. */
    static void strip(HttpHeaders headers) {
        for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : connection.split(",")) {
                String name = token.trim();
                if (!name.isEmpty() && !name.equalsIgnoreCase("close") && !name.equalsIgnoreCase("keep-alive")) {
                    headers.remove(name);
                }
            }
        }
        for (CharSequence name : NAMES) {
            headers.remove(name);
        }
    }
}
