package dev.graphlens.resilience;

import dev.graphlens.support.TestTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.Pattern;
import dev.graphlens.support.ProxyHarness;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 20,000 mixed requests over 100 concurrent kept-alive connections through the real proxy:
 * every response right, and afterwards none of the proxy's sockets or threads left, heap back near baseline.
 * Bounded in count and time; loopback only. Netty's paranoid leak detection watches it (LeakCheck).
 */
class SoakTest {
    static final int REQUESTS = 20_000;
    static final int CONCURRENCY = 100;

    @Test
    void twentyThousandMixedRequestsOverOneHundredConnectionsAllCorrectAndNothingLeft() throws Exception {
        Set<String> threadsBefore = serverThreads();
        int proxyPort;
        int upstreamPort;
        try (ProxyHarness h = new ProxyHarness(Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC()))) {
            proxyPort = h.proxy.port();
            upstreamPort = h.upstream.port();
            h.upstream.on("/v1.0/me", FakeGraph.json(200, "{\"displayName\":\"Adele\"}"));
            h.upstream.on("/v1.0/me/messages", FakeGraph.json(403, "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"no\"}}"));
            h.upstream.on("/v1.0/me/drive/items/big/content", FakeGraph.stream(256 * 1024));
            h.upstream.on("/v1.0/$batch", FakeGraph.json(200, "{\"responses\":[{\"id\":\"1\",\"status\":403,\"body\":"
                    + "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"no\"}}}]}"));
            String token = "Bearer " + TestTokens.graphDelegated("User.Read");
            String bigSha = Pattern.sha256(256 * 1024);
            HttpClient client = h.client();
            Semaphore inFlight = new Semaphore(CONCURRENCY);
            Map<String, AtomicInteger> wrong = new ConcurrentHashMap<>();
            AtomicInteger done = new AtomicInteger();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            for (int i = 0; i < REQUESTS && System.nanoTime() < deadline; i++) {
                inFlight.acquire();
                int kind = i % 10;
                HttpRequest.Builder b = HttpRequest.newBuilder().header("Authorization", token).timeout(Duration.ofSeconds(30));
                if (kind < 6) {
                    b.uri(URI.create("https://graph.microsoft.com/v1.0/me"));
                } else if (kind < 8) {
                    b.uri(URI.create("https://graph.microsoft.com/v1.0/me/messages"));
                } else if (kind == 8) {
                    b.uri(URI.create("https://graph.microsoft.com/v1.0/me/drive/items/big/content"));
                } else {
                    b.uri(URI.create("https://graph.microsoft.com/v1.0/$batch")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/me/messages\"}]}"));
                }
                CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                f.whenComplete((r, e) -> {
                    try {
                        String problem = e != null ? e.getClass().getSimpleName() : check(kind, r, bigSha);
                        if (problem != null) {
                            wrong.computeIfAbsent(problem, k -> new AtomicInteger()).incrementAndGet();
                        }
                    } finally {
                        done.incrementAndGet();
                        inFlight.release();
                    }
                });
            }
            assertTrue(inFlight.tryAcquire(CONCURRENCY, 60, TimeUnit.SECONDS), "all requests finished");
            assertEquals(REQUESTS, done.get(), "requests sent within the time bound");
            assertEquals(Map.of(), wrong, "every response correct");
            assertTrue(proxySockets(proxyPort, upstreamPort) > 0, "the probe sees the proxy's sockets while it runs");
        }
        // Netty's globalEventExecutor thread delivers the shutdown notices, then exits after 1 s of quiet.
        Set<String> added = new TreeSet<>();
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); System.nanoTime() < until; Thread.sleep(100)) {
            added = new TreeSet<>(serverThreads());
            added.removeAll(threadsBefore);
            if (added.isEmpty()) {
                break;
            }
        }
        assertEquals(Set.of(), added, "threads left running after the proxy stopped");
        assertEquals(0, proxySockets(proxyPort, upstreamPort), "file descriptors of the proxy's sockets left open");
        System.gc();
        Thread.sleep(300);
        long usedAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        assertTrue(usedAfterGc < 200L << 20, "heap after GC " + (usedAfterGc >> 20) + " MiB");
    }

    private static String check(int kind, HttpResponse<byte[]> r, String bigSha) {
        String diagnosis = r.headers().firstValue("X-Graph-Diagnosis").orElse("");
        if (kind < 6) {
            return r.statusCode() == 200 && diagnosis.isEmpty() && new String(r.body()).contains("Adele") ? null : "success";
        }
        if (kind < 8) {
            return r.statusCode() == 403 && diagnosis.startsWith("MISSING_PERMISSION") ? null : "403 " + diagnosis;
        }
        if (kind == 8) {
            return r.statusCode() == 200 && sha(r.body()).equals(bigSha) ? null : "download";
        }
        return r.statusCode() == 200 && diagnosis.startsWith("MISSING_PERMISSION; $batch") ? null : "batch " + diagnosis;
    }

    private static String sha(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Live threads other than the test client's own pool (HttpClient-*), which idles out on its own. */
    private static Set<String> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> !n.startsWith("HttpClient-")).collect(Collectors.toSet());
    }

    /**
     * Open descriptors of this process that are the proxy's sockets: accepted on its port, or
     * connected from it to the upstream's port (matched through /proc/net/tcp by inode).
     */
    private static long proxySockets(int proxyPort, int upstreamPort) throws Exception {
        Set<String> inodes = new java.util.HashSet<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            List<String> rows = Files.readAllLines(Path.of(table));
            for (String line : rows.subList(1, rows.size())) {
                String[] f = line.trim().split("\\s+");
                int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                if (local == proxyPort || remote == upstreamPort) {
                    inodes.add(f[9]);
                }
            }
        }
        long count = 0;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        count++;
                    }
                } catch (java.io.IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        }
        return count;
    }

}
