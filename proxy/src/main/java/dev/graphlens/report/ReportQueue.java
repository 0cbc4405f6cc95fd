package dev.graphlens.report;

import dev.graphlens.exchange.ExchangeListener;
import dev.graphlens.exchange.ExchangeRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands finished exchanges from the event loops to one reporting thread, which runs every
 * reporter over them in batches.
 *
 * <p>An event loop only adds the record to a queue: it never formats, writes to a file or wakes a
 * thread per exchange (each wake-up is a system call, and under load those dominated). While
 * traffic flows the reporting thread drains the queue every few milliseconds on its own; once
 * traffic stops it dozes, and only then does the next exchange wake it. Should the reporters fall
 * a whole queue behind, further exchanges go unreported rather than slow the proxy down, and the
 * count is logged. Held error bodies (up to the inspection cap each) are queued only within a
 * memory budget; past it a record keeps everything but its body (which only the HAR file shows).
 */
public final class ReportQueue implements ExchangeListener, AutoCloseable {
    static final int CAPACITY = 10_000;
    static final long BODY_BUDGET_BYTES = 16L * 1024 * 1024;
    private static final int MAX_BATCH = 1_000;
    /**
     * Short, so each batch is short: on a machine with few cores a long batch holds a core the
     * event loops need (at 20 ms, a diagnosed 403's p99 over one connection was 1.4-1.7 ms; at 5 ms,
     * 0.6-0.8 ms, for the same CPU).
     */
    private static final long DRAIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Duration DOZE_AFTER = Duration.ofMillis(200);
    /** Dozing still wakes this often, for reporters with periodic work (the HAR file). */
    private static final Duration DOZE = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(ReportQueue.class);

    private final List<Reporter> reporters;
    private final BlockingQueue<ExchangeRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicBoolean dozing = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong queuedBodyBytes = new AtomicLong();
    private final Thread thread;
    private final long dozeAfterNanos;
    private final long dozeNanos;
    private volatile boolean closing;
    private long droppedLogged;
    private long droppedLoggedAt;

    public ReportQueue(List<? extends Reporter> reporters) {
        this(reporters, DOZE_AFTER, DOZE);
    }

    ReportQueue(List<? extends Reporter> reporters, Duration dozeAfter, Duration doze) {
        this.reporters = List.copyOf(reporters);
        this.dozeAfterNanos = dozeAfter.toNanos();
        this.dozeNanos = doze.toNanos();
        this.thread = new Thread(this::run, "graphlens-report");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void completed(ExchangeRecord record) {
        int body = record.inspectedBody().length;
        if (body > 0 && queuedBodyBytes.addAndGet(body) > BODY_BUDGET_BYTES) {
            queuedBodyBytes.addAndGet(-body);
            record = record.withoutBody();
            body = 0;
        }
        if (!queue.offer(record)) {
            queuedBodyBytes.addAndGet(-body);
            dropped.incrementAndGet();
            return;
        }
        if (dozing.get() && dozing.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /** Exchanges left unreported because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        List<ExchangeRecord> batch = new ArrayList<>(MAX_BATCH);
        long lastWork = System.nanoTime();
        while (!closing || !queue.isEmpty()) {
            if (queue.drainTo(batch, MAX_BATCH) > 0) {
                deliver(batch);
                batch.clear();
                lastWork = System.nanoTime();
            }
            flushAll();
            logDrops();
            if (!queue.isEmpty() || closing) {
                continue;
            }
            if (System.nanoTime() - lastWork < dozeAfterNanos) {
                LockSupport.parkNanos(this, DRAIN_INTERVAL_NANOS);
            } else {
                doze();
            }
        }
        logDrops();
        reporters.forEach(this::closeQuietly);
    }

    /** Parks until the next exchange (which unparks) or the periodic wake-up. */
    private void doze() {
        dozing.set(true);
        // Re-checked after announcing the doze, so a record added just before is not left waiting.
        if (queue.isEmpty() && !closing) {
            LockSupport.parkNanos(this, dozeNanos);
        }
        dozing.set(false);
    }

    private void deliver(List<ExchangeRecord> batch) {
        for (ExchangeRecord record : batch) {
            queuedBodyBytes.addAndGet(-record.inspectedBody().length);
            for (Reporter reporter : reporters) {
                try {
                    reporter.completed(record);
                } catch (RuntimeException e) {
                    // One reporter's bug must not cost the others their record.
                    log.warn("{} failed on {} {}: {}", reporter.getClass().getSimpleName(), record.request().method(),
                            Redaction.url(record.request().url()), e.toString());
                }
            }
        }
    }

    private void flushAll() {
        for (Reporter reporter : reporters) {
            try {
                reporter.flush();
            } catch (RuntimeException e) {
                log.warn("{} could not flush: {}", reporter.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** At most once a second, so an overload does not also flood the console. */
    private void logDrops() {
        long count = dropped.get();
        long now = System.nanoTime();
        if (count != droppedLogged && (droppedLoggedAt == 0 || now - droppedLoggedAt >= TimeUnit.SECONDS.toNanos(1) || closing)) {
            log.warn("{} exchanges were not reported: the reporters fell {} exchanges behind the traffic",
                    count - droppedLogged, CAPACITY);
            droppedLogged = count;
            droppedLoggedAt = now;
        }
    }

    private void closeQuietly(Reporter reporter) {
        try {
            reporter.close();
        } catch (RuntimeException e) {
            log.warn("{} could not close: {}", reporter.getClass().getSimpleName(), e.toString());
        }
    }

    /** Reports everything queued, then closes every reporter. */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("reporting did not finish within 10 s; some exchanges may be missing from the logs");
        }
    }
}
