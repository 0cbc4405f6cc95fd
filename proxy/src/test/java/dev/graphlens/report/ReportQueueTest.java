package dev.graphlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The hand-off from event loops to the reporting thread: complete, ordered, isolated, never blocking. */
class ReportQueueTest {

    /** Records what it is told; optionally waits on a gate first, or throws. */
    static final class Recording implements Reporter {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch firstSeen = new CountDownLatch(1);
        volatile CountDownLatch gate;
        volatile boolean throwing;

        @Override
        public void completed(ExchangeRecord record) {
            firstSeen.countDown();
            if (gate != null) {
                await(gate);
            }
            if (throwing) {
                throw new IllegalStateException("reporter bug");
            }
            seen.add(record.request().uri());
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    static ExchangeRecord record(String uri, byte[] body) {
        return new ExchangeRecord(Instant.now(), 1, new RequestFacts("GET", "https", "graph.microsoft.com", 443, uri,
                Headers.of(), null), 403, Headers.of(), Optional.empty(), false, body);
    }

    static ExchangeRecord record(String uri) {
        return new ExchangeRecord(Instant.now(), 1, new RequestFacts("GET", "https", "graph.microsoft.com", 443, uri,
                Headers.of(), null), 200, Headers.of(), Optional.empty(), false);
    }

    static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyRecordFromEveryEventLoopReachesEveryReporterInOrderThenTheyAreClosed() throws Exception {
        Recording a = new Recording();
        Recording b = new Recording();
        ReportQueue queue = new ReportQueue(List.of(a, b));
        int threads = 4;
        int each = 2_000;
        List<Thread> loops = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int loop = t;
            loops.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    queue.completed(record("/" + loop + "/" + i));
                }
            }));
        }
        loops.forEach(Thread::start);
        for (Thread t : loops) {
            t.join();
        }
        queue.close();

        assertEquals(threads * each, a.seen.size());
        assertEquals(a.seen, b.seen, "every reporter sees the same records in the same order");
        for (int t = 0; t < threads; t++) {
            String prefix = "/" + t + "/";
            List<String> ofLoop = a.seen.stream().filter(u -> u.startsWith(prefix)).toList();
            for (int i = 0; i < each; i++) {
                assertEquals(prefix + i, ofLoop.get(i), "one event loop's records keep their order");
            }
        }
        assertTrue(a.flushes.get() > 0, "buffered output is flushed");
        assertEquals(1, a.closes.get());
        assertEquals(0, queue.dropped());
    }

    @Test
    void aReporterThatThrowsDoesNotCostTheOthersTheirRecords() {
        Recording broken = new Recording();
        broken.throwing = true;
        Recording fine = new Recording();
        ReportQueue queue = new ReportQueue(List.of(broken, fine));
        for (int i = 0; i < 100; i++) {
            queue.completed(record("/" + i));
        }
        queue.close();
        assertEquals(100, fine.seen.size());
        assertEquals(1, broken.closes.get(), "the broken reporter is still closed");
    }

    @Test
    void anExchangeAfterAQuietSpellWakesTheDozingThread() {
        Recording r = new Recording();
        // A doze far longer than the test may take: only the wake-up can deliver in time.
        ReportQueue queue = new ReportQueue(List.of(r), Duration.ofMillis(10), Duration.ofHours(1));
        try {
            queue.completed(record("/first"));
            await(r.firstSeen);
            for (int quiet = 0; quiet < 3; quiet++) {
                sleep(300);
                int before = r.seen.size();
                queue.completed(record("/after-quiet-" + quiet));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (r.seen.size() == before && System.nanoTime() < deadline) {
                    sleep(5);
                }
                assertEquals(before + 1, r.seen.size(), "the record after a quiet spell was delivered");
            }
        } finally {
            queue.close();
        }
    }

    @Test
    void aQueueFullBecauseReportersStalledDropsAndCountsInsteadOfBlockingTheEventLoop() {
        Recording stalled = new Recording();
        stalled.gate = new CountDownLatch(1);
        ReportQueue queue = new ReportQueue(List.of(stalled));
        queue.completed(record("/0"));
        await(stalled.firstSeen);
        int offered = 1 + ReportQueue.CAPACITY + 500;
        for (int i = 1; i < offered; i++) {
            queue.completed(record("/" + i));
        }
        assertEquals(500, queue.dropped(), "exactly what did not fit was dropped");
        stalled.gate.countDown();
        queue.close();
        assertEquals(offered - 500, stalled.seen.size());
    }

    @Test
    void heldBodiesBeyondTheMemoryBudgetAreLeftOutButTheirExchangesAreStillReported() {
        Recording stalled = new Recording();
        stalled.gate = new CountDownLatch(1);
        List<Integer> bodies = Collections.synchronizedList(new ArrayList<>());
        Reporter sizes = new Reporter() {
            @Override
            public void completed(ExchangeRecord record) {
                bodies.add(record.inspectedBody().length);
            }
        };
        ReportQueue queue = new ReportQueue(List.of(stalled, sizes));
        queue.completed(record("/0"));
        await(stalled.firstSeen);
        int mib = 1024 * 1024;
        int sent = (int) (ReportQueue.BODY_BUDGET_BYTES / mib) * 3;
        for (int i = 1; i <= sent; i++) {
            queue.completed(record("/" + i, new byte[mib]));
        }
        stalled.gate.countDown();
        queue.close();
        assertEquals(sent + 1, stalled.seen.size(), "every exchange reported");
        long kept = bodies.stream().filter(n -> n == mib).count();
        assertEquals(ReportQueue.BODY_BUDGET_BYTES / mib, kept, "bodies kept up to the budget, the rest left out");
        assertEquals(0, queue.dropped());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
