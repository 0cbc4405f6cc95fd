package dev.graphlens.exchange;

/** Why the proxy had to answer a request itself. */
public record UpstreamFailure(Kind kind, String target, String detail) {

    public enum Kind {
        DNS(502, "check the host name and your DNS, or use --upstream-override HOST=HOST2:PORT for a local server"),
        CONNECT(502, "check that the upstream is running and reachable (firewall, --upstream-proxy for a corporate proxy)"),
        TLS(502, "the upstream certificate is not trusted or does not match the host: pass its CA with --upstream-trust FILE.pem"),
        TIMEOUT(504, "the upstream did not answer in time: check it, or raise upstreamReadTimeoutSeconds in config/graphlens.json"),
        CLOSED(502, "the upstream closed the connection before a complete response: retry, and check the upstream's logs"),
        PROXY(502, "the upstream proxy refused or failed the CONNECT: check --upstream-proxy");

        public final int status;
        public final String fix;

        Kind(int status, String fix) {
            this.status = status;
            this.fix = fix;
        }
    }

    public String describe() {
        String what = switch (kind) {
            case DNS -> "cannot resolve";
            case CONNECT -> "cannot connect to";
            case TLS -> "TLS handshake failed with";
            case TIMEOUT -> "no response in time from";
            case CLOSED -> "connection closed early by";
            case PROXY -> "upstream proxy failed to reach";
        };
        return "GraphLens " + what + " " + target + (detail == null || detail.isBlank() ? "" : ": " + detail);
    }
}
