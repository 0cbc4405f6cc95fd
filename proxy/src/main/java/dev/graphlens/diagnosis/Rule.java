package dev.graphlens.diagnosis;

import dev.graphlens.exchange.DiagnosisCode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of rules.json: when any of its condition groups holds (all conditions of a group),
 * the exchange gets {@code code}, with the templates filled from the facts.
 *
 * @param mention when this rule also holds but a rule above it won, say so in the verdict
 */
record Rule(String id, DiagnosisCode code, List<List<Condition>> when, String summary, String fix, String docs,
            boolean mention) {
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+\\.[A-Za-z0-9_.]+|status|retryAfter)}");

    boolean matches(Map<String, Object> facts) {
        for (List<Condition> group : when) {
            if (allHold(group, facts)) {
                return true;
            }
        }
        return false;
    }

    /** A plain loop: this runs for every rule on every failed exchange. */
    private static boolean allHold(List<Condition> group, Map<String, Object> facts) {
        for (Condition c : group) {
            if (!c.test(facts)) {
                return false;
            }
        }
        return true;
    }

    static String fill(String template, Map<String, Object> facts) {
        if (template == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = facts.get(m.group(1));
            String text = v == null || "".equals(v) ? "(none)" : v instanceof Double d && d == Math.rint(d)
                    ? String.valueOf(d.longValue()) : String.valueOf(v);
            m.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }
}
