package dev.graphlens.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule's summary or fix with {@code {fact}} placeholders, split into literal text and fact names
 * once at load: filling it runs on the event loop for every diagnosed exchange.
 */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+\\.[A-Za-z0-9_.]+|status|retryAfter|retryAdvice)}");

    /** Literal text at even indexes, fact names at odd ones. */
    private final List<String> parts;

    private Template(List<String> parts) {
        this.parts = List.copyOf(parts);
    }

    static Template parse(String text) {
        List<String> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            parts.add(text.substring(at, m.start()));
            parts.add(m.group(1));
            at = m.end();
        }
        parts.add(text.substring(at));
        return new Template(parts);
    }

    /** The facts this template names. */
    List<String> facts() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < parts.size(); i += 2) {
            out.add(parts.get(i));
        }
        return out;
    }

    /** The text with each placeholder replaced by its fact's value, "(none)" when the fact is absent or empty. */
    String fill(Map<String, Object> facts) {
        // Joined at once: String.join sizes the result exactly and copies each piece once.
        String[] pieces = new String[parts.size()];
        for (int i = 0; i < pieces.length; i++) {
            if (i % 2 == 0) {
                pieces[i] = parts.get(i);
            } else {
                Object v = facts.get(parts.get(i));
                pieces[i] = v == null || "".equals(v) ? "(none)"
                        : v instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(v);
            }
        }
        return String.join("", pieces);
    }
}
