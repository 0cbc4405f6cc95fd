package dev.graphlens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.TestPki;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "eval $(graphlens env)" is all a shell needs; the Java truststore and the system install work as printed. */
class TrustSetupIT {
    @TempDir
    Path dir;

    @Test
    void evalOfEnvMakesPlainCurlUseTheProxyAndTrustIt() throws Exception {
        TestPki pki = new TestPki("env test upstream CA");
        try (FakeGraph graph = new FakeGraph(pki.issue("graph.microsoft.com"))) {
            graph.on("/v1.0/me", FakeGraph.json(200, "{\"displayName\":\"via env\"}"));
            Path upstreamCa = pki.writeCaPem(dir);
            Process proxy = new ProcessBuilder("java", "-jar", "proxy/target/graphlens.jar", "--port", "0",
                    "--certs-dir", dir.resolve("certs").toString(), "--log-file", dir.resolve("l.jsonl").toString(),
                    "--upstream-override", "graph.microsoft.com=127.0.0.1:" + graph.port(), "--upstream-trust", upstreamCa.toString())
                    .redirectErrorStream(true).start();
            try {
                int port = listeningPort(proxy);
                String script = "eval \"$(java -jar proxy/target/graphlens.jar env --certs-dir " + dir.resolve("certs")
                        + " --port " + port + ")\" && curl -sS --max-time 20 https://graph.microsoft.com/v1.0/me";
                Process shell = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
                String out = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(shell.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, shell.exitValue(), out);
                assertEquals("{\"displayName\":\"via env\"}", out);
            } finally {
                proxy.destroy();
                proxy.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void javaTruststoreHoldsTheJdkAnchorsAndTheGraphLensCa() throws Exception {
        Process p = new ProcessBuilder("java", "-jar", "proxy/target/graphlens.jar", "trust", "--certs-dir", dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(dir.resolve("graphlens-truststore.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        assertNotNull(ks.getCertificate("graphlens-ca"));
        assertTrue(ks.size() > 20, "JDK anchors kept, so tunnelled hosts still verify: " + ks.size());
        for (String runtime : new String[] {"curl:", "Java:", "Node:", "Python:", ".NET:", "PowerShell:", "Debian/Ubuntu"}) {
            assertTrue(out.contains(runtime), out);
        }
    }

    @Test
    void installSystemCopiesTheCaIntoTheStore() throws Exception {
        Path store = dir.resolve("store");
        Process p = new ProcessBuilder("java", "-jar", "proxy/target/graphlens.jar", "trust", "--certs-dir", dir.resolve("certs").toString(),
                "--install-system", "--ca-store-dir", store.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(Files.readString(dir.resolve("certs/graphlens-ca.pem")), Files.readString(store.resolve("graphlens.crt")));
    }

    static int listeningPort(Process proxy) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
        StringBuilder seen = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = listening.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no 'listening on' line in:\n" + seen);
    }
}
