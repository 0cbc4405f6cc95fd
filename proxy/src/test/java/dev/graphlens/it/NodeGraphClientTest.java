package dev.graphlens.it;

import dev.graphlens.support.TestTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Microsoft Graph JavaScript client (clients/node, installed by .ci/run with npm ci) through the proxy. */
class NodeGraphClientTest {
    static final Path CLIENT = Path.of("clients/node");

    @Test
    void graphJavaScriptClientSeesItsGraphErrorAndTheDiagnosisHeader() throws Exception {
        assumeTrue(Files.isDirectory(CLIENT.resolve("node_modules/@microsoft/microsoft-graph-client")),
                ".ci/run installs it: npm ci --prefix clients/node");
        try (ProxyHarness h = new ProxyHarness(Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC()))) {
            h.upstream.on("/v1.0/me/messages", FakeGraph.json(403,
                    "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied. Check credentials and try again.\"}}"));
            h.upstream.on("/v1.0/me", FakeGraph.json(200, "{\"displayName\":\"Adele Vance\"}"));
            String token = TestTokens.graphDelegated("User.Read");

            JsonNode ok = call(h, token, "/me");
            assertTrue(ok.get("ok").asBoolean(), ok.toString());
            assertEquals("Adele Vance", ok.get("body").get("displayName").asText());

            JsonNode failed = call(h, token, "/me/messages");
            assertEquals(403, failed.get("statusCode").asInt(), failed.toString());
            assertEquals("ErrorAccessDenied", failed.get("code").asText());
            assertTrue(failed.get("diagnosis").asText().startsWith("MISSING_PERMISSION; GET /me/messages needs Mail.ReadBasic"), failed.toString());
        }
    }

    static JsonNode call(ProxyHarness h, String token, String path) throws Exception {
        Process p = new ProcessBuilder("node", "graph-call.mjs", "http://127.0.0.1:" + h.proxy.port(),
                h.ca.certificatePath().toAbsolutePath().toString(), token, path).directory(CLIENT.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return new ObjectMapper().readTree(out.lines().reduce((a, c) -> c).orElseThrow());
    }
}
