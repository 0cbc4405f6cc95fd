package dev.graphlens.it;

import dev.graphlens.support.TestTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.report.LiveFeed;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live view served by the proxy: its event stream, and the page rendered by headless Chromium. */
class LiveViewTest {
    static ProxyHarness h;
    static final String SIGNATURE = "LIVE-SIGNATURE-NEVER-SHOWN";

    @BeforeAll
    static void start() throws Exception {
        LiveFeed feed = new LiveFeed();
        h = new ProxyHarness(Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC()),
                o -> o, Map.of(), feed);
        h.upstream.on("/v1.0/me/messages", FakeGraph.json(403, "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"no\"}}"));
        h.upstream.on("/v1.0/me", FakeGraph.json(200, "{}"));
        String token = TestTokens.graphDelegated("User.Read", SIGNATURE);
        HttpClient client = h.client();
        for (String path : List.of("/v1.0/me", "/v1.0/me/messages")) {
            client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com" + path)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        h.awaitExchanges(2);
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    String base() {
        return "http://127.0.0.1:" + h.proxy.port() + "/_graphlens/";
    }

    @Test
    void eventStreamReplaysRecentExchangesAndStreamsNewOnes() throws Exception {
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElseThrow());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            List<String> events = new java.util.ArrayList<>();
            while (events.size() < 2) {
                String line = in.readLine();
                if (line.startsWith("data: ")) {
                    events.add(line);
                }
            }
            assertTrue(events.get(1).contains("\"code\":\"MISSING_PERMISSION\""), events.get(1));
            assertTrue(events.get(1).contains("\"scp\":\"User.Read\""), "decoded claims are shown");
            assertFalse(String.join("", events).contains(SIGNATURE), "never the token");
            h.upstream.on("/v1.0/organization", FakeGraph.json(401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token is empty.\"}}"));
            h.client().send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/organization")).build(),
                    HttpResponse.BodyHandlers.discarding());
            String next;
            do {
                next = in.readLine();
            } while (!next.startsWith("data: "));
            assertTrue(next.contains("TOKEN_MISSING"), next);
        }
    }

    @Test
    void thePageIsServedWithTheRecentEventsAndTheStreamGoesOnAfterAGivenOne() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String page = http.send(HttpRequest.newBuilder(URI.create(base())).build(), HttpResponse.BodyHandlers.ofString()).body();
        int start = page.indexOf("<script id=\"recent\" type=\"application/json\">");
        String embedded = page.substring(page.indexOf('>', start) + 1, page.indexOf("</script>", start));
        com.fasterxml.jackson.databind.JsonNode recent = new com.fasterxml.jackson.databind.ObjectMapper().readTree(embedded);
        assertTrue(recent.size() >= 2, embedded);
        assertEquals("MISSING_PERMISSION", recent.get(1).get("event").get("code").asText());
        assertFalse(embedded.contains(SIGNATURE), "never the token");
        long firstId = recent.get(0).get("id").asLong();
        long secondId = recent.get(1).get("id").asLong();
        assertTrue(secondId > firstId);

        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base() + "events?after=" + firstId)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals("id: " + secondId, in.readLine(), "the stream goes on after the given event");
            assertTrue(in.readLine().contains("MISSING_PERMISSION"));
        }
        HttpResponse<InputStream> reconnect = http.send(HttpRequest.newBuilder(URI.create(base() + "events?after=0"))
                .header("Last-Event-ID", String.valueOf(firstId)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(reconnect.body(), StandardCharsets.UTF_8))) {
            assertEquals("id: " + secondId, in.readLine(), "a reconnecting browser's Last-Event-ID wins");
        }
    }

    @Test
    void pageRendersInHeadlessChromiumWithTheDiagnosis() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), ".ci/run installs Debian's chromium");
        Path profile = Files.createTempDirectory("graphlens-chromium");
        Path shot = profile.resolve("live.png");
        // --timeout, not --virtual-time-budget: an open event stream keeps the network busy for ever.
        runChromium(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--timeout=4000", "--window-size=1280,500", "--screenshot=" + shot, base()), profile);
        assertTrue(Files.exists(shot), "chromium wrote no screenshot");
        Files.copy(shot, Path.of("proxy/target/live-view.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage image = ImageIO.read(shot.toFile());
        int badge = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                // #fdecea: the background of a diagnosis code badge, drawn only for a diagnosed exchange.
                if (Math.abs((rgb >> 16) - 0xfd) <= 2 && Math.abs(((rgb >> 8) & 0xff) - 0xec) <= 2 && Math.abs((rgb & 0xff) - 0xea) <= 2) {
                    badge++;
                }
            }
        }
        assertTrue(badge > 300, "no diagnosis badge on the rendered page (see proxy/target/live-view.png): " + badge + " pixels");
    }

    static void runChromium(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 60 s");
        }
    }
}
