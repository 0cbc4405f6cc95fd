package dev.graphlens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.TestPki;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev container's setup script, run here as on a plain Debian machine: install, start, use
 * through the shell environment the container sets, stop. Only the system CA store is redirected.
 */
class DevcontainerSetupIT {
    @TempDir
    Path dir;

    Process script(String command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", ".devcontainer/setup.sh", command).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    static String run(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void installStartUseStop() throws Exception {
        TestPki pki = new TestPki("devcontainer test upstream CA");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (FakeGraph graph = new FakeGraph(pki.issue("graph.microsoft.com"))) {
            graph.on("/v1.0/me", FakeGraph.json(401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token is empty.\"}}"));
            Path store = dir.resolve("ca-store");
            Map<String, String> env = Map.of("GRAPHLENS_PORT", String.valueOf(port), "GRAPHLENS_CA_STORE_DIR", store.toString(),
                    "GRAPHLENS_ARGS", "--upstream-override graph.microsoft.com=127.0.0.1:" + graph.port()
                            + " --upstream-trust " + pki.writeCaPem(dir) + " --log-file " + dir.resolve("g.jsonl"));
            run(script("install", env));
            assertEquals(Files.readString(Path.of("certs/graphlens-ca.pem")), Files.readString(store.resolve("graphlens.crt")));
            try {
                assertTrue(run(script("start", env)).contains("listening on 127.0.0.1:" + port));
                // The container's remoteEnv: HTTPS_PROXY plus a trusted CA; here the CA comes from the bundle.
                Map<?, ?> container = new ObjectMapper().readValue(Path.of(".devcontainer/devcontainer.json").toFile(), Map.class);
                Map<?, ?> remoteEnv = (Map<?, ?>) container.get("remoteEnv");
                assertEquals("http://127.0.0.1:8080", remoteEnv.get("HTTPS_PROXY"));
                ProcessBuilder viaProxy = new ProcessBuilder("curl", "-sS", "-i", "--max-time", "20", "--cacert", "certs/graphlens-bundle.pem",
                        "https://graph.microsoft.com/v1.0/me").redirectErrorStream(true);
                viaProxy.environment().put("HTTPS_PROXY", "http://127.0.0.1:" + port);
                String out = run(viaProxy.start());
                assertTrue(out.contains("X-Graph-Diagnosis: TOKEN_MISSING"), out);
            } finally {
                run(script("stop", env));
            }
        }
    }
}
