package dev.graphlens.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.DiagnosisEngine;
import dev.graphlens.diagnosis.ErrorParser;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import dev.graphlens.token.TokenDecoder;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs, bounded in count: the token decoder, the diagnosis of error bodies and
 * the HTTP front end must never throw, hang or leak. A failure names its seed and iteration.
 */
class FuzzTest {
    static final long SEED = 20261124L;
    static final String[] SEEDS_TEXT = {
        "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing role permissions. API requires one of 'A, B'.\"}}",
        "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50076: x\",\"error_codes\":[50076],\"claims\":\"{}\"}",
        "{\"responses\":[{\"id\":\"1\",\"status\":403,\"body\":{\"error\":{\"code\":\"x\"}}}]}",
        // A workload's error JSON inside Graph's message, JSON in JSON; and one Graph did not wrap.
        "{\"error\":{\"code\":\"UnknownError\",\"message\":\"{\\\"ErrorCode\\\":\\\"Forbidden\\\",\\\"Message\\\":\\\"{\\\\\\\"Message\\\\\\\":"
                + "\\\\\\\"x - Activity ID: 1\\\\\\\"}\\\",\\\"Details\\\":[{\\\"Code\\\":\\\"PolicyNotSatisfied\\\",\\\"Message\\\":\\\"ScopeAuthorizationRequirement(A, B).\\\"}]}\"}}",
        "{\"errorCode\":\"PermissionScopeNotGranted\",\"message\":\"Authorization failed due to missing permission scope A,B.\"}",
    };
    static final String TOKEN_SEED = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJzY3AiOiJVc2VyLlJlYWQifQ.c2ln";

    /** A sign-in error page and a form_post page handing the app an error. */
    static final String[] SIGN_IN_PAGES = {
        "<html><script>$Config={\"iErrorCode\":50011,\"strServiceExceptionMessage\":\"AADSTS50011: The redirect URI \\u0027x\\u0027 \\\"y\\\".\"};</script></html>",
        "<form method=\"POST\" action=\"https://app/cb\"><input type=\"hidden\" name=\"error\" value=\"access_denied\" />"
                + "<input type=\"hidden\" name=\"error_description\" value=\"AADSTS65004: declined&#xD;&#xA;Trace &amp; &#99999999; &bogus;\" /></form>",
    };

    static final String SPECIAL = "{}[]\":,.=\\ \u0000eyJ%()'";

    static String mutate(Random r, String s) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + r.nextInt(8);
        for (int i = 0; i < edits && b.length() > 0; i++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(4)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, (char) r.nextInt(0x3000));
                case 2 -> b.setCharAt(at, SPECIAL.charAt(r.nextInt(SPECIAL.length())));
                default -> b.insert(at, b.substring(at, Math.min(b.length(), at + r.nextInt(40))));
            }
        }
        return b.toString();
    }

    @Test
    void tokenDecoderNeverThrowsOnRandomOrMutatedInput() {
        Random r = new Random(SEED);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 20_000; i++) {
                String input = i % 2 == 0 ? mutate(r, "Bearer " + TOKEN_SEED) : randomText(r, r.nextInt(400));
                try {
                    assertNotNull(TokenDecoder.decode(input).state());
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + SEED + " iteration " + i + ": " + e, e);
                }
            }
        });
    }

    @Test
    void diagnosisNeverThrowsOnRandomOrMutatedErrorBodies() throws Exception {
        DiagnosisEngine engine = Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC());
        Random r = new Random(SEED);
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            for (int i = 0; i < 10_000; i++) {
                int iteration = i;
                String body = switch (i % 4) {
                    case 0 -> randomText(r, r.nextInt(2_000));
                    case 1 -> mutate(r, SIGN_IN_PAGES[r.nextInt(SIGN_IN_PAGES.length)]);
                    default -> mutate(r, SEEDS_TEXT[r.nextInt(SEEDS_TEXT.length)]);
                };
                String auth = r.nextBoolean() ? "Bearer " + mutate(r, TOKEN_SEED) : null;
                int status = new int[] {200, 302, 400, 401, 403, 404, 429, 500, 503}[r.nextInt(9)];
                String path = switch (r.nextInt(5)) {
                    case 0 -> "/v1.0/$batch";
                    case 1 -> "/t/oauth2/v2.0/authorize?" + mutate(r, "client_id=a&scope=openid%20User.Read&state=s");
                    case 2 -> mutate(r, "/common/login");
                    default -> "/v1.0/" + mutate(r, r.nextBoolean() ? "me/messages" : "subscriptions");
                };
                String method = new String[] {"GET", "POST", "PATCH"}[r.nextInt(3)];
                RequestFacts request = new RequestFacts(method, "https", "graph.microsoft.com", 443, path,
                        auth == null ? Headers.EMPTY : Headers.of("Authorization", auth), mutate(r, "{\"requests\":[]}").getBytes());
                Headers headers = switch (r.nextInt(4)) {
                    case 3 -> Headers.of("Content-Type", "text/html; charset=utf-8");
                    case 0 -> Headers.of("WWW-Authenticate", mutate(r, "Bearer error=\"insufficient_claims\", claims=\"e30=\""));
                    case 1 -> Headers.of("Location", mutate(r, "http://localhost/cb?error=consent_required&error_description=AADSTS65001%3a+x#state=s"));
                    default -> Headers.of("Content-Encoding", r.nextBoolean() ? "gzip" : "deflate");
                };
                ResponseFacts response = new ResponseFacts(status, headers, body.getBytes(StandardCharsets.UTF_8), r.nextBoolean());
                // Below 400 the engine passes a response on untouched whatever happens, so the page reader is called itself.
                try {
                    assertNotNull(ErrorParser.signInPageError(response));
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + SEED + " iteration " + iteration + ": " + e, e);
                }
                // The engine turns its own exceptions into a "could not diagnose" verdict: that is the failure to look for.
                engine.diagnose(request, response)
                        .filter(v -> v.summary().contains("could not diagnose"))
                        .ifPresent(v -> {
                            throw new AssertionError("seed " + SEED + " iteration " + iteration + ": " + v.summary());
                        });
            }
        });
    }

    @Test
    void httpFrontEndSurvivesRandomBytes() throws Exception {
        try (ProxyHarness h = new ProxyHarness(Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC()),
                o -> o.toBuilder().clientIdleTimeout(Duration.ofSeconds(1)).build(), Map.of())) {
            h.upstream.on("/v1.0/me", FakeGraph.json(200, "{}"));
            Random r = new Random(SEED);
            String[] starts = {"CONNECT graph.microsoft.com:443 HTTP/1.1\r\n", "GET http://plain.example/ HTTP/1.1\r\n", "", "GET / HTTP/1.1\r\n"};
            for (int i = 0; i < 200; i++) {
                try (Socket s = new Socket("127.0.0.1", h.proxy.port())) {
                    s.setSoTimeout(5_000);
                    byte[] noise = new byte[r.nextInt(3_000)];
                    r.nextBytes(noise);
                    s.getOutputStream().write(starts[r.nextInt(starts.length)].getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().write(noise);
                    s.getOutputStream().flush();
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    while (in.read(buf) >= 0) {
                        // drain until the proxy answers and closes, or idles us out
                    }
                } catch (java.io.IOException expected) {
                    // a reset is a fine answer to garbage
                }
            }
            assertEquals(200, h.client().send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/me")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    static String randomText(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return r.nextBoolean() ? new String(b, StandardCharsets.ISO_8859_1) : Base64.getEncoder().encodeToString(b);
    }
}
