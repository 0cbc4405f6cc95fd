package dev.graphlens.it;

import dev.graphlens.support.TestTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.report.ConsoleReporter;
import dev.graphlens.report.JsonLinesLog;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real engine in the real proxy: $batch, compressed errors, the log file and the console view. */
class DiagnosedProxyTest {
    static final String SECRET_SIGNATURE = "THIS-SIGNATURE-MUST-NEVER-BE-LOGGED-0123456789";
    static ProxyHarness h;
    static HttpClient client;
    static Path log;
    static JsonLinesLog jsonLog;
    static final List<String> console = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        h = new ProxyHarness(Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC()));
        log = h.dir.resolve("graphlens.jsonl");
        jsonLog = new JsonLinesLog(log);
        client = h.client();
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
        jsonLog.close();
    }

    static String token(String claimsJson) {
        return TestTokens.jwt(claimsJson, SECRET_SIGNATURE);
    }

    static String delegated(String scp) {
        long now = System.currentTimeMillis() / 1000;
        return token("{\"aud\":\"00000003-0000-0000-c000-000000000000\",\"iss\":\"https://sts.windows.net/t/\",\"tid\":\"t\","
                + "\"appid\":\"a\",\"idtyp\":\"user\",\"scp\":\"" + scp + "\",\"exp\":" + (now + 3600) + ",\"nbf\":" + (now - 60) + "}");
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        int before = h.exchanges.size();
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        h.awaitExchanges(before + 1);
        ExchangeRecord record = h.exchanges.get(h.exchanges.size() - 1);
        jsonLog.completed(record);
        console.add(new ConsoleReporter(System.out, false, ConsoleReporter.Shows.ALL).render(record));
        return r;
    }

    @Test
    void batchWithAFailedPartGetsADiagnosisPerPartAndItsBodyIntact() throws Exception {
        String responseBody = "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":{}},{\"id\":\"2\",\"status\":403,\"body\":"
                + "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied.\"}}}]}";
        h.upstream.on("/v1.0/$batch", FakeGraph.json(200, responseBody));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/$batch"))
                .header("Authorization", "Bearer " + delegated("User.Read"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/me\"},"
                        + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/me/events\"}]}")));
        assertEquals(200, r.statusCode());
        assertEquals(responseBody, r.body());
        String diagnosis = r.headers().firstValue("X-Graph-Diagnosis").orElseThrow();
        assertTrue(diagnosis.startsWith("MISSING_PERMISSION; $batch: 1 of 2 requests failed. [2] GET /me/events"), diagnosis);
    }

    @Test
    void gzipErrorBodyIsDiagnosedAndForwardedCompressed() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied.\"}}".getBytes());
        }
        h.upstream.on("/v1.0/me/mailFolders", FakeGraph.bytes(403, gz.toByteArray(), "Content-Encoding", "gzip",
                "Content-Type", "application/json"));
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/me/mailFolders"))
                .header("Authorization", "Bearer " + delegated("User.Read")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(java.util.Arrays.equals(gz.toByteArray(), r.body()));
        assertTrue(r.headers().firstValue("X-Graph-Diagnosis").orElseThrow().startsWith("MISSING_PERMISSION; GET /me/mailFolders needs Mail.ReadBasic"));
    }

    @Test
    void logLineHasTheContractFieldsAndNoSecrets() throws Exception {
        h.upstream.on("/v1.0/me/messages", FakeGraph.json(403, "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied.\"}}"));
        String token = delegated("User.Read");
        send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/me/messages?$top=5&code=AUTHCODE123"))
                .header("Authorization", "Bearer " + token));
        jsonLog.close();
        List<String> lines = Files.readAllLines(log);
        JsonNode line = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        for (String field : List.of("time", "method", "url", "status", "code", "summary", "fix", "docs", "requestId", "token",
                "confidence", "alternatives")) {
            assertTrue(line.has(field), "log line lacks " + field + ": " + line);
        }
        assertEquals("MISSING_PERMISSION", line.get("code").asText());
        assertEquals("00000003-0000-0000-c000-000000000000", line.get("token").get("aud").asText());
        assertEquals("User.Read", line.get("token").get("scp").asText());
        assertTrue(line.get("url").asText().contains("code=REDACTED"), line.get("url").asText());
        String all = Files.readString(log) + String.join("\n", console);
        assertFalse(all.contains(SECRET_SIGNATURE), "a signature reached the log");
        assertFalse(all.contains(token.substring(0, 60)), "a raw token reached the log");
        assertFalse(all.contains("AUTHCODE123"), "an auth code reached the log");
        jsonLog = new JsonLinesLog(log);
    }

    @Test
    void anAppOnlyRefusalWithAnAcceptedPermissionSaysLikelyAndNamesItsRunnerUpInHeadersAndLog() throws Exception {
        h.upstream.on("/v1.0/users/adele@contoso.com/messages", FakeGraph.json(403,
                "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied. Check credentials and try again.\"}}"));
        long now = System.currentTimeMillis() / 1000;
        String appOnly = token("{\"aud\":\"https://graph.microsoft.com\",\"iss\":\"https://sts.windows.net/t/\",\"tid\":\"t\","
                + "\"appid\":\"a\",\"idtyp\":\"app\",\"roles\":[\"Mail.Read\"],\"exp\":" + (now + 3600) + ",\"nbf\":" + (now - 60) + "}");
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/users/adele@contoso.com/messages"))
                .header("Authorization", "Bearer " + appOnly));
        assertTrue(r.headers().firstValue("X-Graph-Diagnosis").orElseThrow().startsWith("USER_NOT_PRIVILEGED; "));
        assertEquals("likely", r.headers().firstValue("X-Graph-Diagnosis-Confidence").orElseThrow());
        String alternative = r.headers().firstValue("X-Graph-Diagnosis-Alternative").orElseThrow();
        assertTrue(alternative.startsWith("MISSING_PERMISSION; it is a second permission"), alternative);
        jsonLog.close();
        List<String> lines = Files.readAllLines(log);
        JsonNode line = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals("likely", line.get("confidence").asText());
        assertEquals("MISSING_PERMISSION", line.get("alternatives").get(0).get("code").asText());
        assertTrue(console.get(console.size() - 1).contains("or maybe   MISSING_PERMISSION: it is a second permission"), console.get(console.size() - 1));
        jsonLog = new JsonLinesLog(log);
    }

    @Test
    void anEmptyTokenIsCertainWithoutARunnerUp() throws Exception {
        h.upstream.on("/v1.0/groups", FakeGraph.json(401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token is empty.\"}}"));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/groups")));
        assertTrue(r.headers().firstValue("X-Graph-Diagnosis").orElseThrow().startsWith("TOKEN_MISSING; "));
        assertEquals("certain", r.headers().firstValue("X-Graph-Diagnosis-Confidence").orElseThrow());
        assertTrue(r.headers().firstValue("X-Graph-Diagnosis-Alternative").isEmpty());
    }

    @Test
    void noInjectLeavesTheResponseUntouchedButStillDiagnoses() throws Exception {
        try (ProxyHarness quiet = new ProxyHarness(Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC()),
                o -> o.toBuilder().injectHeaders(false).build(), Map.of())) {
            quiet.upstream.on("/v1.0/me/events", FakeGraph.json(403, "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"no\"}}"));
            HttpResponse<String> r = quiet.client().send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/me/events"))
                    .header("Authorization", "Bearer " + delegated("User.Read")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode());
            assertTrue(r.headers().firstValue("X-Graph-Diagnosis").isEmpty());
            assertTrue(r.headers().firstValue("X-Graph-Diagnosis-Docs").isEmpty());
            quiet.awaitExchanges(1);
            assertEquals("MISSING_PERMISSION", quiet.exchanges.get(0).verdict().orElseThrow().code().name(), "still logged");
        }
    }

    @Test
    void aSignInRedirectCarryingAnErrorIsDiagnosedAndOneCarryingACodePassesUntouched() throws Exception {
        String query = "/oauth2/v2.0/authorize?client_id=a&response_type=code&scope=openid%20Mail.Read&state=s1";
        h.upstream.on("/refusing-tenant/", FakeGraph.bytes(302, new byte[0], "Location", "http://localhost:3000/cb?error=consent_required"
                + "&error_description=AADSTS65001%3a+The+user+or+administrator+has+not+consented+to+use+the+application.&state=s1"));
        h.upstream.on("/consenting-tenant/", FakeGraph.bytes(302, new byte[0], "Location", "http://localhost:3000/cb?code=0.AXoA-AUTHCODE-SECRET&state=s1"));
        HttpResponse<String> failed = send(HttpRequest.newBuilder(URI.create("https://login.microsoftonline.com/refusing-tenant" + query)));
        assertEquals(302, failed.statusCode());
        String diagnosis = failed.headers().firstValue("X-Graph-Diagnosis").orElseThrow();
        assertTrue(diagnosis.startsWith("CONSENT_REQUIRED; AADSTS65001") && diagnosis.contains("openid Mail.Read"), diagnosis);
        HttpResponse<String> signedIn = send(HttpRequest.newBuilder(URI.create("https://login.microsoftonline.com/consenting-tenant" + query)));
        assertEquals(302, signedIn.statusCode());
        assertEquals("http://localhost:3000/cb?code=0.AXoA-AUTHCODE-SECRET&state=s1", signedIn.headers().firstValue("Location").orElseThrow());
        assertTrue(signedIn.headers().firstValue("X-Graph-Diagnosis").isEmpty());
    }

    @Test
    void aSignInErrorPageIsDiagnosedWithItsPageIntactAndAnOrdinarySignInPagePassesUntouched() throws Exception {
        String query = "/oauth2/v2.0/authorize?client_id=a&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&scope=User.Read";
        String errorPage = "<!DOCTYPE html><html><head><title>Sign in to your account</title><script>//<![CDATA[\n$Config={\"iErrorCode\":50011,"
                + "\"strServiceExceptionMessage\":\"AADSTS50011: The redirect URI \\u0027http://localhost:3000/cb\\u0027 specified in the request"
                + " does not match the redirect URIs configured for the application \\u0027a\\u0027.\",\"iHttpErrorCode\":400};\n//]]></script>"
                + "</head><body>Sorry, but we're having trouble signing you in.</body></html>";
        String signInPage = "<!DOCTYPE html><html><head><script>$Config={\"urlPost\":\"/common/login\",\"strServiceExceptionMessage\":\"\"};"
                + "</script></head><body>" + "x".repeat(40_000) + "</body></html>";
        h.upstream.on("/mismatched-tenant/", FakeGraph.bytes(200, errorPage.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/html; charset=utf-8"));
        h.upstream.on("/fine-tenant/", FakeGraph.bytes(200, signInPage.getBytes(StandardCharsets.UTF_8), "Content-Type", "text/html; charset=utf-8"));

        HttpResponse<String> failed = send(HttpRequest.newBuilder(URI.create("https://login.microsoftonline.com/mismatched-tenant" + query)));
        assertEquals(200, failed.statusCode());
        assertEquals(errorPage, failed.body());
        String diagnosis = failed.headers().firstValue("X-Graph-Diagnosis").orElseThrow();
        assertTrue(diagnosis.startsWith("TOKEN_ENDPOINT_ERROR; AADSTS50011") && diagnosis.contains("redirect_uri http://localhost:3000/cb"), diagnosis);

        HttpResponse<String> ordinary = send(HttpRequest.newBuilder(URI.create("https://login.microsoftonline.com/fine-tenant" + query)));
        assertEquals(signInPage, ordinary.body());
        assertTrue(ordinary.headers().firstValue("X-Graph-Diagnosis").isEmpty());
        assertTrue(h.exchanges.get(h.exchanges.size() - 1).verdict().isEmpty());
    }

    @Test
    void aSignInPageIsAskedForInACodingGraphLensCanReadAndAGraphCallKeepsTheClientsChoice() throws Exception {
        h.upstream.on("/coded-tenant/", FakeGraph.bytes(200, "<html></html>".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/html"));
        h.upstream.on("/v1.0/me/photo", FakeGraph.bytes(200, new byte[] {1, 2, 3}, "Content-Type", "image/jpeg"));
        send(HttpRequest.newBuilder(URI.create("https://login.microsoftonline.com/coded-tenant/oauth2/v2.0/authorize?client_id=a"))
                .header("Accept-Encoding", "gzip, deflate, br, zstd"));
        assertEquals("gzip, deflate", h.upstream.last().header("Accept-Encoding"));
        send(HttpRequest.newBuilder(URI.create("https://login.microsoftonline.com/coded-tenant/login")).header("Accept-Encoding", "br")
                .POST(HttpRequest.BodyPublishers.ofString("login=a")));
        assertEquals("identity", h.upstream.last().header("Accept-Encoding"), "only brotli offered: no coding rather than any");
        send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/me/photo")).header("Accept-Encoding", "gzip, deflate, br")
                .header("Authorization", "Bearer " + delegated("User.Read")));
        assertEquals("gzip, deflate, br", h.upstream.last().header("Accept-Encoding"));
    }

    @Test
    void consoleBlockShowsCauseEvidenceFixAndRequestId() throws Exception {
        h.upstream.on("/v1.0/users", FakeGraph.json(401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token is empty.\"}}"));
        send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/users")));
        String block = console.get(console.size() - 1);
        assertTrue(block.startsWith("401 GET graph.microsoft.com/v1.0/users "), block);
        assertTrue(block.contains("TOKEN_MISSING"), block);
        for (String label : List.of("cause", "fix", "docs", "request-id")) {
            assertTrue(block.contains("\n    " + label), "no " + label + " line in:\n" + block);
        }
        assertFalse(block.contains("\u001b["), "no colour codes when not on a terminal");
    }
}
