package dev.graphlens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.Pattern;
import dev.graphlens.support.ProxyHarness;
import dev.graphlens.support.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged proxy with a 64 MiB heap streams a 200 MB upload and a 256 MB download intact. */
class SmallHeapIT {
    @TempDir
    Path dir;

    @Test
    void largeBodiesStreamThroughASixtyFourMegabyteHeap() throws Exception {
        TestPki pki = new TestPki("small heap upstream CA");
        long up = 200L * 1000 * 1000;
        long down = 256L << 20;
        try (FakeGraph graph = new FakeGraph(pki.issue("graph.microsoft.com"))) {
            graph.on("/v1.0/me/drive/root:/big.bin:/content", FakeGraph.echoUpload());
            graph.on("/v1.0/me/drive/items/big/content", FakeGraph.stream(down));
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread drain = null;
            // The shipped jar skips leak detection unless asked; here it is asked, at the test suite's level.
            Process proxy = new ProcessBuilder("java", "-Xmx64m", "-Dio.netty.leakDetection.level=paranoid", "-jar", "proxy/target/graphlens.jar", "--port", "0",
                    "--certs-dir", dir.resolve("certs").toString(), "--log-file", dir.resolve("l.jsonl").toString(),
                    "--upstream-override", "graph.microsoft.com=127.0.0.1:" + graph.port(),
                    "--upstream-trust", pki.writeCaPem(dir).toString()).redirectErrorStream(true).start();
            try {
                int port = TrustSetupIT.listeningPort(proxy);
                // Read what the proxy prints from here on, so a leak report can neither fill the pipe nor be missed.
                drain = new Thread(() -> {
                    try {
                        proxy.getInputStream().transferTo(output);
                    } catch (IOException e) {
                        output.writeBytes(("(output not read to the end: " + e + ")").getBytes(StandardCharsets.UTF_8));
                    }
                });
                drain.start();
                X509Certificate ca;
                try (InputStream in = Files.newInputStream(dir.resolve("certs/graphlens-ca.pem"))) {
                    ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                }
                HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
                        .sslContext(ProxyHarness.trusting(ca)).build();

                HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com/v1.0/me/drive/root:/big.bin:/content"))
                        .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> Pattern.stream(up)), up))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("{\"length\":" + up + ",\"sha256\":\"" + Pattern.sha256(up) + "\"}", put.body());

                HttpResponse<InputStream> get = client.send(HttpRequest.newBuilder(
                        URI.create("https://graph.microsoft.com/v1.0/me/drive/items/big/content")).build(), HttpResponse.BodyHandlers.ofInputStream());
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long n = 0;
                try (InputStream in = get.body()) {
                    byte[] buf = new byte[1 << 16];
                    for (int k; (k = in.read(buf)) > 0; n += k) {
                        sha.update(buf, 0, k);
                    }
                }
                assertEquals(down, n);
                assertEquals(Pattern.sha256(down), HexFormat.of().formatHex(sha.digest()));

                long peakKb = Files.readAllLines(Path.of("/proc/" + proxy.pid() + "/status")).stream()
                        .filter(l -> l.startsWith("VmHWM:")).map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
                System.out.println("proxy peak RSS with -Xmx64m: " + peakKb / 1024 + " MiB");
                assertTrue(peakKb < 300 * 1024, "peak RSS " + peakKb / 1024 + " MiB");
            } finally {
                // The handle's destroy sends SIGTERM without closing the pipes, so the drain reads to the end.
                proxy.toHandle().destroy();
                proxy.waitFor(20, TimeUnit.SECONDS);
                if (drain != null) {
                    drain.join(10_000);
                }
            }
            String printed = output.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("GET graph.microsoft.com/v1.0/me/drive/items/big/content"), "the proxy's output was read: " + printed);
            assertFalse(printed.contains("LEAK:"), printed);
        }
    }

}
