package dev.graphlens.it;

import dev.graphlens.support.CliRun;
import dev.graphlens.support.TestTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.report.JsonLinesLog;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A session recorded through the live proxy, then "graphlens report" over its calls log. */
class RecordedSessionReportTest {

    static String bearer(String claims) {
        return "Bearer " + TestTokens.jwt(claims, "U0VDUkVULVNJR05BVFVSRQ");
    }

    @Test
    void reportOfARecordedSessionListsNeededVersusExcess() throws Exception {
        try (ProxyHarness h = new ProxyHarness(Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC()))) {
            Path calls = h.dir.resolve("graphlens-calls.jsonl");
            JsonLinesLog log = new JsonLinesLog(calls, true);
            h.upstream.on("/v1.0/me/events", FakeGraph.json(403, "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"no\"}}"));
            long exp = System.currentTimeMillis() / 1000 + 3600;
            String token = bearer("{\"aud\":\"https://graph.microsoft.com\",\"appid\":\"notes-app\",\"idtyp\":\"user\","
                    + "\"scp\":\"User.Read Mail.Read Sites.FullControl.All\",\"exp\":" + exp + "}");
            HttpClient client = h.client();
            for (String path : new String[] {"/v1.0/me", "/v1.0/me/messages?$top=1", "/v1.0/me/events"}) {
                client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com" + path)).header("Authorization", token).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            h.awaitExchanges(3);
            h.exchanges.forEach(log::completed);
            log.close();

            String out = CliRun.stdout("report", calls.toString(), "--json");
            JsonNode app = new ObjectMapper().readTree(out).path("apps").get(0);
            assertEquals("notes-app", app.path("appid").asText());
            assertEquals("delegated", app.path("tokenType").asText());
            assertEquals("[\"Calendars.ReadBasic\",\"Mail.Read\",\"User.Read\"]", app.path("needed").toString());
            assertEquals("[\"Sites.FullControl.All\"]", app.path("excess").toString());
            assertEquals("[\"Calendars.ReadBasic\"]", app.path("missing").toString());
            String markdown = CliRun.stdout("report", calls.toString());
            assertTrue(markdown.contains("carried but never needed (over-privilege): Sites.FullControl.All"), markdown);
            assertTrue(markdown.contains("MISSING_PERMISSION 1"), markdown);
            assertFalse(Files.readString(calls).contains("U0VDUkVULVNJR05BVFVSRQ"), "no signature in the calls log");
        }
    }
}
