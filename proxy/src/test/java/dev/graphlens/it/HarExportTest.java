package dev.graphlens.it;

import dev.graphlens.support.TestTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.report.HarLog;
import dev.graphlens.support.CliRun;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Failed exchanges through the live proxy, exported as HAR 1.2 with the diagnosis and without secrets. */
class HarExportTest {
    static final String SIGNATURE = "SECRET-SIGNATURE-abcdefghijklmnop";

    @Test
    void failedExchangesBecomeRedactedHarEntriesWithTheirDiagnosis() throws Exception {
        try (ProxyHarness h = new ProxyHarness(Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC()))) {
            Path file = h.dir.resolve("graphlens.har");
            HarLog har = new HarLog(file, false);
            h.upstream.on("/v1.0/me/messages", FakeGraph.json(403, "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied.\"}}"));
            h.upstream.on("/t/oauth2/v2.0/token", FakeGraph.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\",\"error_codes\":[7000215]}"));
            h.upstream.on("/v1.0/me", FakeGraph.json(200, "{}"));
            String token = TestTokens.graphDelegated("User.Read", SIGNATURE);
            HttpClient client = h.client();
            client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/me/messages?$top=2&code=AUTHCODE"))
                    .header("Authorization", "Bearer " + token).header("Cookie", "session=s3cr3t").build(), HttpResponse.BodyHandlers.discarding());
            client.send(HttpRequest.newBuilder(URI.create("https://login.microsoftonline.com/t/oauth2/v2.0/token"))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_secret=TopSecret1")).build(),
                    HttpResponse.BodyHandlers.discarding());
            client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/me")).build(), HttpResponse.BodyHandlers.discarding());
            h.awaitExchanges(3);
            h.exchanges.forEach(har::completed);
            har.close();

            String text = Files.readString(file);
            JsonNode log = new ObjectMapper().readTree(text).get("log");
            assertEquals("1.2", log.get("version").asText());
            assertEquals("GraphLens", log.get("creator").get("name").asText());
            JsonNode entries = log.get("entries");
            assertEquals(2, entries.size(), "failures only by default");
            for (JsonNode e : entries) {
                for (String field : List.of("startedDateTime", "time", "request", "response", "cache", "timings", "_graphlens")) {
                    assertTrue(e.has(field), field + " missing in " + e);
                }
                for (String field : List.of("method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize")) {
                    assertTrue(e.get("request").has(field), "request." + field);
                }
                for (String field : List.of("status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL")) {
                    assertTrue(e.get("response").has(field), "response." + field);
                }
            }
            JsonNode graph = entries.get(0);
            assertEquals("MISSING_PERMISSION", graph.get("_graphlens").get("code").asText());
            assertEquals("likely", graph.get("_graphlens").get("confidence").asText());
            assertTrue(graph.get("_graphlens").get("alternatives").isArray());
            assertTrue(graph.get("response").get("content").get("text").asText().contains("ErrorAccessDenied"));
            assertTrue(graph.get("request").get("url").asText().contains("code=REDACTED"));
            assertTrue(text.contains("(redacted by GraphLens) kind=delegated"), "the Authorization header is described, not copied");
            JsonNode tokenEndpoint = entries.get(1);
            assertEquals("TOKEN_ENDPOINT_ERROR", tokenEndpoint.get("_graphlens").get("code").asText());
            assertFalse(tokenEndpoint.get("response").get("content").has("text"), "token endpoint bodies are never written");
            for (String secret : List.of(SIGNATURE, token.substring(0, 40), "s3cr3t", "AUTHCODE", "TopSecret1")) {
                assertFalse(text.contains(secret), "HAR holds " + secret);
            }

            String explained = CliRun.stdout("explain", "--har", file.toString());
            assertTrue(explained.contains("2 entries, 2 with Graph or the identity platform, 2 failed."), explained);
            assertTrue(explained.contains("-> 403:\n  MISSING_PERMISSION (likely)\n  cause: (as GraphLens diagnosed it when recording) GET /me/messages"),
                    "its own HAR keeps no token: the recorded verdict is shown\n" + explained);
            assertTrue(explained.contains("-> 401:\n  TOKEN_ENDPOINT_ERROR (certain)\n  cause: (as GraphLens diagnosed it when recording) AADSTS7000215"), explained);
        }
    }
}
