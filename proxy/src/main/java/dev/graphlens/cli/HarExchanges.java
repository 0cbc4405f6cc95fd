package dev.graphlens.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.exchange.Confidence;
import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.report.HarLog;
import dev.graphlens.token.TokenDecoder;
import dev.graphlens.token.TokenFacts;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The exchanges of a HAR 1.2 file (browser dev tools, Fiddler, mitmproxy, GraphLens), as the
 * diagnosis engine sees live ones. A HAR holds bodies already decoded, so Content-Encoding is
 * dropped; HTTP/2 pseudo-headers (":authority") are not headers here.
 */
final class HarExchanges {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One recorded exchange; {@code index} counts from 1 in the file's order. {@code recorded}: the
     * verdict GraphLens gave when it recorded the exchange. Its HAR keeps neither tokens nor
     * token-endpoint bodies, so that verdict is the one to show. {@code tokenRedacted}: the token
     * was kept as claims only, so there is nothing to judge again.
     */
    record Exchange(int index, String url, RequestFacts request, ResponseFacts response, boolean tokenRedacted,
                    Optional<Verdict> recorded) {
    }

    /** A token value HAR sanitizers put in place of the real one: [REDACTED], <removed>, ****, xxxx... */
    private static final Pattern SANITIZED = Pattern.compile(
            "(?i)(bearer\\s+)?[\\[<({\"']*\\s*(redacted|sanitized|removed|hidden|masked|omitted|filtered|x{3,}|\\*{3,})\\s*[\\]>)}\"']*");

    private HarExchanges() {
    }

    /**
     * The request's token as the HAR holds it. Chrome and Edge export HARs without Authorization
     * headers unless told otherwise, and HAR sanitizers replace its value with a marker: either way
     * the token is unseen, which says nothing about what the app sent.
     */
    static TokenFacts token(RequestFacts request) {
        return request.headers().first("Authorization")
                .filter(value -> !SANITIZED.matcher(value.trim()).matches())
                .map(TokenDecoder::decode)
                .orElseGet(TokenFacts::unseen);
    }

    /**
     * Hands each entry of the HAR to {@code sink} in file order and returns how many entries it
     * holds. Reads entry by entry: a browser's HAR of a long session can be far larger than the heap.
     */
    static int forEach(Path har, Consumer<Exchange> sink) throws IOException {
        try (JsonParser p = JSON.createParser(Files.newInputStream(har))) {
            if (p.nextToken() != JsonToken.START_OBJECT || !toField(p, "log") || p.nextToken() != JsonToken.START_OBJECT
                    || !toField(p, "entries") || p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException(har + " is not a HAR file (no log.entries)");
            }
            int index = 0;
            // A file cut short inside the array is Jackson's JsonEOFException, reported below.
            for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
                index++;
                if (t == JsonToken.START_OBJECT) {
                    exchange(index, p.readValueAsTree()).ifPresent(sink);
                } else {
                    p.skipChildren();
                }
            }
            return index;
        } catch (JsonProcessingException e) {
            throw new IOException(har + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Moves {@code p}, inside an object, to the field {@code name}, skipping the fields before it. */
    private static boolean toField(JsonParser p, String name) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (name.equals(p.currentName())) {
                return true;
            }
            p.nextToken();
            p.skipChildren();
        }
        return false;
    }

    private static Optional<Exchange> exchange(int index, JsonNode e) {
        JsonNode req = e.path("request");
        URI uri;
        try {
            uri = URI.create(req.path("url").asText(""));
        } catch (IllegalArgumentException bad) {
            return Optional.empty();
        }
        if (uri.getHost() == null) {
            return Optional.empty();
        }
        byte[] requestBody = req.path("postData").path("text").asText("").getBytes(StandardCharsets.UTF_8);
        RequestFacts request = RequestFacts.of(req.path("method").asText("GET"), uri, headers(req.path("headers"), false), requestBody);
        JsonNode res = e.path("response");
        JsonNode content = res.path("content");
        String text = content.path("text").asText("");
        byte[] body = "base64".equalsIgnoreCase(content.path("encoding").asText(""))
                ? decodeOrEmpty(text) : text.getBytes(StandardCharsets.UTF_8);
        boolean redacted = request.headers().first("Authorization").map(a -> a.startsWith(HarLog.REDACTED_TOKEN)).orElse(false);
        Headers responseHeaders = headers(res.path("headers"), true);
        return Optional.of(new Exchange(index, req.path("url").asText(), request,
                new ResponseFacts(res.path("status").asInt(0), responseHeaders, body, false), redacted,
                recorded(e.path("_graphlens"), redacted ? responseHeaders : Headers.EMPTY)));
    }

    /** GraphLens's verdict at recording: its HAR's _graphlens field, else (a redacted token) the X-Graph-Diagnosis it injected. */
    private static Optional<Verdict> recorded(JsonNode graphlens, Headers response) {
        Optional<Verdict> v = graphlens.has("code")
                ? DiagnosisCode.named(graphlens.path("code").asText()).map(c -> new Verdict(c, graphlens.path("summary").asText(""),
                        graphlens.path("fix").asText(null), graphlens.path("docs").asText(null), Map.of(), List.of(),
                        Confidence.named(graphlens.path("confidence").asText(null)).orElse(Confidence.LIKELY)))
                : response.first(Verdict.HEADER).flatMap(h -> Verdict.fromHeader(h, response.first(Verdict.DOCS_HEADER).orElse(null),
                        response.first(Verdict.CONFIDENCE_HEADER).orElse(null)));
        return v.map(r -> new Verdict(r.code(), "(as GraphLens diagnosed it when recording) " + r.summary(), r.fix(), r.docs(),
                Map.of(), List.of(), r.confidence()));
    }

    private static Headers headers(JsonNode list, boolean response) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (JsonNode h : list) {
            String name = h.path("name").asText("");
            if (name.isEmpty() || name.startsWith(":") || (response && name.equalsIgnoreCase("Content-Encoding"))) {
                continue;
            }
            out.add(Map.entry(name, h.path("value").asText("")));
        }
        return Headers.of(out);
    }

    private static byte[] decodeOrEmpty(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
