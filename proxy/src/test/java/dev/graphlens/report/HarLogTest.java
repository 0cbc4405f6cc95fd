package dev.graphlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HAR file keeps the latest failures within a count and a size, and is valid JSON whenever written. */
class HarLogTest {
    @TempDir
    Path dir;

    static ExchangeRecord failure(int i, int bodyBytes) {
        byte[] body = ("{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"" + "x".repeat(bodyBytes) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        return new ExchangeRecord(Instant.now(), 1, new RequestFacts("GET", "https", "graph.microsoft.com", 443,
                "/v1.0/me/messages/" + i, Headers.of(), null), 403, Headers.of("Content-Type", "application/json"),
                Optional.of(Verdict.of(DiagnosisCode.MISSING_PERMISSION, "needs Mail.Read", "add it", "https://learn.microsoft.com/graph")),
                false, body);
    }

    JsonNode entries(Path file) throws Exception {
        return new ObjectMapper().readTree(Files.readString(file)).get("log").get("entries");
    }

    @Test
    void aUrlWithAMalformedEscapeIsRecordedWithItsQuery() throws Exception {
        ExchangeRecord r = new ExchangeRecord(Instant.now(), 1, new RequestFacts("GET", "https", "graph.microsoft.com", 443,
                "/v1.0/users/%zz/messages?$top=5", Headers.of(), null), 403, Headers.of("Content-Type", "application/json"),
                Optional.of(Verdict.of(DiagnosisCode.MISSING_PERMISSION, "needs Mail.Read", "add it", "https://learn.microsoft.com/graph")),
                false, new byte[0]);
        JsonNode entry = new ObjectMapper().readTree(HarLog.entry(r));
        assertEquals("https://graph.microsoft.com/v1.0/users/%zz/messages?$top=5", entry.at("/request/url").asText());
        assertEquals("$top", entry.at("/request/queryString/0/name").asText());
        assertEquals("5", entry.at("/request/queryString/0/value").asText());
    }

    @Test
    void aSignInRedirectsAuthorizationCodeIsNotRecorded() throws Exception {
        ExchangeRecord r = new ExchangeRecord(Instant.now(), 1, new RequestFacts("GET", "https", "login.microsoftonline.com", 443,
                "/t/oauth2/v2.0/authorize?client_id=abc&state=s1", Headers.of(), null), 302,
                Headers.of("Location", "http://localhost:3000/cb?code=0.AXoA-secret-code&state=s1"), Optional.empty(), false, new byte[0]);
        String entry = new String(HarLog.entry(r), StandardCharsets.UTF_8);
        assertFalse(entry.contains("secret-code"), entry);
        assertTrue(entry.contains("http://localhost:3000/cb?code=REDACTED&state=s1"), entry);
    }

    @Test
    void noTokenEndpointBodyIsRecordedWhicheverIdentityEndpointItCameFrom() throws Exception {
        for (String[] endpoint : new String[][] {{"login.microsoftonline.com", "/t/oauth2/v2.0/token"}, {"login.microsoftonline.com", "/t/oauth2/token"},
                {"login.microsoftonline.com", "/t/oauth2/v2.0/devicecode"}, {"login.live.com", "/oauth20_token.srf"}}) {
            ExchangeRecord r = new ExchangeRecord(Instant.now(), 1, new RequestFacts("POST", "https", endpoint[0], 443, endpoint[1],
                    Headers.of(), null), 400, Headers.of("Content-Type", "application/json"),
                    Optional.of(Verdict.of(DiagnosisCode.TOKEN_ENDPOINT_ERROR, "s", "f", "https://learn.microsoft.com/entra")), false,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"refresh_token 0.AAAA-secret\"}".getBytes(StandardCharsets.UTF_8));
            JsonNode content = new ObjectMapper().readTree(HarLog.entry(r)).at("/response/content");
            assertFalse(content.has("text"), endpoint[1] + ": " + content);
        }
    }

    @Test
    void noSignInPageBodyIsRecordedSoAFormPostsCodeAndTokensNeverAre() throws Exception {
        String page = "<form method=\"POST\" action=\"https://localhost:5001/signin-oidc\"><input type=\"hidden\" name=\"code\" "
                + "value=\"0.AXoA-secret-code\" /><input type=\"hidden\" name=\"id_token\" value=\"eyJ0eXAi.eyJhdWQi.secret-sig\" /></form>";
        for (String path : new String[] {"/common/oauth2/v2.0/authorize?client_id=abc&response_mode=form_post", "/common/login", "/kmsi"}) {
            ExchangeRecord r = new ExchangeRecord(Instant.now(), 1, new RequestFacts("POST", "https", "login.microsoftonline.com", 443, path,
                    Headers.of(), null), 200, Headers.of("Content-Type", "text/html; charset=utf-8"), Optional.empty(), false,
                    page.getBytes(StandardCharsets.UTF_8));
            String entry = new String(HarLog.entry(r), StandardCharsets.UTF_8);
            assertFalse(entry.contains("secret-code") || entry.contains("secret-sig"), path + ": " + entry);
            assertTrue(entry.contains("sign-in page bodies are never recorded"), entry);
        }
    }

    @Test
    void keepsTheLatestEntriesUpToTheCount() throws Exception {
        Path file = dir.resolve("g.har");
        HarLog har = new HarLog(file, false);
        int sent = HarLog.MAX_ENTRIES + 100;
        for (int i = 0; i < sent; i++) {
            har.completed(failure(i, 10));
        }
        har.close();
        JsonNode entries = entries(file);
        assertEquals(HarLog.MAX_ENTRIES, entries.size());
        assertTrue(entries.get(0).get("request").get("url").asText().endsWith("/messages/100"));
        assertTrue(entries.get(entries.size() - 1).get("request").get("url").asText().endsWith("/messages/" + (sent - 1)));
    }

    @Test
    void exchangesThatDropOutBeforeARewriteAreNeverSerialised() throws Exception {
        Path file = dir.resolve("busy.har");
        HarLog har = new HarLog(file, false);
        for (int i = 0; i < 3 * HarLog.MAX_ENTRIES; i++) {
            har.completed(failure(i, 10));
        }
        har.flush();
        assertEquals(HarLog.MAX_ENTRIES, har.serialised, "only the window the rewrite shows");
        assertEquals(0, har.kept, "at this rate the next rewrite shows none of them: nothing is copied");
        for (int i = 0; i < HarLog.MAX_ENTRIES; i++) {
            har.completed(failure(10_000 + i, 10));
        }
        har.close();
        assertEquals(2 * HarLog.MAX_ENTRIES, har.serialised);
        JsonNode entries = entries(file);
        assertEquals(HarLog.MAX_ENTRIES, entries.size());
        assertTrue(entries.get(0).get("request").get("url").asText().endsWith("/messages/10000"));
    }

    @Test
    void underLightTrafficEachEntryIsSerialisedOnce() throws Exception {
        Path file = dir.resolve("light.har");
        HarLog har = new HarLog(file, false);
        for (int i = 0; i < 10; i++) {
            har.completed(failure(i, 10));
        }
        har.flush();
        assertEquals(10, har.kept, "the next rewrite shows them again");
        har.completed(failure(10, 10));
        har.close();
        assertEquals(11, har.serialised, "kept entries are not serialised again");
        JsonNode entries = entries(file);
        assertEquals(11, entries.size());
        for (int i = 0; i < 11; i++) {
            assertTrue(entries.get(i).get("request").get("url").asText().endsWith("/messages/" + i), entries.get(i).toString());
        }
    }

    @Test
    void entriesNotKeptAfterABurstAreWrittenAgainWhenTheyStay() throws Exception {
        Path file = dir.resolve("burst.har");
        HarLog har = new HarLog(file, false);
        for (int i = 0; i < 3 * HarLog.MAX_ENTRIES; i++) {
            har.completed(failure(i, 10));
        }
        har.flush();
        har.completed(failure(-1, 10));
        har.close();
        JsonNode entries = entries(file);
        assertEquals(HarLog.MAX_ENTRIES, entries.size());
        assertTrue(entries.get(0).get("request").get("url").asText().endsWith("/messages/" + (2 * HarLog.MAX_ENTRIES + 1)));
        assertTrue(entries.get(entries.size() - 1).get("request").get("url").asText().endsWith("/messages/-1"));
        assertEquals(HarLog.MAX_ENTRIES - 1, har.kept, "once the traffic fell, what the next rewrite shows was copied");
    }

    @Test
    void largeBodiesCannotGrowTheFilePastItsSize() throws Exception {
        Path file = dir.resolve("big.har");
        HarLog har = new HarLog(file, false);
        int sent = 800;
        for (int i = 0; i < sent; i++) {
            har.completed(failure(i, HarLog.MAX_BODY_CHARS));
        }
        har.close();
        assertTrue(Files.size(file) <= HarLog.MAX_BYTES + 4096, "HAR file is " + Files.size(file) + " bytes");
        JsonNode entries = entries(file);
        assertTrue(entries.size() < sent, "older entries were let go");
        assertTrue(entries.get(entries.size() - 1).get("request").get("url").asText().endsWith("/messages/" + (sent - 1)));
    }
}
