package dev.graphlens.proxy;

import dev.graphlens.exchange.HostPatterns;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the pipeline needs to know, already validated.
 *
 * @param interceptHosts     hosts whose TLS GraphLens terminates and whose exchanges it diagnoses
 * @param tunnelOthers       true: other CONNECT targets are tunnelled untouched; false: refused
 * @param tunnelPorts        ports a CONNECT may reach (443 by default: not an open relay)
 * @param overrides          host -> address to connect to instead (SNI and Host stay the host)
 * @param upstreamProxy      a corporate proxy to chain through with CONNECT, if any
 * @param inspectCapBytes    how much of an error body is held for inspection before it streams on
 * @param reverseRoutes      reverse mode: path prefix -> https host for plain origin-form requests (empty: off)
 */
public record ProxyOptions(InetSocketAddress listen, Set<String> interceptHosts, boolean tunnelOthers,
                           Set<Integer> tunnelPorts, Map<String, InetSocketAddress> overrides,
                           Optional<InetSocketAddress> upstreamProxy, Duration connectTimeout,
                           Duration upstreamReadTimeout, Duration clientIdleTimeout, int inspectCapBytes,
                           int maxInitialLineLength, int maxHeaderSize, boolean injectHeaders,
                           Map<String, String> reverseRoutes) {

    public ProxyOptions {
        interceptHosts = Set.copyOf(interceptHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
        tunnelPorts = Set.copyOf(tunnelPorts);
        overrides = Map.copyOf(overrides);
        reverseRoutes = Map.copyOf(reverseRoutes);
    }

    public boolean intercepts(String host) {
        return HostPatterns.matches(interceptHosts, host);
    }

    /** Where to open the TCP connection for {@code host:port}. */
    public InetSocketAddress connectAddress(String host, int port) {
        InetSocketAddress override = overrides.get(host.toLowerCase(Locale.ROOT));
        return override != null ? override : InetSocketAddress.createUnresolved(host, port);
    }

    /** Defaults: loopback, an ephemeral port, the usual timeouts and caps. */
    public static Builder defaults(Set<String> interceptHosts, Map<String, InetSocketAddress> overrides) {
        return new Builder(new ProxyOptions(new InetSocketAddress("127.0.0.1", 0), interceptHosts, true, Set.of(443),
                overrides, Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(120),
                1 << 20, 16 * 1024, 64 * 1024, true, Map.of()));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few options of an existing set. */
    public static final class Builder {
        private InetSocketAddress listen;
        private Set<String> interceptHosts;
        private boolean tunnelOthers;
        private Set<Integer> tunnelPorts;
        private Map<String, InetSocketAddress> overrides;
        private Optional<InetSocketAddress> upstreamProxy;
        private Duration connectTimeout;
        private Duration upstreamReadTimeout;
        private Duration clientIdleTimeout;
        private int inspectCapBytes;
        private int maxInitialLineLength;
        private int maxHeaderSize;
        private boolean injectHeaders;
        private Map<String, String> reverseRoutes;

        private Builder(ProxyOptions o) {
            listen = o.listen;
            interceptHosts = o.interceptHosts;
            tunnelOthers = o.tunnelOthers;
            tunnelPorts = o.tunnelPorts;
            overrides = o.overrides;
            upstreamProxy = o.upstreamProxy;
            connectTimeout = o.connectTimeout;
            upstreamReadTimeout = o.upstreamReadTimeout;
            clientIdleTimeout = o.clientIdleTimeout;
            inspectCapBytes = o.inspectCapBytes;
            maxInitialLineLength = o.maxInitialLineLength;
            maxHeaderSize = o.maxHeaderSize;
            injectHeaders = o.injectHeaders;
            reverseRoutes = o.reverseRoutes;
        }

        public Builder interceptHosts(Set<String> hosts) {
            interceptHosts = hosts;
            return this;
        }

        public Builder tunnelOthers(boolean tunnel) {
            tunnelOthers = tunnel;
            return this;
        }

        public Builder tunnelPorts(Set<Integer> ports) {
            tunnelPorts = ports;
            return this;
        }

        public Builder overrides(Map<String, InetSocketAddress> map) {
            overrides = map;
            return this;
        }

        public Builder upstreamProxy(InetSocketAddress proxy) {
            upstreamProxy = Optional.of(proxy);
            return this;
        }

        public Builder upstreamReadTimeout(Duration timeout) {
            upstreamReadTimeout = timeout;
            return this;
        }

        public Builder clientIdleTimeout(Duration timeout) {
            clientIdleTimeout = timeout;
            return this;
        }

        public Builder inspectCapBytes(int bytes) {
            inspectCapBytes = bytes;
            return this;
        }

        public Builder injectHeaders(boolean inject) {
            injectHeaders = inject;
            return this;
        }

        public Builder reverseRoutes(Map<String, String> routes) {
            reverseRoutes = routes;
            return this;
        }

        public ProxyOptions build() {
            return new ProxyOptions(listen, interceptHosts, tunnelOthers, tunnelPorts, overrides, upstreamProxy,
                    connectTimeout, upstreamReadTimeout, clientIdleTimeout, inspectCapBytes, maxInitialLineLength,
                    maxHeaderSize, injectHeaders, reverseRoutes);
        }
    }
}
