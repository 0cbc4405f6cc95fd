package dev.graphlens.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.token.TokenDecoder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-lines log of exchanges: the contract's log (one object per diagnosed exchange), or the
 * calls log (every exchange, for "graphlens report"). Lines hold decoded non-secret claims only.
 * Lines are buffered and written by {@link #flush()}: behind a {@link ReportQueue}, one write per
 * batch of exchanges rather than one per line.
 */
public final class JsonLinesLog implements Reporter {
    private static final Logger log = LoggerFactory.getLogger(JsonLinesLog.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final int BUFFER_CHARS = 64 * 1024;

    private final Path file;
    private final boolean everyExchange;
    private final BufferedWriter writer;
    private boolean failed;

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
        this.writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), StandardCharsets.UTF_8), BUFFER_CHARS);
    }

    @Override
    public void completed(ExchangeRecord record) {
        if (record.verdict().isEmpty() && !everyExchange) {
            return;
        }
        try {
            writer.write(toJson(record).toString());
            writer.newLine();
        } catch (IOException e) {
            warnOnce(e);
        }
    }

    @Override
    public void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            warnOnce(e);
        }
    }

    /** A full disk would otherwise warn on every exchange. */
    private void warnOnce(IOException e) {
        if (!failed) {
            failed = true;
            log.warn("cannot write {}: {}", file, e.getMessage());
        }
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
        try {
            writer.close();
        } catch (IOException e) {
            warnOnce(e);
        }
    }
}
