package dev.graphlens.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One test of one fact, as written in rules.json:
 * a value (equal; strings ignore case), a list (any of), or an object with one operator:
 * {@code matches} (regex, case-insensitive), {@code not}, {@code present}, {@code gte}, {@code lte}.
 */
record Condition(String fact, Op op, List<Object> values, PhrasePattern pattern, int slot) {

    enum Op { IN, NOT, MATCHES, PRESENT, GTE, LTE }

    Condition(String fact, Op op, List<Object> values, PhrasePattern pattern) {
        // The fact's slot is looked up once here: conditions are tested for every rule of every failed exchange.
        this(fact, op, values, pattern, FactSheet.slot(fact));
    }

    static Condition parse(String fact, JsonNode spec) {
        if (spec.isObject()) {
            if (spec.size() != 1) {
                throw new IllegalArgumentException("fact \"" + fact + "\": an operator object takes exactly one of matches, not, present, gte, lte");
            }
            String op = spec.fieldNames().next();
            JsonNode arg = spec.get(op);
            return switch (op) {
                case "matches" -> new Condition(fact, Op.MATCHES, List.of(), new PhrasePattern(arg.asText()));
                case "not" -> new Condition(fact, Op.NOT, scalars(arg), null);
                case "present" -> new Condition(fact, Op.PRESENT, List.of(arg.asBoolean()), null);
                case "gte", "lte" -> {
                    if (!arg.isNumber()) {
                        throw new IllegalArgumentException("fact \"" + fact + "\": " + op + " takes a number");
                    }
                    yield new Condition(fact, op.equals("gte") ? Op.GTE : Op.LTE, List.of(arg.asDouble()), null);
                }
                default -> throw new IllegalArgumentException("fact \"" + fact + "\": unknown operator \"" + op
                        + "\" (use matches, not, present, gte or lte)");
            };
        }
        return new Condition(fact, Op.IN, scalars(spec), null);
    }

    private static List<Object> scalars(JsonNode node) {
        List<Object> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(scalar(n)));
        } else {
            out.add(scalar(node));
        }
        return out;
    }

    private static Object scalar(JsonNode n) {
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isNull()) {
            return null;
        }
        return n.asText();
    }

    boolean test(Map<String, Object> facts) {
        FactSheet sheet = facts instanceof FactSheet s && slot >= 0 ? s : null;
        Object value = sheet != null ? sheet.value(slot) : facts.get(fact);
        return switch (op) {
            case PRESENT -> (value != null && !"".equals(value)) == (Boolean) values.get(0);
            case MATCHES -> value != null && (sheet != null ? pattern.find(String.valueOf(value), sheet.lowerCased(slot))
                    : pattern.find(String.valueOf(value)));
            case GTE -> value instanceof Number n && n.doubleValue() >= (Double) values.get(0);
            case LTE -> value instanceof Number n && n.doubleValue() <= (Double) values.get(0);
            case NOT -> !anyEqual(value);
            case IN -> anyEqual(value);
        };
    }

    /** The condition as rules.json says it, for explain --why. */
    String describe() {
        return switch (op) {
            case MATCHES -> fact + " matches /" + cut(pattern.toString()) + "/";
            case PRESENT -> fact + ((Boolean) values.get(0) ? " is present" : " is absent");
            case GTE -> fact + " >= " + show(values.get(0));
            case LTE -> fact + " <= " + show(values.get(0));
            case NOT -> fact + " is none of " + values.stream().map(Condition::show).toList();
            case IN -> fact + (values.size() == 1 ? " = " + show(values.get(0)) : " is one of " + values.stream().map(Condition::show).toList());
        };
    }

    /** A fact's value as a reader expects it: 403, not 403.0; long values cut. */
    static String show(Object value) {
        if (value == null) {
            return "null";
        }
        return cut(value instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(value));
    }

    private static String cut(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    private boolean anyEqual(Object value) {
        for (int i = 0, n = values.size(); i < n; i++) {
            Object expected = values.get(i);
            if (equal(expected, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean equal(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Double d) {
            return actual instanceof Number n && n.doubleValue() == d;
        }
        if (expected instanceof Boolean b) {
            return b.equals(actual);
        }
        if (actual instanceof String a) {
            return a.equalsIgnoreCase((String) expected);
        }
        if (actual instanceof Collection<?> c) {
            for (Object x : c) {
                if (String.valueOf(x).equalsIgnoreCase((String) expected)) {
                    return true;
                }
            }
            return false;
        }
        return String.valueOf(actual).equalsIgnoreCase((String) expected);
    }
}
