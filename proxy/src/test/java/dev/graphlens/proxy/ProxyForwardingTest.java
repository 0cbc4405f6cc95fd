package dev.graphlens.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.Pattern;
import dev.graphlens.support.ProxyHarness;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Byte-for-byte forwarding through the real proxy, real TLS on both sides, JDK HttpClient. */
class ProxyForwardingTest {
    static final FlagErrors diagnoser = new FlagErrors();
    static ProxyHarness h;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        h = new ProxyHarness(diagnoser, o -> o.toBuilder().inspectCapBytes(4096).build(), java.util.Map.of());
        client = h.client();
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void successfulResponsePassesThroughWithoutDiagnosis() throws Exception {
        h.upstream.on("/v1.0/me", FakeGraph.json(200, "{\"displayName\":\"Adele\"}", "X-Custom", "kept"));
        HttpResponse<String> r = get("https://graph.microsoft.com/v1.0/me?$select=displayName",
                "Authorization", "Bearer abc.def.ghi", "client-request-id", "cr-1");
        assertEquals(200, r.statusCode());
        assertEquals("{\"displayName\":\"Adele\"}", r.body());
        assertEquals("kept", r.headers().firstValue("X-Custom").orElseThrow());
        assertTrue(r.headers().firstValue("X-Graph-Diagnosis").isEmpty());
        FakeGraph.Seen seen = h.upstream.last();
        assertEquals("/v1.0/me?$select=displayName", seen.uri());
        assertEquals("Bearer abc.def.ghi", seen.header("Authorization"));
        assertEquals("graph.microsoft.com", seen.header("Host"));
        assertEquals("cr-1", seen.header("client-request-id"));
        assertEquals(null, seen.header("Proxy-Connection"));
    }

    @Test
    void errorResponseIsInspectedAndAnnotatedWithBodyIntact() throws Exception {
        String body = "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges\"}}";
        h.upstream.on("/v1.0/groups", FakeGraph.json(403, body));
        HttpResponse<String> r = get("https://graph.microsoft.com/v1.0/groups");
        assertEquals(403, r.statusCode());
        assertEquals(body, r.body());
        assertEquals("UNKNOWN_AUTH_ERROR; saw 403 with " + body.length() + " body bytes Fix: none",
                r.headers().firstValue("X-Graph-Diagnosis").orElseThrow());
        assertEquals("https://example.test/docs", r.headers().firstValue("X-Graph-Diagnosis-Docs").orElseThrow());
    }

    @Test
    void errorBodyLargerThanTheCapStreamsOnUntouched() throws Exception {
        byte[] big = Pattern.bytes(0, 200_000);
        h.upstream.on("/v1.0/big-error", FakeGraph.bytes(500, big, "Content-Type", "application/octet-stream"));
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(
                URI.create("https://graph.microsoft.com/v1.0/big-error")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(500, r.statusCode());
        assertTrue(java.util.Arrays.equals(big, r.body()), "body must arrive byte for byte");
        assertTrue(r.headers().firstValue("X-Graph-Diagnosis").orElseThrow().contains("(truncated)"));
    }

    @Test
    void chunkedGzipErrorResponseArrivesIdentical() throws Exception {
        byte[] gz = gzip("{\"error\":{\"code\":\"Forbidden\",\"message\":\"no\"}}");
        List<byte[]> parts = List.of(java.util.Arrays.copyOfRange(gz, 0, 10), java.util.Arrays.copyOfRange(gz, 10, gz.length));
        h.upstream.on("/v1.0/gz", FakeGraph.chunked(403, parts, "Content-Encoding", "gzip", "Content-Type", "application/json"));
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/gz")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(403, r.statusCode());
        assertTrue(java.util.Arrays.equals(gz, r.body()));
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElseThrow());
        assertTrue(r.headers().firstValue("X-Graph-Diagnosis").isPresent());
    }

