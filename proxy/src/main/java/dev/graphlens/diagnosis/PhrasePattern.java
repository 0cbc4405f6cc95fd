package dev.graphlens.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A case-insensitive rule regex that first checks for the words it cannot match without.
 *
 * <p>Rule regexes are mostly alternations of phrases ("not consented|consent (is )?required|...")
 * and most error messages contain none of them. java.util.regex tries every branch at every
 * position of the message, about 1 us per pattern for a 50-character message, and on a diagnosed
 * 403 those tries were a tenth of the proxy's CPU. So each top-level alternative contributes one
 * run of plain characters it must contain (its longest run outside groups, classes and
 * quantifiers); a value that contains none of them, ignoring ASCII case as the pattern does, cannot
 * match, and the regex does not run. A pattern this reading does not fully understand (inline
 * flags, which may turn on comments or Unicode case; escapes with arguments; an alternative with
 * no such run) is always run as it is.
 */
final class PhrasePattern {
    private static final String FLAG_CHARS = "idmsuxU-";
    private static final String ESCAPES_WITH_ARGUMENTS = "pPxNkQEuc0123456789";
    private static final String PLAIN_PUNCTUATION = " _-',:;/\"@=%";

    private final Pattern pattern;
    /** A matcher per thread, reset for each value: a new one costs about 150 bytes, and rules test hundreds. */
    private final ThreadLocal<Matcher> matchers;
    /** One lower-case run per top-level alternative, or null when the regex must always run. */
    private final String[] required;

    PhrasePattern(String regex) {
        this.pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        this.required = requiredRuns(regex);
        this.matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
    }

    boolean find(String value) {
        return find(value, value.toLowerCase(Locale.ROOT));
    }

    /** With the value already lower-cased: many rules test the same message. */
    boolean find(String value, String lower) {
        if (!mayMatchLower(lower)) {
            return false;
        }
        Matcher m = matchers.get().reset(value);
        boolean found = m.find();
        // Not to hold on to the message until the next test.
        m.reset("");
        return found;
    }

    /** False only when the value cannot match; exposed so tests can check that promise. */
    boolean mayMatch(String value) {
        return mayMatchLower(value.toLowerCase(Locale.ROOT));
    }

    private boolean mayMatchLower(String lower) {
        if (required == null) {
            return true;
        }
        for (String run : required) {
            if (lower.contains(run)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a value is ever skipped without running the regex. */
    boolean prefilters() {
        return required != null;
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }

    /** The longest plain run of each top-level alternative, lower-cased; null if any has none. */
    static String[] requiredRuns(String regex) {
        if (hasInlineFlags(regex)) {
            return null;
        }
        List<String> runs = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        String longest = "";
        int i = 0;
        while (i <= regex.length()) {
            if (i == regex.length() || regex.charAt(i) == '|') {
                longest = longer(longest, run);
                if (longest.isEmpty()) {
                    return null;
                }
                runs.add(longest.toLowerCase(Locale.ROOT));
                longest = "";
                run.setLength(0);
                i++;
                continue;
            }
            int end = atomEnd(regex, i);
            if (end < 0) {
                return null;
            }
            int afterQuantifier = quantifierEnd(regex, end);
            boolean plain = end == i + 1 && isPlain(regex.charAt(i));
            if (plain && afterQuantifier == end) {
                run.append(regex.charAt(i));
            } else {
                // A quantified character may be absent or repeated: the run stops before it.
                longest = longer(longest, run);
                run.setLength(0);
            }
            i = afterQuantifier;
        }
        return runs.toArray(String[]::new);
    }

    private static boolean hasInlineFlags(String regex) {
        for (int at = regex.indexOf("(?"); at >= 0; at = regex.indexOf("(?", at + 1)) {
            if (at + 2 < regex.length() && FLAG_CHARS.indexOf(regex.charAt(at + 2)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Where the atom starting at {@code i} ends: a character, an escape, a class or a group; -1 if unsure. */
    private static int atomEnd(String regex, int i) {
        return switch (regex.charAt(i)) {
            case '\\' -> i + 1 < regex.length() && ESCAPES_WITH_ARGUMENTS.indexOf(regex.charAt(i + 1)) < 0 ? i + 2 : -1;
            case '[' -> classEnd(regex, i);
            case '(' -> groupEnd(regex, i);
            case ')', '*', '+', '?', '{' -> -1;
            default -> i + 1;
        };
    }

    private static int classEnd(String regex, int start) {
        int i = start + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            return -1;
        }
        int depth = 1;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    private static int groupEnd(String regex, int start) {
        int depth = 0;
        int i = start;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                i = classEnd(regex, i);
                if (i < 0) {
                    return -1;
                }
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    /** Skips any quantifiers ({@code ? * + {n,m}}, lazy and possessive forms included). */
    private static int quantifierEnd(String regex, int i) {
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '?' || c == '*' || c == '+') {
                i++;
            } else if (c == '{') {
                int close = regex.indexOf('}', i);
                i = close < 0 ? regex.length() : close + 1;
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || PLAIN_PUNCTUATION.indexOf(c) >= 0;
    }

    private static String longer(String longest, CharSequence run) {
        return run.length() > longest.length() ? run.toString() : longest;
    }
}
