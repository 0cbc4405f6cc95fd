package dev.graphlens.diagnosis;

import dev.graphlens.exchange.DiagnosisCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry of rules.json: when any of its condition groups holds (all conditions of a group),
 * the exchange gets {@code code}, with the templates filled from the facts.
 *
 * @param mention when this rule also holds but a rule above it won, say so in the verdict
 */
record Rule(String id, DiagnosisCode code, List<List<Condition>> when, Template summary, Template fix, String docs,
            boolean mention) {

    boolean matches(Map<String, Object> facts) {
        for (List<Condition> group : when) {
            if (allHold(group, facts)) {
                return true;
            }
        }
        return false;
    }

    /** For explain --why: the first condition that failed in each group, with the fact's value. */
    List<String> failures(Map<String, Object> facts) {
        List<String> out = new ArrayList<>();
        for (List<Condition> group : when) {
            for (Condition c : group) {
                if (!c.test(facts)) {
                    out.add(c.describe() + " (is " + Condition.show(facts.get(c.fact())) + ")");
                    break;
                }
            }
        }
        return out;
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
}
