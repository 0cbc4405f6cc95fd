package dev.graphlens.exchange;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The most likely cause of a failed exchange.
 *
 * @param summary  the cause with its evidence, one line
 * @param fix      what the developer should change, one line
 * @param docs     the most relevant documentation page
 * @param details  non-secret evidence for the log (decoded token claims, error codes...)
 * @param parts    per-sub-request verdicts of a $batch, empty otherwise
 * @param confidence   how firmly the evidence proves {@code code}
 * @param alternatives other causes that fit the same evidence, most likely first; empty when none
 */
public record Verdict(DiagnosisCode code, String summary, String fix, String docs,
                      Map<String, Object> details, List<Verdict> parts, Confidence confidence, List<Alternative> alternatives) {

    public static final int MAX_HEADER_TEXT = 400;
    /** The contract's response headers: the verdict, and its documentation page. */
    public static final String HEADER = "X-Graph-Diagnosis";
    public static final String DOCS_HEADER = "X-Graph-Diagnosis-Docs";
    public static final String CONFIDENCE_HEADER = "X-Graph-Diagnosis-Confidence";
    public static final String ALTERNATIVE_HEADER = "X-Graph-Diagnosis-Alternative";
    private static final String FIX = " Fix: ";
    private static final String GRAPH_SAID = ". Graph said: ";

    public Verdict {
        details = details == null ? Map.of() : Map.copyOf(details);
        parts = parts == null ? List.of() : List.copyOf(parts);
        confidence = confidence == null ? Confidence.LIKELY : confidence;
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
    }

    /** A verdict no other cause competes with. */
    public Verdict(DiagnosisCode code, String summary, String fix, String docs, Map<String, Object> details, List<Verdict> parts,
                   Confidence confidence) {
        this(code, summary, fix, docs, details, parts, confidence, List.of());
    }

    /** A verdict on what GraphLens saw itself (its own failure to reach the upstream, a request it could not read): certain. */
    public static Verdict of(DiagnosisCode code, String summary, String fix, String docs) {
        return new Verdict(code, summary, fix, docs, Map.of(), List.of(), Confidence.CERTAIN);
    }

    /** The same verdict with other details. */
    public Verdict withDetails(Map<String, Object> newDetails) {
        return new Verdict(code, summary, fix, docs, newDetails, parts, confidence, alternatives);
    }

    /** The X-Graph-Diagnosis value: "CODE; explanation", printable ASCII, at most 400 characters after the code. */
    public String headerValue() {
        String cause = toAscii(summary);
        boolean hasFix = fix != null && !fix.isBlank();
        String fixText = hasFix ? toAscii(fix) : "";
        if (cause.length() + (hasFix ? FIX.length() + fixText.length() : 0) <= MAX_HEADER_TEXT) {
            // The common case, built in one piece: every diagnosed exchange carries this header.
            return hasFix ? code.name() + "; " + cause + FIX + fixText : code.name() + "; " + cause;
        }
        String remedy = hasFix ? FIX + fixText : "";
        int said = cause.indexOf(GRAPH_SAID);
        if (cause.length() + remedy.length() > MAX_HEADER_TEXT && said > 0) {
            // Graph's own words are in the body the client gets: room goes to GraphLens's reading of them and the fix.
            cause = cause.substring(0, said + 1);
        }
        if (cause.length() + remedy.length() > MAX_HEADER_TEXT) {
            // Cut so that both the cause and the fix are read: the fix keeps at least half the room.
            remedy = cut(remedy, Math.max(MAX_HEADER_TEXT / 2, MAX_HEADER_TEXT - cause.length()));
            cause = cut(cause, MAX_HEADER_TEXT - remedy.length());
        }
        return code.name() + "; " + cause + remedy;
    }

    /** The verdict a {@link #headerValue()} carried, with its text as the header kept it; empty for any other value. */
    public static Optional<Verdict> fromHeader(String value, String docs, String confidence) {
        int semicolon = value.indexOf(';');
        if (semicolon < 0) {
            return Optional.empty();
        }
        String text = value.substring(semicolon + 1).trim();
        int fix = text.lastIndexOf(FIX);
        return DiagnosisCode.named(value.substring(0, semicolon))
                .map(code -> new Verdict(code, fix < 0 ? text : text.substring(0, fix), fix < 0 ? null : text.substring(fix + FIX.length()), docs,
                        Map.of(), List.of(), Confidence.named(confidence).orElse(Confidence.LIKELY)));
    }

    /** At most {@code max} characters, cut after a whole word where one ends in the second half. */
    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = text.lastIndexOf(' ', max - 3);
        if (end < max / 2) {
            end = max - 3;
        }
        String kept = text.substring(0, end);
        while (!kept.isEmpty() && " ,;:(".indexOf(kept.charAt(kept.length() - 1)) >= 0) {
            kept = kept.substring(0, kept.length() - 1);
        }
        return kept + "...";
    }

    /** UTF-8 bytes outside printable ASCII: control characters become spaces, each other character one '?'; runs of spaces collapse. */
    public static String toAscii(String text) {
        if (isPlainAscii(text)) {
            // Most rule texts are already: every diagnosed exchange turns them into its header, so no copy.
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c == '\t' || c == '\n' || c == '\r') {
                c = ' ';
            }
            if (c == ' ' && sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
                continue;
            }
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else if (c >= 0x80 && (c & 0xc0) == 0xc0) {
                sb.append('?');
            }
        }
        return sb.toString().trim();
    }

    /** Printable ASCII, spaces single and none at either end: what {@link #toAscii} would return unchanged. */
    private static boolean isPlainAscii(String text) {
        int n = text.length();
        if (n > 0 && (text.charAt(0) == ' ' || text.charAt(n - 1) == ' ')) {
            return false;
        }
        char previous = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || (c == ' ' && previous == ' ')) {
                return false;
            }
            previous = c;
        }
        return true;
    }
}
