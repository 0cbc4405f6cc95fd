package dev.graphlens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import dev.graphlens.support.TestPki;
import dev.graphlens.support.TestTokens;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive that "mvn package" builds, as a user gets it: unpacked into an empty directory and run
 * as bin/graphlens from another one, with nothing of the checkout around.
 */
class DistributionIT {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path installDir;

    @TempDir
    Path workDir;

    @TempDir
    Path homeDir;

    Path unpacked;

    @BeforeEach
    void unpackTheArchive() throws Exception {
        Path archive;
        try (Stream<Path> built = Files.list(Path.of("proxy/target"))) {
            archive = built.filter(p -> p.getFileName().toString().matches("graphlens-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no graphlens-VERSION.tar.gz in proxy/target: run mvn package"));
        }
        Process tar = new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString(), "-C", installDir.toString())
                .redirectErrorStream(true).start();
        assertEquals(0, tar.waitFor(), new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        try (Stream<Path> top = Files.list(installDir)) {
            unpacked = top.findFirst().orElseThrow();
        }
        for (String part : List.of("bin/graphlens", "lib/graphlens.jar", "config/graphlens.json", "config/rules.json", "README.md")) {
            assertTrue(Files.exists(unpacked.resolve(part)), "the archive holds " + part);
        }
    }

    @Test
    void unpackedAnywhereItProxiesAFailingCallAndKeepsItsCaAndLogsInTheUsersDirectory() throws Exception {
        assertProxiesAFailingCall();
        Path state = homeDir.resolve(".graphlens");
        assertTrue(Files.isRegularFile(state.resolve("certs/graphlens-ca.pem")), "the CA is the user's, under ~/.graphlens");
        assertTrue(Files.readString(state.resolve("logs/graphlens.jsonl")).contains("\"code\":\"MISSING_PERMISSION\""));
        try (Stream<Path> written = Files.list(workDir)) {
            assertEquals(List.of(), written.toList(), "nothing is written to the working directory");
        }
    }

    @Test
    void withoutItsConfigDirectoryItDiagnosesFromTheConfigBuiltIntoTheJar() throws Exception {
        try (Stream<Path> config = Files.walk(unpacked.resolve("config"))) {
            for (Path p : config.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        assertProxiesAFailingCall();
    }

    @Test
    void anUnknownCommandIsOneLineAndExitCodeTwo() throws Exception {
        Process p = graphlens("frobnicate").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("unknown command 'frobnicate'"), out);
    }

    /** bin/graphlens with these arguments, started from the empty working directory with the temporary home. */
    ProcessBuilder graphlens(String... args) {
        List<String> command = new ArrayList<>(List.of(unpacked.resolve("bin/graphlens").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = pb.environment();
        env.put("HOME", homeDir.toString());
        env.remove("GRAPHLENS_STATE");
        // the suite's leak policy holds for the shipped jar too
        env.put("JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid");
        return pb;
    }

    private void assertProxiesAFailingCall() throws Exception {
        TestPki pki = new TestPki("distribution test upstream CA");
        try (FakeGraph graph = new FakeGraph(pki.issue("graph.microsoft.com"))) {
            graph.on("/v1.0/me/messages", FakeGraph.json(403, "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied.\"}}"));
            Path output = homeDir.resolve("graphlens.out");
            Process proxy = graphlens("--port", "0", "--upstream-override", "graph.microsoft.com=127.0.0.1:" + graph.port(),
                    "--upstream-trust", pki.writeCaPem(homeDir).toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try {
                int port = listeningPort(proxy, output);
                X509Certificate ca;
                try (InputStream in = Files.newInputStream(homeDir.resolve(".graphlens/certs/graphlens-ca.pem"))) {
                    ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                }
                HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
                        .sslContext(ProxyHarness.trusting(ca)).build();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/me/messages"))
                        .header("Authorization", "Bearer " + TestTokens.graphDelegated("openid profile User.Read")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(403, r.statusCode());
                String diagnosis = r.headers().firstValue("X-Graph-Diagnosis").orElse("(none)");
                assertTrue(diagnosis.startsWith("MISSING_PERMISSION; GET /me/messages needs Mail.ReadBasic"), diagnosis);
            } finally {
                proxy.destroy();
                assertTrue(proxy.waitFor(20, TimeUnit.SECONDS), "the proxy stops on SIGTERM");
            }
            String printed = Files.readString(output);
            assertTrue(printed.contains("MISSING_PERMISSION") && !printed.contains("LEAK:"), printed);
        }
    }

    /** The port from the "listening on" line, once the proxy has printed it to its output file. */
    private static int listeningPort(Process proxy, Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String printed = Files.exists(output) ? Files.readString(output) : "";
            Matcher m = LISTENING.matcher(printed);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!proxy.isAlive()) {
                throw new AssertionError("bin/graphlens exited " + proxy.exitValue() + ":\n" + printed);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no 'listening on' line within 60 s in:\n" + Files.readString(output));
    }
}
