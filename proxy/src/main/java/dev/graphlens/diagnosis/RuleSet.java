package dev.graphlens.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlens.config.ConfigException;
import dev.graphlens.config.JsonFiles;
import dev.graphlens.exchange.Confidence;
import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.memo.BoundedMemo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The ordered rules of rules.json: the first that holds decides. Validated entry by entry at load. */
public final class RuleSet {
    private static final Set<String> RULE_KEYS = Set.of("id", "code", "when", "summary", "fix", "docs", "mention", "alternative", "note");
    /** Codes every failure could fall back to: never offered as the runner-up of a specific cause. */
    private static final Set<DiagnosisCode> CATCH_ALL = Set.of(DiagnosisCode.NOT_AN_AUTH_ERROR, DiagnosisCode.UNKNOWN_AUTH_ERROR);
    private static final int MAX_RUNNERS_UP = 2;

    /**
     * Facts every exchange has, that most rules test: the rules are pre-selected by their values,
     * so a 403 to a delegated token never tries the rules for token endpoints, app-only tokens or
     * other statuses (about 40% of those before missing-permission).
     */
    private static final List<String> SELECTING_FACTS = List.of("status", "token.state", "token.kind");

    private final List<Rule> rules;
    private final Calibration calibration;
    /** The rules that may hold, in order, per combination of the selecting facts' values. */
    private final BoundedMemo<List<Object>, Rule[]> candidates = new BoundedMemo<>(256, this::candidatesFor);

    RuleSet(List<Rule> rules, Calibration calibration) {
        this.rules = List.copyOf(rules);
        this.calibration = calibration;
    }

