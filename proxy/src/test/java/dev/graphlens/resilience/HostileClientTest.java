package dev.graphlens.resilience;

import dev.graphlens.support.TestTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clients that vanish, dawdle or send garbage: the proxy cleans up and keeps serving. */
class HostileClientTest {
    static ProxyHarness h;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        h = new ProxyHarness(Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC()),
                o -> o.toBuilder().clientIdleTimeout(Duration.ofSeconds(1)).build(), Map.of());
        h.upstream.on("/v1.0/me", FakeGraph.json(200, "{\"ok\":true}"));
        h.upstream.on("/v1.0/big", FakeGraph.stream(256L << 20));
        h.upstream.on("/v1.0/upload", FakeGraph.echoUpload());
        client = h.client();
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    static void assertStillServing() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/me"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
    }

    /** A TLS connection to graph.microsoft.com through the proxy, trusting only the GraphLens CA. */
    static SSLSocket tunnel() throws Exception {
        Socket raw = new Socket("127.0.0.1", h.proxy.port());
        raw.setSoTimeout(10_000);
        raw.getOutputStream().write("CONNECT graph.microsoft.com:443 HTTP/1.1\r\nHost: graph.microsoft.com:443\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        byte[] head = new byte[39];
        int n = raw.getInputStream().readNBytes(head, 0, head.length);
        assertTrue(new String(head, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
        SSLSocket tls = (SSLSocket) ProxyHarness.trusting(h.ca.certificate()).getSocketFactory()
                .createSocket(raw, "graph.microsoft.com", 443, true);
        tls.startHandshake();
        return tls;
    }

    @Test
    void clientVanishingMidDownloadIsCleanedUp() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (SSLSocket s = tunnel()) {
                s.getOutputStream().write("GET /v1.0/big HTTP/1.1\r\nHost: graph.microsoft.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64 * 1024];
                long read = 0;
                while (read < (2 << 20)) {
                    read += in.read(buf);
                }
            }
        }
        assertStillServing();
    }

    @Test
    void clientVanishingMidUploadIsCleanedUp() throws Exception {
        try (SSLSocket s = tunnel()) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /v1.0/upload HTTP/1.1\r\nHost: graph.microsoft.com\r\nContent-Length: 50000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1 << 20]);
            out.flush();
        }
        assertStillServing();
    }

    @Test
    void slowLorisClientIsDisconnectedWhenIdle() throws Exception {
        try (Socket s = new Socket("127.0.0.1", h.proxy.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("CONNECT graph.microsoft.com:443 HTTP/1.1\r\nHost: gra".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertEquals(-1, s.getInputStream().read(), "the proxy closes a connection that stops sending");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs < 5_000, "closed after " + waitedMs + " ms");
        }
        assertStillServing();
    }

    @Test
    void hostileErrorBodiesAndTokensAreDiagnosedWithoutCrashing() throws Exception {
        String deep = "{\"error\":".repeat(5_000) + "1" + "}".repeat(5_000);
        h.upstream.on("/v1.0/deep", FakeGraph.json(403, deep));
        h.upstream.on("/v1.0/huge", FakeGraph.json(403, "{\"error\":{\"code\":\"Forbidden\",\"message\":\"" + "x".repeat(900_000) + "\"}}"));
        String hugeClaims = "Bearer " + TestTokens.graphDelegated("Scope.Read ".repeat(2_000).trim());
        for (String path : new String[] {"/v1.0/deep", "/v1.0/huge"}) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com" + path))
                    .header("Authorization", hugeClaims).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode());
            assertTrue(r.headers().firstValue("X-Graph-Diagnosis").isPresent(), path);
        }
        byte[] random = new byte[300];
        new Random(7).nextBytes(random);
        String garbage = "Bearer " + new String(random, StandardCharsets.ISO_8859_1).replaceAll("[^\\x21-\\x7e]", "A");
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/deep"))
                .header("Authorization", garbage).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.headers().firstValue("X-Graph-Diagnosis").orElseThrow().startsWith("TOKEN_MALFORMED"), r.headers().toString());
        assertStillServing();
    }
}
