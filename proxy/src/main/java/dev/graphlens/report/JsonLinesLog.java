package dev.graphlens.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlens.exchange.ExchangeListener;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.token.TokenDecoder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-lines log of exchanges: the contract's log (one object per diagnosed exchange), or the
 * calls log (every exchange, for "graphlens report"). Lines hold decoded non-secret claims only.
 * Writes happen on a single background thread, so the event loops never wait on the disk.
 */
public final class JsonLinesLog implements ExchangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JsonLinesLog.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final Path file;
    private final boolean everyExchange;
    private final BufferedWriter writer;
    /** Lines waiting for the writer thread, which writes all it finds and then flushes once. */
    private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final Thread writerThread;
    private volatile boolean closing;

    /** The contract's log: diagnosed exchanges only. */
    public JsonLinesLog(Path file) throws IOException {
        this(file, false);
    }

    /** @param everyExchange true for the calls log, which also records exchanges without a diagnosis */
    public JsonLinesLog(Path file, boolean everyExchange) throws IOException {
        this.file = file;
        this.everyExchange = everyExchange;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        this.writerThread = new Thread(this::writeLoop, "graphlens-log");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** One flush (one write syscall) per batch, not per line: under load many lines share it. */
    private void writeLoop() {
        List<String> batch = new ArrayList<>();
        while (!closing || !pending.isEmpty()) {
            try {
                String first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch);
                for (String line : batch) {
                    writer.write(line);
                    writer.newLine();
                }
                writer.flush();
            } catch (IOException e) {
                log.warn("cannot write {}: {}", file, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    @Override
    public void completed(ExchangeRecord record) {
        if (record.verdict().isEmpty() && !everyExchange) {
            return;
        }
        pending.add(toJson(record).toString());
    }

    static ObjectNode toJson(ExchangeRecord record) {
        Verdict v = record.verdict().orElse(null);
        ObjectNode o = JSON.createObjectNode();
        o.put("time", record.started().toString());
        o.put("method", record.request().method());
        o.put("url", Redaction.url(record.request().url()));
        o.put("status", record.status());
        if (v == null) {
            o.set("token", JSON.valueToTree(TokenDecoder.decode(record.request().headers().first("Authorization").orElse(null))
                    .safeClaims()));
            o.put("requestId", record.responseHeaders().first("request-id").orElse(null));
            o.put("durationMs", record.durationMillis());
            return o;
        }
        o.put("code", v.code().name());
        o.put("summary", v.summary());
        o.put("fix", v.fix());
        o.put("docs", v.docs());
        o.put("requestId", record.responseHeaders().first("request-id").orElse(null));
        o.put("clientRequestId", record.responseHeaders().first("client-request-id")
                .or(() -> record.request().headers().first("client-request-id")).orElse(null));
        o.put("durationMs", record.durationMillis());
        o.put("producedByProxy", record.producedByProxy());
        Object token = v.details().get("token");
        o.set("token", token == null ? null : JSON.valueToTree(token));
        ObjectNode evidence = o.putObject("evidence");
        for (Map.Entry<String, Object> e : v.details().entrySet()) {
            if (!e.getKey().equals("token")) {
                evidence.set(e.getKey(), JSON.valueToTree(e.getValue()));
            }
        }
        if (!v.parts().isEmpty()) {
            var parts = o.putArray("parts");
            for (Verdict part : v.parts()) {
                ObjectNode p = parts.addObject();
                p.put("code", part.code().name());
                p.put("summary", part.summary());
                p.put("fix", part.fix());
                p.put("docs", part.docs());
                part.details().forEach((k, val) -> p.set(k, JSON.valueToTree(val)));
            }
        }
        return o;
    }

    /** Writes what is pending, then closes the file. */
    @Override
    public void close() {
        closing = true;
        try {
            writerThread.join(5000);
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("cannot close {}: {}", file, e.getMessage());
        }
    }
}
