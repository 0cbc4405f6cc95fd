package dev.graphlens.diagnosis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.ResponseFacts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** Reads the evidence out of an error response; never throws on hostile or odd input. */
public final class ErrorParser {
    /** Decompressed bodies are cut here: a gzip bomb inflates to at most this. */
    static final int MAX_DECODED = 1 << 20;
    /**
     * Messages are cut here. Real ones are a few hundred characters; a huge one would make every
     * rule's regex scan it on the event loop and would be copied whole into summaries and logs.
     */
    static final int MAX_MESSAGE = 2000;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build())
            .build());
    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d{4,7})");
    /** Where a sign-in page's $Config data holds the error it shows (a JSON string). */
    private static final String PAGE_ERROR_KEY = "\"strServiceExceptionMessage\"";
    private static final int PAGE_ERROR_MAX = 8192;
    /** A hidden field of the form a form_post response submits to the app; only the error fields. */
    private static final Pattern FORM_ERROR_FIELD = Pattern.compile(
            "(?i)<input\\b[^>]{0,200}?\\bname=\"(error|error_description|error_subcode)\"[^>]{0,200}?\\bvalue=\"([^\"]{0,8192})\"");
    /** An OAuth or OpenID Connect error code printed with its description, as a failed sign-in page shows it. */
    private static final Pattern PRINTED_ERROR = Pattern.compile("(?<![\\w-])(invalid_request|unauthorized_client|access_denied|unsupported_response_type"
            + "|invalid_scope|server_error|temporarily_unavailable|invalid_client|invalid_grant|unsupported_grant_type|consent_required"
            + "|interaction_required|login_required|account_selection_required)\\s*:\\s*([^<\\r\\n]{1,1000})");
    private static final Pattern HTML_ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});");
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("([A-Za-z_]+)\\s*=\\s*\"([^\"]*)\"");

    private ErrorParser() {
    }

    public static ErrorFacts parse(ResponseFacts response) {
        Headers h = response.headers();
        Decoded body = decode(response.body(), h.first("Content-Encoding").orElse(null));
        JsonNode root = tryJson(body);
        String kind = body.kind;
        if (kind.equals("text") && root != null) {
            kind = "json";
        } else if (kind.equals("text") && response.bodyTruncated()) {
            kind = "truncated";
        }
        JsonNode error = root == null ? null : root.get("error");
        String graphCode = null;
        String graphMessage = null;
        String innerCode = null;
        String requestId = h.first("request-id").orElse(null);
        String clientRequestId = h.first("client-request-id").orElse(null);
        String date = null;
        String oauthError = null;
        String oauthDescription = null;
        List<Integer> aadsts = new ArrayList<>();
        if (error != null && error.isObject()) {
            graphCode = text(error, "code");
            graphMessage = bounded(text(error, "message"));
            JsonNode inner = error.has("innerError") ? error.get("innerError") : error.get("innererror");
            if (inner != null) {
                innerCode = text(inner, "code");
                requestId = requestId != null ? requestId : text(inner, "request-id");
                clientRequestId = clientRequestId != null ? clientRequestId : text(inner, "client-request-id");
                date = text(inner, "date");
            }
        } else if (error != null && error.isTextual()) {
            oauthError = error.asText();
            oauthDescription = bounded(text(root, "error_description"));
            for (JsonNode c : root.path("error_codes")) {
                if (c.canConvertToInt()) {
                    aadsts.add(c.asInt());
                }
            }
            requestId = requestId != null ? requestId : text(root, "trace_id");
            clientRequestId = clientRequestId != null ? clientRequestId : text(root, "correlation_id");
        } else if (error == null && root != null && root.isObject()) {
            // A workload's own error object where Graph did not wrap it: {"errorCode": "...", "message": "..."}
            graphMessage = bounded(firstText(root, "message", "Message"));
            graphCode = graphMessage == null ? null : firstText(root, "errorCode", "code", "ErrorCode", "Code");
        }
        String suberror = root == null ? null : text(root, "suberror");
        // A sign-in's error, handed back to the app in its redirect, or shown on (or posted by) a sign-in page.
        Map<String, String> signIn = Map.of();
        if (graphCode == null && oauthError == null) {
            signIn = redirectError(response);
            kind = signIn.isEmpty() ? kind : "redirect";
        }
        if (signIn.isEmpty() && root == null) {
            signIn = pageError(body.text());
            // A failed sign-in page may only print the error ("unauthorized_client: The client does not exist ..."); any
            // non-JSON error body is read for one. A page that succeeded never is, as its script may well name OAuth errors.
            signIn = signIn.isEmpty() && response.status() >= 400 ? printedError(body.text()) : signIn;
            kind = signIn.isEmpty() ? kind : "signin-page";
        }
        if (!signIn.isEmpty()) {
            oauthError = signIn.get("error");
            oauthDescription = bounded(signIn.get("error_description"));
            suberror = signIn.get("error_subcode");
        }
        String message = graphMessage != null ? graphMessage : oauthDescription;
        // Most Graph messages name no AADSTS code: the check spares them a matcher.
        if (aadsts.isEmpty() && message != null && message.contains("AADSTS")) {
            Matcher m = AADSTS.matcher(message);
            while (m.find()) {
                aadsts.add(Integer.parseInt(m.group(1)));
            }
        }
        if (root == null && body.text() != null && aadsts.isEmpty()) {
            Matcher m = AADSTS.matcher(body.text());
            if (m.find()) {
                aadsts.add(Integer.parseInt(m.group(1)));
                message = firstLine(body.text().substring(m.start()));
                oauthDescription = message;
            }
        }
        String challengeError = null;
        String challengeDescription = null;
        String challengeClaims = null;
        for (String challenge : h.all("WWW-Authenticate")) {
            Map<String, String> params = challengeParams(challenge);
            challengeError = params.getOrDefault("error", challengeError);
            challengeDescription = params.containsKey("error_description") ? bounded(params.get("error_description")) : challengeDescription;
            if (params.containsKey("claims")) {
                challengeClaims = decodeClaims(params.get("claims"));
            }
        }
        return new ErrorFacts(kind, graphCode, graphMessage, innerCode, oauthError, oauthDescription, aadsts,
                suberror, root == null ? null : text(root, "claims"),
                challengeError, challengeDescription, challengeClaims, h.first("Retry-After").orElse(null), requestId, clientRequestId,
                date, batchParts(root));
    }

    /**
     * The error a sign-in page shows (error_description, with error and error_subcode where the
     * page has them), empty when it shows none: the error page's $Config data (an AADSTS error in
     * strServiceExceptionMessage), or the form a form_post response submits to the app. Only
     * these fields are read: a successful form's code or tokens never are.
     */
    public static Map<String, String> signInPageError(ResponseFacts response) {
        return pageError(decode(response.body(), response.headers().first("Content-Encoding").orElse(null)).text());
    }

    private static Map<String, String> pageError(String html) {
        if (html == null) {
            return Map.of();
        }
        String shown = configError(html);
        if (shown != null) {
            return Map.of("error_description", shown);
        }
        Map<String, String> form = new LinkedHashMap<>();
        Matcher m = FORM_ERROR_FIELD.matcher(html);
        while (m.find()) {
            form.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), unescapeHtml(m.group(2)));
        }
        return form.containsKey("error") ? form : Map.of();
    }

    private static Map<String, String> printedError(String text) {
        if (text == null) {
            return Map.of();
        }
        Matcher m = PRINTED_ERROR.matcher(text);
        return m.find() ? Map.of("error", m.group(1), "error_description", unescapeHtml(m.group(2).trim())) : Map.of();
    }

    private static String configError(String html) {
        int key = html.indexOf(PAGE_ERROR_KEY);
        if (key < 0) {
            return null;
        }
        int value = key + PAGE_ERROR_KEY.length();
        while (value < html.length() && (html.charAt(value) == ':' || Character.isWhitespace(html.charAt(value)))) {
            value++;
        }
        try (JsonParser parser = JSON.getFactory().createParser(html.substring(value, Math.min(html.length(), value + PAGE_ERROR_MAX)))) {
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            String message = parser.getText();
            return AADSTS.matcher(message).find() ? message : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String unescapeHtml(String value) {
        Matcher m = HTML_ENTITY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String entity = m.group(1);
            String replacement = switch (entity.toLowerCase(Locale.ROOT)) {
                case "amp" -> "&";
                case "quot" -> "\"";
                case "apos" -> "'";
                case "lt" -> "<";
                case "gt" -> ">";
                default -> entity.charAt(0) == '#' ? codePoint(entity) : m.group();
            };
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(out).toString();
    }

    private static String codePoint(String numeric) {
        try {
            int cp = numeric.length() > 1 && (numeric.charAt(1) == 'x' || numeric.charAt(1) == 'X')
                    ? Integer.parseInt(numeric.substring(2), 16) : Integer.parseInt(numeric.substring(1));
            return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : "";
        } catch (NumberFormatException e) {
            return "";
        }
    }

    /**
     * The OAuth error a sign-in redirect carries back to the app, in its Location's query or fragment
     * (error, error_description, error_subcode); empty when the response is no such redirect. Only
     * these parameters are kept: a successful redirect's code or tokens are never read.
     */
    public static Map<String, String> redirectError(ResponseFacts response) {
        String location = response.status() >= 300 && response.status() < 400
                ? response.headers().first("Location").orElse(null) : null;
        int start = location == null ? -1 : indexOfAny(location, '?', '#');
        if (start < 0 || !location.contains("error=")) {
            return Map.of();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : location.substring(start + 1).split("[&#?]")) {
            int eq = pair.indexOf('=');
            String name = eq > 0 ? pair.substring(0, eq) : "";
            if (name.equals("error") || name.equals("error_description") || name.equals("error_subcode")) {
                params.put(name, urlDecoded(pair.substring(eq + 1)));
            }
        }
        return params.containsKey("error") ? params : Map.of();
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    private static String urlDecoded(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    /** The sub-responses of a $batch body, if {@code root} is one. */
    private static List<ErrorFacts.BatchPart> batchParts(JsonNode root) {
        if (root == null || !root.path("responses").isArray()) {
            return List.of();
        }
        List<ErrorFacts.BatchPart> parts = new ArrayList<>();
        for (JsonNode r : root.get("responses")) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("headers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                headers.put(e.getKey(), e.getValue().asText());
            }
            JsonNode b = r.get("body");
            byte[] body = b == null || b.isNull() ? new byte[0]
                    : (b.isTextual() ? b.asText() : b.toString()).getBytes(StandardCharsets.UTF_8);
            parts.add(new ErrorFacts.BatchPart(r.path("id").asText(), r.path("status").asInt(0), null, null, headers, body));
        }
        return parts;
    }

    static Map<String, String> challengeParams(String challenge) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        return params;
    }

    /** Claims challenges carry base64 JSON; show it decoded, or as sent if it is not base64. */
    static String decodeClaims(String claims) {
        try {
            String padded = claims + "===".substring(0, (4 - claims.length() % 4) % 4);
            byte[] decoded = claims.contains("-") || claims.contains("_")
                    ? Base64.getUrlDecoder().decode(padded) : Base64.getDecoder().decode(padded);
            String text = new String(decoded, StandardCharsets.UTF_8);
            return text.trim().startsWith("{") ? text : claims;
        } catch (IllegalArgumentException e) {
            return claims;
        }
    }

    /** A body once decompressed; its text is made only when read, which most JSON bodies never are. */
    private static final class Decoded {
        final String kind;
        private final byte[] plain;
        private String text;

        Decoded(String kind, byte[] plain) {
            this.kind = kind;
            this.plain = plain;
        }

        String text() {
            if (text == null && plain != null) {
                text = new String(plain, StandardCharsets.UTF_8);
            }
            return text;
        }
    }

    /** Undoes gzip/deflate for inspection only, never beyond {@link #MAX_DECODED} bytes. */
    private static Decoded decode(byte[] body, String encoding) {
        if (body.length == 0) {
            return new Decoded("empty", null);
        }
        String enc = encoding == null ? "identity" : encoding.trim().toLowerCase(Locale.ROOT);
        try {
            byte[] plain = switch (enc) {
                case "identity", "" -> body;
                case "gzip", "x-gzip" -> bounded(new GZIPInputStream(new ByteArrayInputStream(body)));
                case "deflate" -> inflate(body);
                default -> null;
            };
            if (plain == null) {
                return new Decoded("compressed", null);
            }
            return new Decoded("text", plain);
        } catch (IOException | RuntimeException e) {
            // Labelled compressed but sent plain (a hop that decompressed and kept the header): read it as it came.
            return startsLikeText(body) ? new Decoded("text", body) : new Decoded("compressed", null);
        }
    }

    /** Whether the first non-blank byte opens a JSON object or a markup tag; compressed data does not start so. */
    private static boolean startsLikeText(byte[] body) {
        for (byte b : body) {
            if ((b & 0xff) > ' ') {
                return b == '{' || b == '<';
            }
        }
        return false;
    }

    private static byte[] inflate(byte[] body) throws IOException {
        try {
            return bounded(new InflaterInputStream(new ByteArrayInputStream(body)));
        } catch (IOException zlibFailed) {
            // Some servers send raw DEFLATE without the zlib wrapper.
            return bounded(new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(true)));
        }
    }

    private static byte[] bounded(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0 && out.size() < MAX_DECODED; ) {
                out.write(buf, 0, Math.min(n, MAX_DECODED - out.size()));
            }
            return out.toByteArray();
        }
    }

    /** The body as a JSON object, read from its bytes; null when it is none. */
    private static JsonNode tryJson(Decoded body) {
        byte[] plain = body.plain;
        int first = 0;
        while (plain != null && first < plain.length && (plain[first] & 0xff) <= ' ') {
            first++;
        }
        if (plain == null || first == plain.length || plain[first] != '{') {
            return null;
        }
        try {
            return JSON.readTree(plain);
        } catch (IOException | RuntimeException e) {
            // Not UTF-8 JSON: the text, with any bad bytes replaced, may still be.
            try {
                return JSON.readTree(body.text().trim());
            } catch (IOException | RuntimeException again) {
                return null;
            }
        }
    }

    /** The first of {@code fields} that holds non-blank text, as written; null when none does. */
    static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode v = node.get(field);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    private static String bounded(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) : line;
    }
}
