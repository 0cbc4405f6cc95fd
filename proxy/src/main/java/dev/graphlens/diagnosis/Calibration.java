package dev.graphlens.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.graphlens.exchange.Confidence;
import dev.graphlens.exchange.DiagnosisCode;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * How sure a verdict is, worked out from the evidence its rule held on (rules.json's "confidence"):
 * certain where one of the code's proofs holds (facts the token or the service's own error code
 * state, such as an exp in the past), possible where the deciding condition group tests only
 * context facts (status, token kind...), likely otherwise. Also each code's "tell": what tells
 * that cause apart, shown when it is a runner-up. The section is optional in a rules.json of one's own.
 */
final class Calibration {
    private static final Set<String> KEYS = Set.of("$comment", "proofs", "context", "tells");

    private final Map<DiagnosisCode, Condition[][]> proofs;
    private final Set<String> context;
    private final Map<DiagnosisCode, Template> tells;

    private Calibration(Map<DiagnosisCode, Condition[][]> proofs, Set<String> context, Map<DiagnosisCode, Template> tells) {
        this.proofs = proofs;
        this.context = context;
        this.tells = tells;
    }

    static Calibration parse(JsonNode n) {
        if (n.isMissingNode()) {
            // A rules.json of its own without the section: nothing proved, nothing general, no runners-up.
            return new Calibration(Map.of(), Set.of(), Map.of());
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException("\"confidence\" must be an object with proofs, context and tells");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("confidence: unknown key \"" + key + "\" (known: " + KEYS + ")");
            }
        }
        Map<DiagnosisCode, Condition[][]> proofs = new EnumMap<>(DiagnosisCode.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("proofs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            proofs.put(code(e.getKey()), RuleSet.groups(e.getValue(), "confidence.proofs." + e.getKey()));
        }
        Set<String> context = new HashSet<>();
        for (JsonNode fact : n.path("context")) {
            RuleSet.requireKnownFact(fact.asText());
            context.add(fact.asText());
        }
        Map<DiagnosisCode, Template> tells = new EnumMap<>(DiagnosisCode.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("tells").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Template tell = Template.parse(e.getValue().asText());
            tell.facts().forEach(RuleSet::requireKnownFact);
            tells.put(code(e.getKey()), tell);
        }
        return new Calibration(proofs, context, tells);
    }

    private static DiagnosisCode code(String name) {
        return DiagnosisCode.named(name).orElseThrow(() -> new IllegalArgumentException("\"" + name + "\" is not a diagnosis code"));
    }

    /** Whether the facts prove {@code code} outright. */
    boolean proves(DiagnosisCode code, Map<String, Object> facts) {
        for (Condition[] group : proofs.getOrDefault(code, new Condition[0][])) {
            if (Rule.allHold(group, facts)) {
                return true;
            }
        }
        return false;
    }

    /** A group that tests only context facts holds for many causes: the rule holding on it is a general one. */
    boolean general(Condition[] group) {
        for (Condition c : group) {
            if (!context.contains(c.fact())) {
                return false;
            }
        }
        return true;
    }

    Confidence confidence(Rule rule, Condition[] group, Map<String, Object> facts) {
        if (proves(rule.code(), facts)) {
            return Confidence.CERTAIN;
        }
        return general(group) || rule.code() == DiagnosisCode.UNKNOWN_AUTH_ERROR ? Confidence.POSSIBLE : Confidence.LIKELY;
    }

    /** What tells {@code code} apart, or null: a code without a tell is never named as a runner-up. */
    Template tell(DiagnosisCode code) {
        return tells.get(code);
    }
}
