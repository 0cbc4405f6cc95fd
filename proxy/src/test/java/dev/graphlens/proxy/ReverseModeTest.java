package dev.graphlens.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.config.Settings;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reverse mode: a client with no proxy and no CA calls http://127.0.0.1:PORT/v1.0/... and is diagnosed the same. */
class ReverseModeTest {
    static ProxyHarness h;
    static final HttpClient plain = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        h = new ProxyHarness(new FlagErrors(), o -> o.toBuilder().reverseRoutes(Settings.DEFAULT_REVERSE).build(), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    String base() {
        return "http://127.0.0.1:" + h.proxy.port();
    }

    @Test
    void graphPathsGoToGraphWithItsHostAndAreDiagnosed() throws Exception {
        h.upstream.on("/v1.0/me/messages", FakeGraph.json(403, "{\"error\":{\"code\":\"ErrorAccessDenied\"}}"));
        HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create(base() + "/v1.0/me/messages?$top=1"))
                .header("Authorization", "Bearer a.b.c").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode());
        assertTrue(r.headers().firstValue("X-Graph-Diagnosis").orElseThrow().startsWith("UNKNOWN_AUTH_ERROR; saw 403"));
        assertEquals("/v1.0/me/messages?$top=1", h.upstream.last().uri());
        assertEquals("graph.microsoft.com", h.upstream.last().header("Host"));
        assertEquals("Bearer a.b.c", h.upstream.last().header("Authorization"));
    }

    @Test
    void betaAndTokenPathsOnOneConnectionReachTheirOwnHosts() throws Exception {
        h.upstream.on("/beta/me", FakeGraph.json(200, "{\"beta\":true}"));
        h.upstream.on("/contoso.onmicrosoft.com/oauth2/v2.0/token", FakeGraph.json(400, "{\"error\":\"invalid_grant\"}"));
        HttpResponse<String> beta = plain.send(HttpRequest.newBuilder(URI.create(base() + "/beta/me")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"beta\":true}", beta.body());
        assertEquals("graph.microsoft.com", h.upstream.last().header("Host"));
        HttpResponse<String> token = plain.send(HttpRequest.newBuilder(URI.create(base() + "/contoso.onmicrosoft.com/oauth2/v2.0/token"))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, token.statusCode());
        assertEquals("login.microsoftonline.com", h.upstream.last().header("Host"));
    }

    @Test
    void forwardProxyingStillWorksOnTheSamePort() throws Exception {
        h.upstream.on("/v1.0/organization", FakeGraph.json(200, "{\"value\":[]}"));
        HttpResponse<String> r = h.client().send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/organization")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
    }
}