    public static RuleSet load(Path file) throws ConfigException {
        JsonNode root = JsonFiles.read(file, "rules");
        if (!root.path("rules").isArray() || root.get("rules").isEmpty()) {
            throw new ConfigException(file + ": expected {\"rules\": [ ... ]} with at least one rule");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode n : root.get("rules")) {
            String where = file.getFileName() + " rules[" + index++ + "]" + (n.has("id") ? " (" + n.get("id").asText() + ")" : "");
            try {
                Rule rule = parse(n);
                if (!ids.add(rule.id())) {
                    throw new IllegalArgumentException("id \"" + rule.id() + "\" is used twice");
                }
                rules.add(rule);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": " + e.getMessage());
            }
        }
        try {
            return new RuleSet(rules, Calibration.parse(root.path("confidence")));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file.getFileName() + ": " + e.getMessage());
        }
    }

    private static Rule parse(JsonNode n) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!RULE_KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + key + "\" (known: " + RULE_KEYS + ")");
            }
        }
        String id = required(n, "id");
        DiagnosisCode code;
        try {
            code = DiagnosisCode.valueOf(required(n, "code"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("code \"" + n.get("code").asText() + "\" is not a diagnosis code");
        }
        Condition[][] when = groups(n.get("when"), "\"when\"");
        Template summary = Template.parse(required(n, "summary"));
        Template fix = n.hasNonNull("fix") ? Template.parse(n.get("fix").asText()) : null;
        summary.facts().forEach(RuleSet::requireKnownFact);
        if (fix != null) {
            fix.facts().forEach(RuleSet::requireKnownFact);
        }
        String docs = n.path("docs").asText(null);
        if (docs != null && !docs.startsWith("https://")) {
            throw new IllegalArgumentException("docs must be an https:// URL");
        }
        return new Rule(id, code, when, summary, fix, docs, n.path("mention").asBoolean(false), runnerUp(n.get("alternative")));
    }

    /** A condition object (all must hold) or a list of them (any of). */
    static Condition[][] groups(JsonNode when, String where) {
        if (when == null || !(when.isObject() || when.isArray())) {
            throw new IllegalArgumentException(where + " must be an object of conditions, or a list of such objects (any of)");
        }
        List<Condition[]> groups = new ArrayList<>();
        for (JsonNode group : when.isArray() ? when : List.of(when)) {
            List<Condition> conditions = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = group.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> c = it.next();
                requireKnownFact(c.getKey());
                conditions.add(Condition.parse(c.getKey(), c.getValue()));
            }
            // A group holds only if all hold: regexes last, so a cheap test that fails skips them.
            conditions.sort(Comparator.comparing(c -> c.op() == Condition.Op.MATCHES));
            groups.add(conditions.toArray(Condition[]::new));
        }
        return groups.toArray(Condition[][]::new);
    }

    private static Rule.RunnerUp runnerUp(JsonNode n) {
        if (n == null) {
            return null;
        }
        DiagnosisCode code = DiagnosisCode.named(n.path("code").asText(""))
                .orElseThrow(() -> new IllegalArgumentException("alternative.code \"" + n.path("code").asText("") + "\" is not a diagnosis code"));
        Template tell = Template.parse(required(n, "tell"));
        tell.facts().forEach(RuleSet::requireKnownFact);
        return new Rule.RunnerUp(code, tell);
    }

    private static String required(JsonNode n, String field) {
        String v = n.path(field).asText("");
        if (v.isBlank()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
        return v;
    }

    static void requireKnownFact(String fact) {
        if (!FactSheet.KNOWN.containsKey(fact)) {
            throw new IllegalArgumentException("unknown fact \"" + fact + "\" (graphlens explain --facts lists them)");
        }
    }

    /**
     * The first rule that holds, the later ones marked "mention" that hold too, how sure the
     * first is, and the other causes that fit the same evidence (none when it is certain).
     */
    record Decision(Rule rule, List<Rule> alsoTrue, Confidence confidence, List<Rule.RunnerUp> runnersUp) {
    }

    Optional<Decision> decide(Map<String, Object> facts) {
        List<Object> selecting = new ArrayList<>(SELECTING_FACTS.size());
        for (String fact : SELECTING_FACTS) {
            selecting.add(facts.get(fact));
        }
        Rule first = null;
        Confidence confidence = null;
        List<Rule> also = new ArrayList<>();
        List<Rule.RunnerUp> runnersUp = new ArrayList<>();
        for (Rule r : candidates.get(selecting)) {
            if (first == null) {
                Condition[] group = r.matchingGroup(facts);
                if (group != null) {
                    first = r;
                    confidence = calibration.confidence(r, group, facts);
                    if (confidence != Confidence.CERTAIN && r.alternative() != null) {
                        runnersUp.add(r.alternative());
                    }
                }
            } else if (r.code() != first.code() && (r.mention() || confidence != Confidence.CERTAIN)) {
                Condition[] group = r.matchingGroup(facts);
                if (group != null && r.mention()) {
                    also.add(r);
                } else if (group != null && runnerUpWanted(runnersUp, r, group)) {
                    runnersUp.add(new Rule.RunnerUp(r.code(), calibration.tell(r.code())));
                }
            }
        }
        return first == null ? Optional.empty() : Optional.of(new Decision(first, also, confidence, runnersUp));
    }

    /** A later rule that holds on specific evidence names a cause not named yet. */
    private boolean runnerUpWanted(List<Rule.RunnerUp> named, Rule later, Condition[] group) {
        return named.size() < MAX_RUNNERS_UP && !CATCH_ALL.contains(later.code()) && calibration.tell(later.code()) != null
                && !calibration.general(group)
                && named.stream().noneMatch(n -> n.code() == later.code());
    }


    private Rule[] candidatesFor(List<Object> values) {
        Map<String, Object> known = new HashMap<>();
        for (int i = 0; i < SELECTING_FACTS.size(); i++) {
            known.put(SELECTING_FACTS.get(i), values.get(i));
        }
        return rules.stream().filter(r -> r.mayMatch(known)).toArray(Rule[]::new);
    }

    /**
     * Each rule in order up to the one that decides, with why each one before it did not hold:
     * what a user writing rules needs when theirs does not fire.
     */
    List<String> trace(Map<String, Object> facts) {
        List<String> out = new ArrayList<>();
        for (Rule r : rules) {
            if (r.matches(facts)) {
                out.add(r.id() + ": holds -> " + r.code());
                return out;
            }
            out.add(r.id() + ": not " + String.join(" | ", r.failures(facts)));
        }
        out.add("(no rule holds)");
        return out;
    }

    public int size() {
        return rules.size();
    }
}
