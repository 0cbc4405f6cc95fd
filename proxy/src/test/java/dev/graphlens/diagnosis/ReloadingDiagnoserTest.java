package dev.graphlens.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.config.Settings;
import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.permissions.PermissionCatalog;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingDiagnoserTest {
    @TempDir
    Path dir;

    final List<String> said = new ArrayList<>();

    @BeforeEach
    void copyTheShippedData() throws Exception {
        for (String f : List.of("rules.json", "aadsts.json", "permissions.json", "roles.json")) {
            Files.copy(Path.of("config", f), dir.resolve(f));
        }
    }

    /** A 418 from Graph: no shipped rule speaks of it, so it is whatever the fallback says. */
    static Verdict teapot(ReloadingDiagnoser d) {
        RequestFacts request = RequestFacts.of("GET", URI.create("https://graph.microsoft.com/v1.0/me"), Headers.EMPTY, null);
        ResponseFacts response = new ResponseFacts(418, Headers.of("Content-Type", "application/json"),
                "{\"error\":{\"code\":\"Teapot\",\"message\":\"I'm a teapot\"}}".getBytes(StandardCharsets.UTF_8), false);
        return d.diagnose(request, response).orElseThrow();
    }

    /** Puts a rule first in rules.json, and moves the file's time on so the change is seen whatever the clock's tick. */
    void addFirstRule(String rule) throws Exception {
        Path rules = dir.resolve("rules.json");
        String text = Files.readString(rules).replaceFirst("\"rules\": \\[", "\"rules\": [" + rule + ",");
        FileTime before = Files.getLastModifiedTime(rules);
        Files.writeString(rules, text);
        Files.setLastModifiedTime(rules, FileTime.fromMillis(before.toMillis() + 2000));
    }

    @Test
    void anEditedRuleDecidesTheNextExchangeWithoutARestart() throws Exception {
        try (ReloadingDiagnoser d = ReloadingDiagnoser.start(Settings.defaults(dir), Clock.systemUTC(), Duration.ofHours(1), said::add)) {
            assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, teapot(d).code());
            assertFalse(d.reloadIfChanged(), "nothing changed yet");
            PermissionCatalog catalogBefore = d.permissions();

            addFirstRule("{\"id\":\"teapot\",\"code\":\"THROTTLED\",\"when\":{\"status\":418},\"summary\":\"A teapot ({status}).\"}");
            assertTrue(d.reloadIfChanged());
            Verdict v = teapot(d);
            assertEquals(DiagnosisCode.THROTTLED, v.code());
            assertEquals("A teapot (418).", v.summary());
            assertTrue(said.get(0).startsWith("graphlens: reloaded after a change to rules.json ("), said.toString());
            assertNotSame(catalogBefore, d.permissions(), "the session summary reads the reloaded catalog too");
        }
    }

    @Test
    void aRuleThatNoLongerValidatesKeepsTheLastGoodRulesAndSaysWhy() throws Exception {
        try (ReloadingDiagnoser d = ReloadingDiagnoser.start(Settings.defaults(dir), Clock.systemUTC(), Duration.ofHours(1), said::add)) {
            addFirstRule("{\"id\":\"typo\",\"code\":\"THROTTLED\",\"when\":{\"statu\":418},\"summary\":\"x\"}");
            assertFalse(d.reloadIfChanged());
            assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, teapot(d).code(), "the rules loaded before still decide");
            assertEquals(1, said.size(), said.toString());
            assertTrue(said.get(0).contains("rules[0] (typo): unknown fact \"statu\"") && said.get(0).endsWith("(still using the rules and data loaded before)"),
                    said.toString());
            assertFalse(d.reloadIfChanged(), "said once per change, not on every look");
            assertEquals(1, said.size(), said.toString());
        }
    }
}
