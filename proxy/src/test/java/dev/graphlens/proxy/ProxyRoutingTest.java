package dev.graphlens.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.exchange.Diagnoser;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import dev.graphlens.tls.LeafCertificates;
import dev.graphlens.tls.UpstreamTrust;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What each kind of proxy request becomes: MITM, tunnel, plain forward, refusal. */
class ProxyRoutingTest {
    static ProxyHarness h;
    static FakeGraph plain;

    @BeforeAll
    static void start() throws Exception {
        plain = new FakeGraph(null);
        h = new ProxyHarness(new FlagErrors(), o -> o.toBuilder().tunnelPorts(Set.of(443)).build(), Map.of(
                "tunnelled.example", InetSocketAddress.createUnresolved("127.0.0.1", 0),
                "plain.example", InetSocketAddress.createUnresolved("127.0.0.1", 0)));
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
        plain.close();
    }

    @Test
    void interceptedHostIsServedWithACertificateFromTheGraphLensCa() throws Exception {
        HttpResponse<String> r = h.client().send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/me")).build(),
                HttpResponse.BodyHandlers.ofString());
        SSLSession session = r.sslSession().orElseThrow();
        X509Certificate leaf = (X509Certificate) session.getPeerCertificates()[0];
        assertEquals(h.ca.certificate().getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertTrue(leaf.getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("graph.microsoft.com")));
        assertEquals(HttpClient.Version.HTTP_1_1, r.version(), "ALPN offers only http/1.1, so an h2 client falls back");
    }

    @Test
    void otherHostIsTunnelledSoTheClientSeesTheUpstreamCertificate() throws Exception {
        try (ProxyHarness t = new ProxyHarness(Diagnoser.NONE, o -> o, Map.of())) {
            // A second harness whose tunnel target is its own fake, reached as tunnelled.example:443.
            ProxyHarness tunnel = new ProxyHarness(Diagnoser.NONE, o -> o, Map.of("tunnelled.example",
                    InetSocketAddress.createUnresolved("127.0.0.1", t.upstream.port())));
            try (tunnel) {
                t.upstream.on("/hello", FakeGraph.json(200, "{\"via\":\"tunnel\"}"));
                HttpClient trustsUpstreamOnly = HttpClient.newBuilder()
                        .proxy(ProxySelector.of(tunnel.proxyAddress()))
                        .sslContext(ProxyHarness.trusting(t.upstreamPki.caCert)).build();
                HttpResponse<String> r = trustsUpstreamOnly.send(HttpRequest.newBuilder(
                        URI.create("https://tunnelled.example/hello")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("{\"via\":\"tunnel\"}", r.body());
                X509Certificate leaf = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
                assertEquals(t.upstreamPki.caCert.getSubjectX500Principal(), leaf.getIssuerX500Principal());
                assertTrue(tunnel.exchanges.isEmpty(), "a tunnel is not inspected");
            }
        }
    }

    @Test
    void tunnelToAPortOutsideTunnelPortsIsRefused() throws Exception {
        String reply = raw("CONNECT tunnelled.example:25 HTTP/1.1\r\nHost: tunnelled.example:25\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
        assertTrue(reply.contains("X-Graph-Diagnosis: NOT_AN_AUTH_ERROR; GraphLens refused CONNECT tunnelled.example:25"), reply);
    }

    @Test
    void connectToTheProxyItselfIsRefusedAsALoop() throws Exception {
        String reply = raw("CONNECT 127.0.0.1:" + h.proxy.port() + " HTTP/1.1\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 508"), reply);
    }

    @Test
    void invalidConnectTargetGets400() throws Exception {
        String reply = raw("CONNECT not-a-target HTTP/1.1\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
        assertTrue(reply.contains("X-Graph-Diagnosis: NOT_AN_AUTH_ERROR"), reply);
    }

    @Test
    void malformedRequestGets400AndTheProxyStaysUp() throws Exception {
        String reply = raw("THIS IS NOT HTTP\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
        String longLine = raw("GET http://plain.example/" + "a".repeat(20_000) + " HTTP/1.1\r\n\r\n");
        assertTrue(longLine.startsWith("HTTP/1.1 414"), longLine);
        String bigHeaders = raw("GET http://plain.example/ HTTP/1.1\r\n" + ("X-Filler: " + "b".repeat(8000) + "\r\n").repeat(10) + "\r\n");
        assertTrue(bigHeaders.startsWith("HTTP/1.1 431"), bigHeaders);
        interceptedHostIsServedWithACertificateFromTheGraphLensCa();
    }

    @Test
    void originFormRequestIsToldThisIsAProxy() throws Exception {
        String reply = raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 400"), reply);
        assertTrue(reply.contains("HTTPS_PROXY"), reply);
    }

    @Test
    void plainHttpAbsoluteFormIsForwarded() throws Exception {
        try (ProxyHarness p = new ProxyHarness(Diagnoser.NONE, o -> o, Map.of("plain.example",
                InetSocketAddress.createUnresolved("127.0.0.1", plain.port())))) {
            plain.on("/plain", FakeGraph.json(200, "{\"plain\":true}"));
            HttpClient c = HttpClient.newBuilder().proxy(ProxySelector.of(p.proxyAddress())).build();
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://plain.example/plain?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"plain\":true}", r.body());
            assertEquals("/plain?x=1", plain.last().uri());
            assertEquals("plain.example", plain.last().header("Host"));
        }
    }

    @Test
    void curlThroughTheProxyTrustingOnlyTheGraphLensCa() throws Exception {
        h.upstream.on("/v1.0/curl", FakeGraph.json(403, "{\"error\":{\"code\":\"Forbidden\"}}"));
        Path ca = h.dir.resolve("certs/graphlens-ca.pem");
        Process curl = new ProcessBuilder("curl", "-sS", "-i", "--max-time", "20", "-x", "http://127.0.0.1:" + h.proxy.port(),
                "--cacert", ca.toString(), "-H", "Authorization: Bearer x.y.z",
                "https://graph.microsoft.com/v1.0/curl").redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, curl.waitFor(), out);
        assertTrue(out.contains("HTTP/1.1 403"), out);
        assertTrue(out.toLowerCase().contains("x-graph-diagnosis: unknown_auth_error; saw 403"), out);
        assertTrue(out.endsWith("{\"error\":{\"code\":\"Forbidden\"}}"), out);
    }

    @Test
    void leafCertificatesVerifyWithOpenssl() throws Exception {
        Path leaf = h.dir.resolve("leaf.pem");
        Files.writeString(leaf, dev.graphlens.support.TestPki.pem(
                new LeafCertificates(h.ca).issue("graph.microsoft.com")));
        Process p = new ProcessBuilder("openssl", "verify", "-purpose", "sslserver", "-verify_hostname", "graph.microsoft.com",
                "-CAfile", h.dir.resolve("certs/graphlens-ca.pem").toString(), leaf.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains(": OK"), out);
    }

    /** Sends raw bytes to the proxy and reads until it closes. */
    static String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", h.proxy.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void proxiesChainThroughAnUpstreamProxy() throws Exception {
        // The "corporate proxy": another GraphLens that intercepts nothing and tunnels port 443
        // (its overrides send graph.microsoft.com:443 to its fake Graph).
        try (ProxyHarness corporate = new ProxyHarness(Diagnoser.NONE,
                o -> o.toBuilder().interceptHosts(Set.of()).tunnelPorts(Set.of(443)).build(), Map.of())) {
            corporate.upstream.on("/v1.0/chained", FakeGraph.json(401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}"));
            // The developer's GraphLens: no overrides, every upstream connection goes through the corporate proxy.
            ProxyOptions devOptions = ProxyOptions.defaults(ProxyHarness.GRAPH_HOSTS, Map.of())
                    .upstreamProxy(corporate.proxyAddress()).build();
            FlagErrors diagnoser = new FlagErrors();
            try (ProxyServer devProxy = ProxyServer.start(devOptions, new LeafCertificates(corporate.ca),
                    UpstreamTrust.clientContext(List.of(corporate.upstreamPki.writeCaPem(corporate.dir))),
                    diagnoser, r -> { })) {
                HttpClient c = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", devProxy.port())))
                        .sslContext(ProxyHarness.trusting(corporate.ca.certificate())).build();
                HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/chained")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, r.statusCode());
                assertTrue(r.headers().firstValue("X-Graph-Diagnosis").orElseThrow().startsWith("UNKNOWN_AUTH_ERROR"),
                        "intercepted and diagnosed by the developer's proxy");
                assertEquals("/v1.0/chained", corporate.upstream.last().uri());
                assertEquals(List.of(), corporate.exchanges, "the corporate proxy only tunnelled");
            }
        }
    }
}
