package dev.graphlens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The team's end-to-end contract checker (../shared/tools/graphcheck.py) against the packaged jar:
 * it starts the jar with the contract's flags behind a TLS fake Graph, sends every case through
 * the proxy with a real TLS client, and fails on a wrong code, a fidelity problem or a secret in
 * the logs. Run over the public samples and over this repo's own variant cases. The corpus runs
 * take one to two minutes each on a loaded two-core machine, so they get more than the suite's
 * default 120 s.
 */
class ContractCheckIT {
    static final Path CHECKER = Path.of("../shared/tools/graphcheck.py");

    @Test
    void publicSamplesAreAllDiagnosedRightWithFaithfulForwardingAndNoSecretsLogged() throws Exception {
        assumeTrue(Files.exists(CHECKER), "../shared is beside the repository in CI and on developer machines");
        check(Path.of("../shared/cases/sample.jsonl"));
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void variantCasesAreAllDiagnosedRightWithFaithfulForwardingAndNoSecretsLogged() throws Exception {
        assumeTrue(Files.exists(CHECKER), "../shared is beside the repository in CI and on developer machines");
        Path variants = Path.of("proxy/src/test/resources/cases/variants.jsonl");
        assertIdsUnique(variants);
        assertNoTokenExpiresSoon(variants);
        check(variants);
    }

    /**
     * Each case again, changed the way real traffic varies (beta for v1.0, $select, OData content
     * types, Graph's extra headers, a v2.0-shaped token, no idtyp, shuffled scopes, pretty JSON,
     * AADSTS without trace lines...: mutate.py), a seeded sample of 20 per kind: the expected code
     * must not change. A diagnosis that does read something it should not depend on.
     */
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void metamorphicVariantsOfTheCasesKeepTheirCodes() throws Exception {
        assumeTrue(Files.exists(CHECKER), "../shared is beside the repository in CI and on developer machines");
        Path mutated = Path.of("proxy/target/mutated-cases.jsonl");
        Process p = new ProcessBuilder("python3", "proxy/src/test/resources/cases/mutate.py", "--per-mutation", "20",
                "proxy/src/test/resources/cases/variants.jsonl", "../shared/cases/sample.jsonl")
                .redirectOutput(mutated.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "mutate.py failed");
        assertTrue(Files.readAllLines(mutated).size() > 500, "every kind of mutation found cases to change");
        assertIdsUnique(mutated);
        check(mutated);
    }

    /**
     * Every case the team holds (the samples, the variants and the fresh real-world batches),
     * through the proxy: a verdict that calls itself certain must be right every time.
     */
    @Test
    // About 200 s here for 41 batches, and growing with each: room for a slower CI machine.
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void certainVerdictsAreRightOnEveryCaseTheTeamHolds() throws Exception {
        assumeTrue(Files.exists(CHECKER), "../shared is beside the repository in CI and on developer machines");
        List<String> command = new ArrayList<>(List.of("python3", "cases/calibration.py", "--repo", ".", "--misses",
                "../shared/cases/sample.jsonl", "proxy/src/test/resources/cases/variants.jsonl"));
        try (Stream<Path> fresh = Files.list(Path.of("cases/fresh"))) {
            fresh.filter(f -> f.toString().endsWith(".jsonl")).sorted().forEach(f -> command.add(f.toString()));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "calibration timed out");
        System.out.println(out);
        assertTrue(out.contains("wrong certain verdicts: 0"), out);
        assertEquals(0, p.exitValue(), out);
    }

    /**
     * The checker sets exp relative to now only in a case's "token" field. A token written into the
     * request itself (a raw Authorization header, a URL) keeps the exp it was written with, so one
     * that is still valid must stay valid for years, or its case changes verdict the day it expires.
     */
    private static void assertNoTokenExpiresSoon(Path cases) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Pattern jwt = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.(eyJ[A-Za-z0-9_-]+)\\.");
        long now = System.currentTimeMillis() / 1000;
        long tenYears = 10L * 365 * 24 * 3600;
        for (String line : Files.readAllLines(cases, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode c = json.readTree(line);
            Matcher m = jwt.matcher(c.path("request").path("auth").asText() + " " + c.path("request").path("url").asText());
            while (m.find()) {
                JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(m.group(1)));
                long exp = claims.path("exp").asLong(0);
                assertTrue(exp == 0 || exp < now || exp > now + tenYears,
                        "case " + c.path("id").asText() + ": a token written into the request expires at " + exp + ", soon enough to change the verdict");
            }
        }
    }

    /** The checker's fake Graph picks each case's response by id: a repeated id answers one case with another's. */
    private static void assertIdsUnique(Path cases) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Set<String> seen = new HashSet<>();
        for (String line : Files.readAllLines(cases, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                String id = json.readTree(line).path("id").asText();
                assertTrue(seen.add(id), "case id " + id + " is used twice in " + cases);
            }
        }
    }

    private static void check(Path cases) throws Exception {
        Process p = new ProcessBuilder("python3", CHECKER.toString(), "--repo", ".", cases.toString(), "--min-accuracy", "1.0")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "graphcheck timed out");
        System.out.println(out);
        assertTrue(out.contains("fidelity problems: 0"), out);
        assertTrue(out.contains("secret leaks: 0 of"), out);
        assertEquals(0, p.exitValue(), out);
    }
}
