package dev.graphlens.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.exchange.Diagnoser;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import dev.graphlens.support.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** When upstream fails, the proxy answers itself with UPSTREAM_UNREACHABLE and keeps serving. */
class ProxyFailureTest {
    static ProxyHarness h;
    static HttpClient client;
    static FakeGraph untrusted;
    static int closedPort;

    @BeforeAll
    static void start() throws Exception {
        untrusted = new FakeGraph(new TestPki("Some other CA").issue("login.microsoftonline.us"));
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        h = new ProxyHarness(Diagnoser.NONE, o -> o.toBuilder().upstreamReadTimeout(Duration.ofMillis(800)).build(), Map.of(
                "graph.microsoft.us", InetSocketAddress.createUnresolved("127.0.0.1", closedPort),
                "login.microsoftonline.us", InetSocketAddress.createUnresolved("127.0.0.1", untrusted.port())));
        client = h.client();
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
        untrusted.close();
    }

    static HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void assertStillServing() throws Exception {
        h.upstream.on("/v1.0/ok", FakeGraph.json(200, "{\"ok\":true}"));
        assertEquals(200, get("https://graph.microsoft.com/v1.0/ok").statusCode());
    }

    @Test
    void refusedUpstreamGives502WithDiagnosis() throws Exception {
        HttpResponse<String> r = get("https://graph.microsoft.us/v1.0/me");
        assertEquals(502, r.statusCode());
        String diagnosis = r.headers().firstValue("X-Graph-Diagnosis").orElseThrow();
        assertTrue(diagnosis.startsWith("UPSTREAM_UNREACHABLE; GraphLens cannot connect to graph.microsoft.us:443"), diagnosis);
        assertTrue(r.body().contains("\"code\":\"UpstreamUnreachable\""), r.body());
        assertStillServing();
    }

    @Test
    void untrustedUpstreamCertificateGives502() throws Exception {
        HttpResponse<String> r = get("https://login.microsoftonline.us/common/oauth2/v2.0/token");
        assertEquals(502, r.statusCode());
        String diagnosis = r.headers().firstValue("X-Graph-Diagnosis").orElseThrow();
        assertTrue(diagnosis.startsWith("UPSTREAM_UNREACHABLE; GraphLens TLS handshake failed with login.microsoftonline.us"),
                diagnosis);
        assertTrue(diagnosis.contains("--upstream-trust"), diagnosis);
        assertStillServing();
    }

    @Test
    void stalledUpstreamGives504() throws Exception {
        h.upstream.on("/v1.0/stall", FakeGraph.stall());
        HttpResponse<String> r = get("https://graph.microsoft.com/v1.0/stall");
        assertEquals(504, r.statusCode());
        assertTrue(r.headers().firstValue("X-Graph-Diagnosis").orElseThrow().startsWith("UPSTREAM_UNREACHABLE; GraphLens no response in time"));
        assertStillServing();
    }

    @Test
    void upstreamCutOffMidBodyClosesTheClientConnection() throws Exception {
        h.upstream.on("/v1.0/cut", FakeGraph.cutOff(1_000_000, 10_000));
        assertThrows(IOException.class, () -> get("https://graph.microsoft.com/v1.0/cut"));
        assertStillServing();
    }

    @Test
    void aSafeRequestOnAKeptAliveConnectionTheUpstreamJustClosedIsResentOnceOnANewOne() throws Exception {
        h.upstream.on("/v1.0/stale", h.upstream.closesReusedConnections(FakeGraph.json(200, "{\"fresh\":true}")));
        assertEquals(200, get("https://graph.microsoft.com/v1.0/ok").statusCode());
        int before = h.upstream.seen().size();
        HttpResponse<String> r = get("https://graph.microsoft.com/v1.0/stale");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"fresh\":true}", r.body());
        var tries = h.upstream.seen().subList(before, h.upstream.seen().size());
        assertEquals(2, tries.size(), "sent on the stale connection, then once more");
        assertTrue(tries.get(0).connectionId() != tries.get(1).connectionId(), "the resend used a new connection");
        assertStillServing();
    }

    @Test
    void aPostOnAConnectionTheUpstreamJustClosedIsNotResentButAnswered502() throws Exception {
        h.upstream.on("/v1.0/stale-post", h.upstream.closesReusedConnections(FakeGraph.json(201, "{}")));
        assertEquals(200, get("https://graph.microsoft.com/v1.0/ok").statusCode());
        int before = h.upstream.seen().size();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/stale-post"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"subject\":\"once\"}")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(502, r.statusCode());
        assertTrue(r.headers().firstValue("X-Graph-Diagnosis").orElseThrow().startsWith("UPSTREAM_UNREACHABLE"));
        assertEquals(before + 1, h.upstream.seen().size(), "a POST may have been acted on: it is never sent twice");
        assertStillServing();
    }

    /**
     * Repeated: a request can arrive just after the dropped connection closed and before the proxy
     * handled its close; it once got a 504 then (sent on one new connection, waited for on another).
     */
    @Test
    void aFreshConnectionThatClosesWithoutAnswerIsNotRetried() throws Exception {
        h.upstream.on("/v1.0/always-closes", (ctx, seen) -> ctx.close());
        h.upstream.on("/v1.0/ok", FakeGraph.json(200, "{\"ok\":true}"));
        for (int i = 0; i < 20; i++) {
            assertEquals(200, get("https://graph.microsoft.com/v1.0/ok").statusCode());
            h.upstream.dropConnections();
            int before = h.upstream.seen().size();
            HttpResponse<String> r = get("https://graph.microsoft.com/v1.0/always-closes");
            assertEquals(502, r.statusCode(), "attempt " + i);
            int tries = h.upstream.seen().size() - before;
            assertTrue(tries <= 2, "at most one resend, never a loop: " + tries);
        }
        assertStillServing();
    }

    @Test
    void unresolvableHostGives502() throws Exception {
        // Not intercepted, so it would be tunnelled: the CONNECT itself fails.
        IOException e = assertThrows(IOException.class, () -> get("https://no-such-host.invalid/"));
        assertTrue(e.getMessage().contains("502"), e.getMessage());
        assertStillServing();
    }
}
