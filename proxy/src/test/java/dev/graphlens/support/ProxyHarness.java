package dev.graphlens.support;

import dev.graphlens.exchange.Diagnoser;
import dev.graphlens.exchange.ExchangeListener;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.LiveEvents;
import dev.graphlens.proxy.ProxyOptions;
import dev.graphlens.proxy.ProxyServer;
import dev.graphlens.report.LiveFeed;
import dev.graphlens.tls.CertificateAuthority;
import dev.graphlens.tls.LeafCertificates;
import dev.graphlens.tls.UpstreamTrust;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real GraphLens proxy on a free loopback port, with a fresh CA, its Graph hosts pointed at
 * a {@link FakeGraph} that trusts-only-its-own test CA, and a record of every finished exchange.
 */
public final class ProxyHarness implements AutoCloseable {
    public static final Set<String> GRAPH_HOSTS = Set.of("graph.microsoft.com", "login.microsoftonline.com",
            "graph.microsoft.us", "login.microsoftonline.us");

    public final Path dir;
    public final TestPki upstreamPki;
    public final FakeGraph upstream;
    public final CertificateAuthority ca;
    public final ProxyServer proxy;
    public final List<ExchangeRecord> exchanges = new CopyOnWriteArrayList<>();
    /** Also told of every exchange, after {@link #exchanges}: e.g. a ReportQueue under test. */
    public volatile ExchangeListener also = ExchangeListener.NONE;

    public ProxyHarness(Diagnoser diagnoser) throws Exception {
        this(diagnoser, UnaryOperator.identity(), Map.of());
    }

    /**
     * @param tune          adjusts the default options (timeouts, caps, policies)
     * @param extraOverrides more host -> address overrides (e.g. a host that is only tunnelled)
     */
    public ProxyHarness(Diagnoser diagnoser, UnaryOperator<ProxyOptions> tune,
                        Map<String, InetSocketAddress> extraOverrides) throws Exception {
        this(diagnoser, tune, extraOverrides, null);
    }

    /** With a live feed: it is told of every exchange and served at /_graphlens/. */
    public ProxyHarness(Diagnoser diagnoser, UnaryOperator<ProxyOptions> tune,
                        Map<String, InetSocketAddress> extraOverrides, LiveFeed live) throws Exception {
        dir = Files.createTempDirectory("graphlens-test");
        upstreamPki = new TestPki("Fake Graph upstream CA");
        upstream = new FakeGraph(upstreamPki.issue("graph.microsoft.com", "login.microsoftonline.com",
                "graph.microsoft.us", "login.microsoftonline.us", "tunnelled.example"));
        Map<String, InetSocketAddress> overrides = new HashMap<>();
        for (String host : GRAPH_HOSTS) {
            overrides.put(host, InetSocketAddress.createUnresolved("127.0.0.1", upstream.port()));
        }
        overrides.putAll(extraOverrides);
        ca = CertificateAuthority.loadOrCreate(dir.resolve("certs"));
        ProxyOptions options = tune.apply(ProxyOptions.defaults(GRAPH_HOSTS, overrides).build());
        ExchangeListener record = r -> {
            exchanges.add(r);
            also.completed(r);
        };
        proxy = ProxyServer.start(options, new LeafCertificates(ca), UpstreamTrust.clientContext(List.of(upstreamPki.writeCaPem(dir))),
                diagnoser, live == null ? record : r -> {
                    live.completed(r);
                    record.completed(r);
                }, live == null ? LiveEvents.NONE : live);
    }

    public InetSocketAddress proxyAddress() {
        return new InetSocketAddress("127.0.0.1", proxy.port());
    }

    /** A JDK client that uses the proxy and trusts only the GraphLens CA, as a user would set it up. */
    public HttpClient client() throws Exception {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.of(proxyAddress()))
                .sslContext(trusting(ca.certificate()))
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_2)
                .build();
    }

    public static SSLContext trusting(X509Certificate... roots) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        for (int i = 0; i < roots.length; i++) {
            ks.setCertificateEntry("root" + i, roots[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Waits until {@code n} exchanges were reported (reports follow the last byte by a moment). */
    public void awaitExchanges(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (exchanges.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    public static String readAll(InputStream in) throws Exception {
        try (in) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws Exception {
        proxy.close();
        upstream.close();
    }
}
