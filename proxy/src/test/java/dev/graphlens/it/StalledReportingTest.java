package dev.graphlens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.report.ReportQueue;
import dev.graphlens.report.Reporter;
import dev.graphlens.support.FakeGraph;
import dev.graphlens.support.ProxyHarness;
import dev.graphlens.support.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reporting runs beside the traffic: a reporter stuck on a slow disk or terminal never holds up a response. */
class StalledReportingTest {

    @Test
    void responsesKeepFlowingWhileAReporterIsStuckAndAreAllReportedOnceItRecovers() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch firstArrived = new CountDownLatch(1);
        AtomicInteger reported = new AtomicInteger();
        Reporter slow = new Reporter() {
            @Override
            public void completed(ExchangeRecord record) {
                firstArrived.countDown();
                try {
                    stuck.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                reported.incrementAndGet();
            }
        };
        try (ProxyHarness h = new ProxyHarness(Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.systemUTC()))) {
            ReportQueue reporting = new ReportQueue(List.of(slow));
            h.also = reporting;
            h.upstream.on("/v1.0/me", FakeGraph.json(200, "{\"id\":\"1\"}"));
            h.upstream.on("/v1.0/me/messages", FakeGraph.json(403, "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied.\"}}"));
            HttpClient client = h.client();
            String auth = "Bearer " + TestTokens.graphDelegated("User.Read");
            int requests = 20;
            for (int i = 0; i < requests; i++) {
                String path = i % 2 == 0 ? "/v1.0/me" : "/v1.0/me/messages";
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://graph.microsoft.com" + path))
                        .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(i % 2 == 0 ? 200 : 403, r.statusCode());
                if (i % 2 == 1) {
                    assertTrue(r.headers().firstValue("X-Graph-Diagnosis").orElseThrow().startsWith("MISSING_PERMISSION"));
                }
            }
            assertTrue(firstArrived.await(30, TimeUnit.SECONDS), "the reporter was told of the first exchange");
            assertEquals(0, reported.get(), "every response was served while the reporter was still stuck on the first");
            stuck.countDown();
            reporting.close();
            assertEquals(requests, reported.get(), "nothing was lost once it recovered");
        }
    }
}
