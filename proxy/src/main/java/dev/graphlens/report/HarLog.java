package dev.graphlens.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.token.TokenDecoder;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed exchanges (or all) as HAR 1.2, to open in browser dev tools, with the diagnosis in
 * {@code _graphlens}. Redacted: the Authorization value becomes its decoded non-secret claims,
 * cookies and credential query values are removed, token-endpoint bodies are never written.
 * The file holds the latest entries and is rewritten by {@link #flush()} at most once a second.
 * A rewrite serialises the entries new since the last one into a buffer it reuses, and keeps its
 * own copy of an entry only when the next rewrite will likely show it again: under heavy failure
 * traffic most exchanges drop out of the window before any rewrite and cost nothing, and the rest
 * are gone before the next, so none is copied.
 */
public final class HarLog implements Reporter {
    static final int MAX_ENTRIES = 2000;
    /** The file, and the entries kept for it, stay under this size whatever the bodies weigh. */
    static final long MAX_BYTES = 32L * 1024 * 1024;
    static final int MAX_BODY_CHARS = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(HarLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REWRITE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] HEAD = ("{\"log\": {\n  \"version\": \"1.2\",\n"
            + "  \"creator\": {\"name\": \"GraphLens\", \"version\": \"0.1.0\"},\n  \"entries\": [\n")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] SEPARATOR = ",\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAIL = "\n]}}\n".getBytes(StandardCharsets.UTF_8);
    private static final String[] SECRET_HEADERS = {"cookie", "set-cookie", "proxy-authorization", "x-ms-client-secret"};
    /** Headers holding a URL: a sign-in redirect's Location carries the authorization code or tokens. */
    private static final String[] URL_HEADERS = {"location", "content-location", "referer"};

    private final Path file;
    private final boolean everyExchange;
    private final Serialiser serialiser = new Serialiser();
    private final Deque<Entry> entries = new ArrayDeque<>();
    /** The entries serialised by the current rewrite, back to back. */
    private Batch batch = new Batch();
    /** What the kept entries count against {@link #MAX_BYTES}: see {@link Entry#size}. */
    private long entryBytes;
    /** Entries added since the last rewrite, and in the interval before it. */
    private int arrivals;
    private int arrivalsBefore;
    /** Entries serialised, and entries copied out of the batch to be kept, so far; for tests. */
    long serialised;
    long kept;
    private boolean dirty;
    private long writtenAt;

    public HarLog(Path file, boolean everyExchange) throws IOException {
        this.file = file;
        this.everyExchange = everyExchange;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        writtenAt = System.nanoTime() - REWRITE_INTERVAL_NANOS;
    }

    @Override
    public void completed(ExchangeRecord record) {
        if (record.verdict().isEmpty() && !everyExchange) {
            return;
        }
        Entry entry = new Entry(record);
        entries.addLast(entry);
        entryBytes += entry.size;
        arrivals++;
        trim();
        dirty = true;
    }

    private void trim() {
        while (entries.size() > MAX_ENTRIES || entryBytes > MAX_BYTES && entries.size() > 1) {
            entryBytes -= entries.removeFirst().size;
        }
    }

    /** Serialises the entries no rewrite has kept into the batch; then the window is trimmed to the real sizes. */
    private void serialisePending() {
        for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.bytes != null) {
                continue;
            }
            int from = batch.size();
            try {
                serialiser.write(e.record, batch);
                serialised++;
            } catch (IOException | RuntimeException failure) {
                log.warn("cannot record {} {} in the HAR file: {}", e.record.request().method(),
                        Redaction.url(e.record.request().url()), failure.toString());
                batch.truncate(from);
                entryBytes -= e.size;
                it.remove();
                continue;
            }
            e.from = from;
            entryBytes += batch.size() - from - e.size;
            e.size = batch.size() - from;
        }
        trim();
    }

    /**
     * After a rewrite: copies out of the batch the entries that will still be in the window at the
     * next one, if arrivals go on as in the last interval; the others keep their record, to be
     * serialised again only if that guess was wrong.
     */
    private void keepSurvivors() {
        int newer = entries.size();
        for (Entry e : entries) {
            newer--;
            if (e.bytes == null && newer + arrivalsBefore < MAX_ENTRIES) {
                e.bytes = Arrays.copyOfRange(batch.buffer(), e.from, e.from + (int) e.size);
                e.record = null;
                kept++;
            }
        }
        batch = batch.reused();
    }

    /** One HAR entry, streamed to bytes (no JSON tree). */
    static byte[] entry(ExchangeRecord r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Serialiser().write(r, out);
        return out.toByteArray();
    }

    /**
     * Streams entries to bytes for one thread, reusing its buffer, its time text and the last
     * token's description: a rewrite under heavy failure traffic serialises thousands of entries,
     * and each then cost a growing buffer, a copy of it, and the claims described again.
     */
    private static final class Serialiser {
        private final IsoInstants times = new IsoInstants();
        private String lastAuthorization;
        private String lastDescription;

        void write(ExchangeRecord r, OutputStream out) throws IOException {
            try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
                write(g, r);
            }
        }

        /** "(redacted by GraphLens) aud=... scp=..." from the decoded claims; never the token. */
        String describeToken(String authorization) {
            if (!authorization.equals(lastAuthorization)) {
                StringBuilder sb = new StringBuilder(REDACTED_TOKEN);
                TokenDecoder.decode(authorization).safeClaims().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
                lastDescription = sb.toString();
                lastAuthorization = authorization;
            }
            return lastDescription;
        }

        private void write(JsonGenerator g, ExchangeRecord r) throws IOException {
            g.writeStartObject();
            g.writeFieldName("startedDateTime");
            g.writeString(times.chars(), 0, times.format(r.started()));
            g.writeNumberField("time", r.durationMillis());
            String url = Redaction.url(r.request().url());
            g.writeObjectFieldStart("request");
            g.writeStringField("method", r.request().method());
            g.writeStringField("url", url);
            g.writeStringField("httpVersion", "HTTP/1.1");
            g.writeArrayFieldStart("cookies");
            g.writeEndArray();
            headers(g, r.request().headers());
            g.writeArrayFieldStart("queryString");
            int q = url.indexOf('?');
            String rawQuery = q < 0 ? null : url.substring(q + 1);
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    g.writeStartObject();
                    g.writeStringField("name", eq < 0 ? pair : pair.substring(0, eq));
                    g.writeStringField("value", eq < 0 ? "" : pair.substring(eq + 1));
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeNumberField("headersSize", -1);
            g.writeNumberField("bodySize", -1);
            g.writeEndObject();
            g.writeObjectFieldStart("response");
            g.writeNumberField("status", r.status());
            g.writeStringField("statusText", "");
            g.writeStringField("httpVersion", "HTTP/1.1");
            g.writeArrayFieldStart("cookies");
            g.writeEndArray();
            headers(g, r.responseHeaders());
            content(g, r);
            g.writeStringField("redirectURL", "");
            g.writeNumberField("headersSize", -1);
            g.writeNumberField("bodySize", r.inspectedBody().length == 0 ? -1 : r.inspectedBody().length);
            g.writeEndObject();
            g.writeObjectFieldStart("cache");
            g.writeEndObject();
            g.writeObjectFieldStart("timings");
            g.writeNumberField("send", 0);
            g.writeNumberField("wait", r.durationMillis());
            g.writeNumberField("receive", 0);
            g.writeEndObject();
            if (r.verdict().isPresent()) {
                diagnosis(g, r.verdict().get(), r.producedByProxy());
            }
            g.writeEndObject();
        }

        private void headers(JsonGenerator g, Headers headers) throws IOException {
            g.writeArrayFieldStart("headers");
            for (int i = 0; i < headers.size(); i++) {
                String name = headers.name(i);
                if (isOneOf(name, SECRET_HEADERS)) {
                    continue;
                }
                String value = headers.value(i);
                g.writeStartObject();
                g.writeStringField("name", name);
                g.writeStringField("value", name.equalsIgnoreCase("authorization") ? describeToken(value)
                        : isOneOf(name, URL_HEADERS) ? Redaction.url(value) : Redaction.text(value));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
    }

    private static boolean isOneOf(String name, String[] names) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static void content(JsonGenerator g, ExchangeRecord r) throws IOException {
        g.writeObjectFieldStart("content");
        g.writeNumberField("size", r.inspectedBody().length);
        g.writeStringField("mimeType", r.responseHeaders().first("Content-Type").orElse("application/octet-stream"));
        if (r.request().toTokenEndpoint()) {
            g.writeStringField("comment", "token endpoint bodies are never recorded");
        } else if (r.request().toSignInPage()) {
            // Sign-in pages carry session state, and a form_post page the app's code and tokens.
            g.writeStringField("comment", "sign-in page bodies are never recorded");
        } else if (r.inspectedBody().length > 0) {
            boolean encoded = r.responseHeaders().first("Content-Encoding").filter(c -> !c.equalsIgnoreCase("identity")).isPresent();
            if (encoded) {
                g.writeStringField("encoding", "base64");
                g.writeStringField("text", Base64.getEncoder().encodeToString(r.inspectedBody()));
            } else {
                String text = new String(r.inspectedBody(), StandardCharsets.UTF_8);
                g.writeStringField("text", Redaction.text(text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) : text));
            }
        }
        g.writeEndObject();
    }

    private static void diagnosis(JsonGenerator g, Verdict v, boolean producedByProxy) throws IOException {
        g.writeObjectFieldStart("_graphlens");
        g.writeStringField("code", v.code().name());
        g.writeStringField("summary", v.summary());
        g.writeStringField("fix", v.fix());
        g.writeStringField("docs", v.docs());
        g.writeStringField("header", v.headerValue());
        g.writeStringField("confidence", v.confidence().label());
        JsonLinesLog.writeAlternatives(g, v.alternatives());
        g.writeBooleanField("producedByProxy", producedByProxy);
        Object token = v.details().get("token");
        if (token != null) {
            g.writeFieldName("token");
            JsonLinesLog.writeValue(g, token);
        }
        g.writeArrayFieldStart("parts");
        for (Verdict part : v.parts()) {
            g.writeStartObject();
            g.writeStringField("code", part.code().name());
            g.writeStringField("summary", part.summary());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** What an Authorization value in GraphLens's HAR starts with: the token itself is never written. */
    public static final String REDACTED_TOKEN = "(redacted by GraphLens)";

    /** Rewrites the file if entries arrived and the last rewrite is a second old. */
    @Override
    public void flush() {
        if (dirty && System.nanoTime() - writtenAt >= REWRITE_INTERVAL_NANOS) {
            write();
        }
    }

    /** Whole and valid at every moment: written beside the file, then moved over it. */
    private void write() {
        arrivalsBefore = arrivals;
        arrivals = 0;
        serialisePending();
        dirty = false;
        writtenAt = System.nanoTime();
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                out.write(HEAD);
                boolean first = true;
                for (Entry entry : entries) {
                    if (!first) {
                        out.write(SEPARATOR);
                    }
                    if (entry.bytes != null) {
                        out.write(entry.bytes);
                    } else {
                        out.write(batch.buffer(), entry.from, (int) entry.size);
                    }
                    first = false;
                }
                out.write(TAIL);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("cannot write {}: {}", file, e.getMessage());
        } finally {
            keepSurvivors();
        }
    }

    /** A growable buffer whose bytes are read in place, without the copy {@code toByteArray()} makes. */
    private static final class Batch extends ByteArrayOutputStream {
        Batch() {
            super(64 * 1024);
        }

        byte[] buffer() {
            return buf;
        }

        void truncate(int size) {
            count = size;
        }

        /** This buffer emptied for the next rewrite, or a small one when the last used under a quarter of it. */
        Batch reused() {
            if (buf.length > 1024 * 1024 && count < buf.length / 4) {
                return new Batch();
            }
            reset();
            return this;
        }
    }

    /** One exchange in the window: its record until a rewrite keeps its bytes; during a rewrite, its place in the batch. */
    private static final class Entry {
        ExchangeRecord record;
        byte[] bytes;
        int from;
        /** The serialised length; until known, the held body's, which dominates any large entry. */
        long size;

        Entry(ExchangeRecord record) {
            this.record = record;
            this.size = record.inspectedBody().length;
        }
    }

    @Override
    public void close() {
        if (dirty) {
            write();
        }
    }
}
