package dev.graphlens.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.graphlens.exchange.Alternative;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.token.TokenDecoder;
import dev.graphlens.token.TokenFacts;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-lines logs of exchanges: the contract's log (one object per diagnosed exchange), the calls
 * log (every exchange, for "graphlens report"), or both, which share each line's serialisation (a
 * diagnosed exchange goes to both). Lines hold decoded non-secret claims only. Lines are buffered
 * and written by {@link #flush()}: behind a {@link ReportQueue}, one write per batch of exchanges
 * rather than one per line.
 */
public final class JsonLinesLog implements Reporter {
    private static final Logger log = LoggerFactory.getLogger(JsonLinesLog.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final int BUFFER_BYTES = 64 * 1024;

    private final List<Sink> sinks;
    private final boolean anyEveryExchange;
    /** One line at a time, as UTF-8, reused: a line that fails half-way is dropped whole, never written torn. */
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(2048);
    private final IsoInstants times = new IsoInstants();

    /** The contract's log: diagnosed exchanges only. */
    public JsonLinesLog(Path file) throws IOException {
        this(file, false);
    }

    /** @param everyExchange true for the calls log, which also records exchanges without a diagnosis */
    public JsonLinesLog(Path file, boolean everyExchange) throws IOException {
        this(List.of(new Sink(file, everyExchange)));
    }

    /** The contract's log and the calls log: a diagnosed exchange's line is serialised once for both. */
    public JsonLinesLog(Path contractLog, Path callsLog) throws IOException {
        this(List.of(new Sink(contractLog, false), new Sink(callsLog, true)));
    }

    private JsonLinesLog(List<Sink> sinks) {
        this.sinks = sinks;
        this.anyEveryExchange = sinks.stream().anyMatch(s -> s.everyExchange);
    }

    @Override
    public void completed(ExchangeRecord record) {
        boolean diagnosed = record.verdict().isPresent();
        if (!diagnosed && !anyEveryExchange) {
            return;
        }
        line.reset();
        try (JsonGenerator g = JSON.getFactory().createGenerator(line)) {
            write(g, record);
        } catch (IOException e) {
            log.warn("cannot log {} {}: {}", record.request().method(), Redaction.url(record.request().url()), e.toString());
            return;
        }
        line.write('\n');
        for (Sink sink : sinks) {
            if (diagnosed || sink.everyExchange) {
                sink.write(line);
            }
        }
    }

    /**
     * The claims of the last undiagnosed line's token, serialised: an app sends the same token for an
     * hour, which the decoder's cache hands back as the same instance, so most lines reuse the text.
     */
    private TokenFacts lastToken;
    private SerializedString lastTokenJson;

    private SerializedString tokenJson(TokenFacts token) throws IOException {
        if (token != lastToken) {
            lastTokenJson = new SerializedString(JSON.writeValueAsString(token.safeClaims()));
            lastToken = token;
        }
        return lastTokenJson;
    }

    /** The alternatives field: a list of {code, tell}, empty when none. */
    static void writeAlternatives(JsonGenerator g, List<Alternative> alternatives) throws IOException {
        g.writeArrayFieldStart("alternatives");
        for (Alternative a : alternatives) {
            g.writeStartObject();
            g.writeStringField("code", a.code().name());
            g.writeStringField("tell", a.tell());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Streams the line: no JSON tree, no intermediate string. */
    private void write(JsonGenerator g, ExchangeRecord record) throws IOException {
        Verdict v = record.verdict().orElse(null);
        g.writeStartObject();
        g.writeFieldName("time");
        g.writeString(times.chars(), 0, times.format(record.started()));
        g.writeStringField("method", record.request().method());
        g.writeStringField("url", Redaction.url(record.request().url()));
        g.writeNumberField("status", record.status());
        if (v == null) {
            g.writeFieldName("token");
            g.writeRawValue(tokenJson(TokenDecoder.decode(record.request().headers().first("Authorization").orElse(null))));
            g.writeStringField("requestId", record.responseHeaders().first("request-id").orElse(null));
            g.writeNumberField("durationMs", record.durationMillis());
            g.writeEndObject();
            return;
        }
        g.writeStringField("code", v.code().name());
        g.writeStringField("summary", v.summary());
        g.writeStringField("fix", v.fix());
        g.writeStringField("docs", v.docs());
        g.writeStringField("confidence", v.confidence().label());
        writeAlternatives(g, v.alternatives());
        g.writeStringField("requestId", record.responseHeaders().first("request-id").orElse(null));
        g.writeStringField("clientRequestId", record.responseHeaders().first("client-request-id")
                .or(() -> record.request().headers().first("client-request-id")).orElse(null));
        g.writeNumberField("durationMs", record.durationMillis());
        g.writeBooleanField("producedByProxy", record.producedByProxy());
        g.writeFieldName("token");
        writeValue(g, v.details().get("token"));
        g.writeObjectFieldStart("evidence");
        for (Map.Entry<String, Object> e : v.details().entrySet()) {
            if (!e.getKey().equals("token")) {
                g.writeFieldName(e.getKey());
                writeValue(g, e.getValue());
            }
        }
        g.writeEndObject();
        if (!v.parts().isEmpty()) {
            g.writeArrayFieldStart("parts");
            for (Verdict part : v.parts()) {
                g.writeStartObject();
                g.writeStringField("code", part.code().name());
                g.writeStringField("summary", part.summary());
                g.writeStringField("fix", part.fix());
                g.writeStringField("docs", part.docs());
                for (Map.Entry<String, Object> e : part.details().entrySet()) {
                    g.writeFieldName(e.getKey());
                    writeValue(g, e.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * Claims and evidence are strings, numbers, booleans, lists and maps: written with the generator
     * directly, which costs a fraction of a data-binding call per value; anything else is bound.
     */
    static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else {
            JSON.writeValue(g, value);
        }
    }

    @Override
    public void flush() {
        sinks.forEach(Sink::flush);
    }

    /** Writes what is pending, then closes the files. */
    @Override
    public void close() {
        sinks.forEach(Sink::close);
    }

    /** One file and which exchanges it takes; warns once about a failing file, not on every line. */
    private static final class Sink {
        private final Path file;
        private final boolean everyExchange;
        private final OutputStream writer;
        private boolean failed;

        Sink(Path file, boolean everyExchange) throws IOException {
            this.file = file;
            this.everyExchange = everyExchange;
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.writer = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), BUFFER_BYTES);
        }

        void write(ByteArrayOutputStream line) {
            try {
                line.writeTo(writer);
            } catch (IOException e) {
                warnOnce(e);
            }
        }

        void flush() {
            try {
                writer.flush();
            } catch (IOException e) {
                warnOnce(e);
            }
        }

        void close() {
            try {
                writer.close();
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
    }
}
