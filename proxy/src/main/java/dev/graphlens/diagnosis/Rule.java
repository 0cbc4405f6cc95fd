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
 * @param alternative the second cause its author knows fits the same evidence, or null
 */
record Rule(String id, DiagnosisCode code, Condition[][] when, Template summary, Template fix, String docs,
            boolean mention, RunnerUp alternative) {

    /** Another code that fits where a rule holds, and how to tell it apart. */
    record RunnerUp(DiagnosisCode code, Template tell) {
    }

    /** Arrays, not lists: every rule is tried on every failed exchange, and this loop is most of that. */
    boolean matches(Map<String, Object> facts) {
        return matchingGroup(facts) != null;
    }

    /** The first condition group that holds, or null. */
    Condition[] matchingGroup(Map<String, Object> facts) {
        for (Condition[] group : when) {
            if (allHold(group, facts)) {
                return group;
            }
        }
        return null;
    }

    /**
     * Whether some group could hold where only {@code known}'s facts are known: conditions on
     * those are tested, the rest assumed to hold.
     */
    boolean mayMatch(Map<String, Object> known) {
        for (Condition[] group : when) {
            boolean possible = true;
            for (Condition c : group) {
                if (known.containsKey(c.fact()) && !c.test(known)) {
                    possible = false;
                    break;
                }
            }
            if (possible) {
                return true;
            }
        }
        return false;
    }

    /** For explain --why: the first condition that failed in each group, with the fact's value. */
    List<String> failures(Map<String, Object> facts) {
        List<String> out = new ArrayList<>();
        for (Condition[] group : when) {
            for (Condition c : group) {
                if (!c.test(facts)) {
                    out.add(c.describe() + " (is " + Condition.show(facts.get(c.fact())) + ")");
                    break;
                }
            }
        }
        return out;
    }

    static boolean allHold(Condition[] group, Map<String, Object> facts) {
        for (Condition c : group) {
            if (!c.test(facts)) {
                return false;
            }
        }
        return true;
    }
}
