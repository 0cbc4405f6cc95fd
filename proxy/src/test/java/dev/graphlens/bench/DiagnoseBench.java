package dev.graphlens.bench;

import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.DiagnosisEngine;
import dev.graphlens.diagnosis.Knowledge;

import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.report.ConsoleReporter;
import dev.graphlens.report.HarLog;
import dev.graphlens.report.JsonLinesLog;
import dev.graphlens.report.LiveFeed;
import dev.graphlens.report.Reporter;
import dev.graphlens.report.SessionSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What one diagnosed 403 costs, without sockets: the engine alone, with the console rendering, then
 * each reporter that runs per exchange, on that 403 and on a 200.
 * Run by bench/diagnose.sh (not a test: timing and allocation are reported, never asserted).
 */
public final class DiagnoseBench {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    /** Bytes this thread has allocated so far: exact, unlike sampling, so a few hundred bytes per call show. */
    private static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        DiagnosisEngine engine = Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String token = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes()) + "."
                + b64.encodeToString(("{\"aud\":\"00000003-0000-0000-c000-000000000000\",\"iss\":\"https://sts.windows.net/t/\","
                + "\"tid\":\"t\",\"appid\":\"a\",\"idtyp\":\"user\",\"scp\":\"openid profile User.Read\",\"exp\":" + (now + 3600)
                + ",\"nbf\":" + (now - 60) + "}").getBytes()) + ".c2lnbmF0dXJl";
        RequestFacts request = new RequestFacts("GET", "https", "graph.microsoft.com", 443, "/v1.0/me/messages?$top=5",
                Headers.of("Authorization", "Bearer " + token), null);
        ResponseFacts response = new ResponseFacts(403, Headers.of("Content-Type", "application/json", "request-id", "r-1"),
                "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied. Check credentials and try again.\"}}"
                        .getBytes(StandardCharsets.UTF_8), false);
        ConsoleReporter console = new ConsoleReporter(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), false,
                ConsoleReporter.Shows.ALL);
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            long a0 = allocated();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += engine.diagnose(request, response).orElseThrow().headerValue().length();
            }
            long t1 = System.nanoTime();
            long a1 = allocated();
            for (int i = 0; i < n / 4; i++) {
                Optional<Verdict> v = engine.diagnose(request, response);
                sink += console.render(new ExchangeRecord(Instant.now(), 1, request, 403, response.headers(), v, false)).length();
            }
            long t2 = System.nanoTime();
            long a2 = allocated();
            System.out.printf("round %d: diagnose and header %.1f us/403 (%d B), diagnose+console render %.1f us/403 (%d B)%n", round,
                    (t1 - t0) / 1000.0 / n, (a1 - a0) / n, (t2 - t1) / 1000.0 / (n / 4), (a2 - a1) / (n / 4));
        }
        // What each reporter adds per diagnosed exchange on the reporting thread, flushing every 100 as a batch would.
        ExchangeRecord record = new ExchangeRecord(Instant.now(), 1, request, 403, response.headers(),
                engine.diagnose(request, response), false, response.body());
        ExchangeRecord ok = new ExchangeRecord(Instant.now(), 1, request, 200,
                Headers.of("Content-Type", "application/json", "request-id", "r-2"), Optional.empty(), false);
        Path tmp = java.nio.file.Files.createTempDirectory("graphlens-bench");
        java.util.Map<String, Reporter> reporters = new java.util.LinkedHashMap<>();
        reporters.put("console (a cause repeated: its line)", console);
        reporters.put("JSON log + calls log line", new JsonLinesLog(tmp.resolve("a.jsonl"), tmp.resolve("b.jsonl")));
        reporters.put("HAR entry", new HarLog(tmp.resolve("c.har"), false));
        reporters.put("live feed event", new LiveFeed());
        reporters.put("session summary", new SessionSummary(Knowledge.permissions(Settings.load(Path.of("config/graphlens.json")))));
        for (ExchangeRecord r : List.of(record, ok)) {
            System.out.println("per " + r.status() + ":");
            for (var e : reporters.entrySet()) {
                for (int round = 0; round < 2; round++) {
                    long a0 = allocated();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n / 4; i++) {
                        e.getValue().completed(r);
                        if (i % 100 == 99) {
                            e.getValue().flush();
                        }
                    }
                    if (round == 1) {
                        System.out.printf("  %-36s %.2f us/exchange (%d B)%n", e.getKey(), (System.nanoTime() - t0) / 1000.0 / (n / 4),
                                (allocated() - a0) / (n / 4));
                    }
                }
            }
        }
        System.out.println(sink > 0 ? "" : "!");
        System.exit(0);
    }
}
