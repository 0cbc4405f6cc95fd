package dev.graphlens.proxy;

import java.util.Locale;

/** The origin a client asked for: scheme, host and port, as the client sees it. */
record Target(String scheme, String host, int port) {
    Target {
        host = host.toLowerCase(Locale.ROOT);
    }

    boolean tls() {
        return "https".equals(scheme);
    }

    String authority() {
        return host + ":" + port;
    }
}