    @Test
    void chunkedSuccessStreamsIdentical() throws Exception {
        List<byte[]> parts = List.of("{\"value\":[".getBytes(), "1,2,".getBytes(), "3]}".getBytes());
        h.upstream.on("/v1.0/chunks", FakeGraph.chunked(200, parts, "Content-Type", "application/json"));
        HttpResponse<String> r = get("https://graph.microsoft.com/v1.0/chunks");
        assertEquals("{\"value\":[1,2,3]}", r.body());
    }

    @Test
    void largeDownloadArrivesByteForByte() throws Exception {
        long size = 64L << 20;
        h.upstream.on("/v1.0/me/drive/items/big/content", FakeGraph.stream(size));
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(
                URI.create("https://graph.microsoft.com/v1.0/me/drive/items/big/content")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        long n = 0;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[1 << 16];
            for (int k; (k = in.read(buf)) > 0; ) {
                d.update(buf, 0, k);
                n += k;
            }
        }
        assertEquals(size, n);
        assertEquals(Pattern.sha256(size), HexFormat.of().formatHex(d.digest()));
    }

    @Test
    void largeUploadArrivesByteForByte() throws Exception {
        long size = 48L << 20;
        h.upstream.on("/v1.0/me/drive/root:/upload.bin:/content", FakeGraph.echoUpload());
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("https://graph.microsoft.com/v1.0/me/drive/root:/upload.bin:/content"))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> Pattern.stream(size)), size))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("{\"length\":" + size + ",\"sha256\":\"" + Pattern.sha256(size) + "\"}", r.body());
    }

    @Test
    void expectContinueUploadIsRelayed() throws Exception {
        h.upstream.on("/v1.0/continue", FakeGraph.echoUpload());
        byte[] body = "hello graph".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/continue"))
                .expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("{\"length\":11,"), r.body());
    }

    @Test
    void keptAliveRequestsShareOneUpstreamConnection() throws Exception {
        h.upstream.on("/v1.0/ping", FakeGraph.json(200, "{}"));
        get("https://graph.microsoft.com/v1.0/ping");
        int before = h.upstream.connectionCount();
        for (int i = 0; i < 50; i++) {
            assertEquals(200, get("https://graph.microsoft.com/v1.0/ping").statusCode());
        }
        assertEquals(before, h.upstream.connectionCount(), "no new upstream connection for kept-alive requests");
    }

    @Test
    void upstreamThatDropsIdleConnectionsIsReconnected() throws Exception {
        h.upstream.on("/v1.0/ping", FakeGraph.json(200, "{}"));
        assertEquals(200, get("https://graph.microsoft.com/v1.0/ping").statusCode());
        h.upstream.dropConnections();
        Thread.sleep(100);
        assertEquals(200, get("https://graph.microsoft.com/v1.0/ping").statusCode());
    }

    @Test
    void tokenRequestBodyIsCapturedForTheDiagnoserAndForwardedWhole() throws Exception {
        h.upstream.on("/tenant/oauth2/v2.0/token", FakeGraph.json(400, "{\"error\":\"invalid_grant\"}"));
        String form = "grant_type=client_credentials&client_id=abc&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default";
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("https://login.microsoftonline.com/tenant/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, r.statusCode());
        assertEquals(form.length(), h.upstream.last().bodyLength());
        String captured = new String(diagnoser.requests.get(diagnoser.requests.size() - 1).body(), StandardCharsets.UTF_8);
        assertEquals(form, captured);
    }

    @Test
    void exchangesAreReportedWithTheirVerdicts() throws Exception {
        h.upstream.on("/v1.0/reported", FakeGraph.json(401, "{}"));
        int before = h.exchanges.size();
        get("https://graph.microsoft.com/v1.0/reported");
        h.awaitExchanges(before + 1);
        var record = h.exchanges.get(h.exchanges.size() - 1);
        assertEquals(401, record.status());
        assertEquals("/v1.0/reported", record.request().path());
        assertTrue(record.verdict().isPresent());
        assertFalse(record.producedByProxy());
    }

    static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
