package dev.graphlens.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.token.TokenDecoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed exchanges (or all) as HAR 1.2, to open in browser dev tools, with the diagnosis in
 * {@code _graphlens}. Redacted: the Authorization value becomes its decoded non-secret claims,
 * cookies and credential query values are removed, token-endpoint bodies are never written.
 * The file holds the latest entries and is rewritten by {@link #flush()} at most once a second;
 * each entry is serialised once, when it arrives, and kept as bytes until it drops out.
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
    private static final Pattern TOKEN_PATH = Pattern.compile("/oauth2/(v2\\.0/)?(token|devicecode)$");
    private static final Set<String> SECRET_HEADERS = Set.of("cookie", "set-cookie", "proxy-authorization", "x-ms-client-secret");

    private final Path file;
    private final boolean everyExchange;
    private final Deque<byte[]> entries = new ArrayDeque<>();
    private long entryBytes;
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
        byte[] entry;
        try {
            entry = JSON.writeValueAsBytes(entry(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.addLast(entry);
        entryBytes += entry.length;
        while (entries.size() > MAX_ENTRIES || entryBytes > MAX_BYTES && entries.size() > 1) {
            entryBytes -= entries.removeFirst().length;
        }
        dirty = true;
    }

    static ObjectNode entry(ExchangeRecord r) {
        ObjectNode e = JSON.createObjectNode();
        e.put("startedDateTime", r.started().toString());
        e.put("time", r.durationMillis());
        String url = Redaction.url(r.request().url());
        ObjectNode request = e.putObject("request");
        request.put("method", r.request().method());
        request.put("url", url);
        request.put("httpVersion", "HTTP/1.1");
        request.putArray("cookies");
        headers(request.putArray("headers"), r.request().headers());
        ArrayNode query = request.putArray("queryString");
        String rawQuery = URI.create(url.replace(" ", "%20")).getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                ObjectNode q = query.addObject();
                q.put("name", eq < 0 ? pair : pair.substring(0, eq));
                q.put("value", eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        request.put("headersSize", -1);
        request.put("bodySize", -1);
        ObjectNode response = e.putObject("response");
        response.put("status", r.status());
        response.put("statusText", "");
        response.put("httpVersion", "HTTP/1.1");
        response.putArray("cookies");
        headers(response.putArray("headers"), r.responseHeaders());
        ObjectNode content = response.putObject("content");
        content.put("size", r.inspectedBody().length);
        content.put("mimeType", r.responseHeaders().first("Content-Type").orElse("application/octet-stream"));
        if (isTokenEndpoint(r)) {
            content.put("comment", "token endpoint bodies are never recorded");
        } else if (r.inspectedBody().length > 0) {
            boolean encoded = r.responseHeaders().first("Content-Encoding").filter(c -> !c.equalsIgnoreCase("identity")).isPresent();
            if (encoded) {
                content.put("encoding", "base64");
                content.put("text", Base64.getEncoder().encodeToString(r.inspectedBody()));
            } else {
                String text = new String(r.inspectedBody(), StandardCharsets.UTF_8);
                content.put("text", Redaction.text(text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) : text));
            }
        }
        response.put("redirectURL", "");
        response.put("headersSize", -1);
        response.put("bodySize", r.inspectedBody().length == 0 ? -1 : r.inspectedBody().length);
        e.putObject("cache");
        ObjectNode timings = e.putObject("timings");
        timings.put("send", 0);
        timings.put("wait", r.durationMillis());
        timings.put("receive", 0);
        r.verdict().ifPresent(v -> {
            ObjectNode g = e.putObject("_graphlens");
            g.put("code", v.code().name());
            g.put("summary", v.summary());
            g.put("fix", v.fix());
            g.put("docs", v.docs());
            g.put("header", v.headerValue());
            g.put("producedByProxy", r.producedByProxy());
            Object token = v.details().get("token");
            if (token != null) {
                g.set("token", JSON.valueToTree(token));
            }
            ArrayNode parts = g.putArray("parts");
            for (Verdict part : v.parts()) {
                parts.addObject().put("code", part.code().name()).put("summary", part.summary());
            }
        });
        return e;
    }

    private static void headers(ArrayNode out, Headers headers) {
        for (Map.Entry<String, String> h : headers.entries()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (SECRET_HEADERS.contains(name)) {
                continue;
            }
            String value = name.equals("authorization") ? describeToken(h.getValue()) : Redaction.text(h.getValue());
            out.addObject().put("name", h.getKey()).put("value", value);
        }
    }

    /** "Bearer (redacted) aud=... scp=..." from the decoded claims; never the token. */
    private static String describeToken(String authorization) {
        StringBuilder sb = new StringBuilder("(redacted by GraphLens)");
        TokenDecoder.decode(authorization).safeClaims().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    private static boolean isTokenEndpoint(ExchangeRecord r) {
        return TOKEN_PATH.matcher(r.request().path().toLowerCase(Locale.ROOT)).find();
    }

    /** Rewrites the file if entries arrived and the last rewrite is a second old. */
    @Override
    public void flush() {
        if (dirty && System.nanoTime() - writtenAt >= REWRITE_INTERVAL_NANOS) {
            write();
        }
    }

    /** Whole and valid at every moment: written beside the file, then moved over it. */
    private void write() {
        dirty = false;
        writtenAt = System.nanoTime();
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                out.write(HEAD);
                boolean first = true;
                for (byte[] entry : entries) {
                    if (!first) {
                        out.write(SEPARATOR);
                    }
                    out.write(entry);
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
        }
    }

    @Override
    public void close() {
        if (dirty) {
            write();
        }
    }
}
