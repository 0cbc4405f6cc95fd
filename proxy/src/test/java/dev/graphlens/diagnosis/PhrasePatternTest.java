package dev.graphlens.diagnosis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PhrasePatternTest {

    @Test
    void eachAlternativeGivesItsLongestRunOutsideGroupsClassesAndQuantifiers() {
        assertArrayEquals(new String[] {"not consented", "consent ", "admin consent", "aadsts65001"},
                PhrasePattern.requiredRuns("not consented|consent (is )?required|admin consent|AADSTS65001"));
        assertArrayEquals(new String[] {"not supported", "licen"},
                PhrasePattern.requiredRuns("MSA tokens? (are )?not supported|(no|not)\\W+(\\w+\\W+){0,3}licen[cs]es?\\b"));
        assertArrayEquals(new String[] {"idx1"}, PhrasePattern.requiredRuns("IDX1[0-9]{4}"));
        assertArrayEquals(new String[] {"/me"}, PhrasePattern.requiredRuns("^/(v1\\.0|beta)/me(/|$)"));
    }

    @Test
    void patternsItCannotReadSafelyAlwaysRun() {
        assertNull(PhrasePattern.requiredRuns("(?x) not consented"), "inline flags may make spaces or case mean something else");
        assertNull(PhrasePattern.requiredRuns("expired|.*"), "an alternative with no plain run can match anything");
        assertNull(PhrasePattern.requiredRuns("(a|b)c?"));
        assertNull(PhrasePattern.requiredRuns("\\p{L}+ licence"), "escapes with arguments are not parsed");
        assertNull(PhrasePattern.requiredRuns("\\Qa|b\\E"));
        assertNull(PhrasePattern.requiredRuns(""));
        assertTrue(new PhrasePattern("(?i)anything").mayMatch("nothing alike"));
    }

    @Test
    void findAgreesWithTheRegexAndSkipsValuesWithoutTheWords() {
        PhrasePattern p = new PhrasePattern("not consented|consent (is )?required");
        assertTrue(p.find("The user has NOT CONSENTED to the app"));
        assertTrue(p.find("consent is Required"));
        assertFalse(p.find("consent maybe required"), "has a word, so the regex runs and says no");
        assertFalse(p.mayMatch("Access is denied. Check credentials and try again."));
        assertTrue(new PhrasePattern("tokens? expired|colou?r").find("COLOR"), "a quantified letter is not required");
    }

    /**
     * The promise that makes skipping safe: whenever the regex finds a match, mayMatch said yes.
     * Checked for every regex in the shipped rules and some awkward ones, over seeded random values
     * built from the patterns' own words (in mixed case) and noise, non-ASCII letters included.
     */
    @Test
    void neverSkipsAValueTheRegexWouldMatch() throws Exception {
        List<String> regexes = shippedRuleRegexes();
        assertTrue(regexes.size() >= 10, "rules.json should hold the rule regexes: " + regexes.size());
        // Anchored ones fail at the first position anyway; every other shipped regex should be skipped when it can.
        regexes.stream().filter(r -> !r.startsWith("^"))
                .forEach(r -> assertTrue(new PhrasePattern(r).prefilters(), "shipped regex is not prefiltered: " + r));
        regexes.addAll(List.of("a\\.b|c-d e", "x[yz]{2}w|q+r", "foo\\b|bar$|^baz", "(?:ab|cd)ef|gh(?=ij)", "k\\W+l"));

        Random random = new Random(20261124);
        int matched = 0;
        int skipped = 0;
        for (String regex : regexes) {
            PhrasePattern phrase = new PhrasePattern(regex);
            Pattern plain = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
            String[] words = regex.split("[^A-Za-z0-9 '_-]+");
            for (int i = 0; i < 3_000; i++) {
                String value = randomValue(random, words);
                boolean finds = plain.matcher(value).find();
                boolean may = phrase.mayMatch(value);
                assertTrue(may || !finds, () -> "skipped a match of " + regex + " in: " + value);
                assertEquals(finds, phrase.find(value));
                matched += finds ? 1 : 0;
                skipped += may ? 0 : 1;
            }
        }
        assertTrue(matched > 1_000 && skipped > 1_000, "values should both match and be skipped: " + matched + ", " + skipped);
    }

    private static String randomValue(Random random, String[] words) {
        String noise = " .,-_'\u212A\u0130\u00E9KkSsIi\n(|)";
        StringBuilder value = new StringBuilder();
        int parts = 1 + random.nextInt(6);
        for (int p = 0; p < parts; p++) {
            if (random.nextBoolean()) {
                String word = words[random.nextInt(words.length)];
                for (char c : word.toCharArray()) {
                    value.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
                }
            } else {
                for (int n = random.nextInt(4); n >= 0; n--) {
                    value.append(noise.charAt(random.nextInt(noise.length())));
                }
            }
        }
        return value.toString();
    }

    private static List<String> shippedRuleRegexes() throws Exception {
        List<String> out = new ArrayList<>();
        collect(new ObjectMapper().readTree(Path.of("config/rules.json").toFile()), out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        node.fields().forEachRemaining(e -> {
            if (e.getKey().equals("matches")) {
                out.add(e.getValue().asText());
            }
        });
        node.forEach(child -> collect(child, out));
    }
}
