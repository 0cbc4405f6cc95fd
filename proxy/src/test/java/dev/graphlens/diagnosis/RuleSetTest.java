package dev.graphlens.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first rule that holds decides, whatever the pre-selection by status and token skipped. */
class RuleSetTest {
    @TempDir
    Path dir;

    private RuleSet load(String rules) throws Exception {
        Path f = dir.resolve("rules.json");
        Files.writeString(f, "{\"rules\":[" + rules + "]}");
        return RuleSet.load(f);
    }

    private static Map<String, Object> facts(double status, String state, String kind, String code) {
        Map<String, Object> f = new HashMap<>();
        f.put("status", status);
        f.put("token.state", state);
        f.put("token.kind", kind);
        f.put("error.code", code);
        return f;
    }

    @Test
    void rulesForOtherStatusesOrTokensAreSkippedAndTheOrderIsKept() throws Exception {
        RuleSet rules = load(String.join(",",
                "{\"id\":\"only-401\",\"code\":\"TOKEN_EXPIRED\",\"when\":{\"status\":401},\"summary\":\"s\"}",
                "{\"id\":\"app-only\",\"code\":\"DELEGATED_ONLY_API\",\"when\":{\"status\":403,\"token.kind\":\"app-only\"},\"summary\":\"s\"}",
                "{\"id\":\"either\",\"code\":\"USER_NOT_LICENSED\",\"when\":[{\"status\":401},{\"error.code\":\"ErrorMailboxNotLicensed\"}],\"summary\":\"s\"}",
                "{\"id\":\"any-403\",\"code\":\"MISSING_PERMISSION\",\"when\":{\"status\":[401,403]},\"summary\":\"s\"}",
                "{\"id\":\"noted\",\"code\":\"USER_NOT_PRIVILEGED\",\"when\":{\"token.state\":\"jwt\"},\"summary\":\"s\",\"mention\":true}"));
        RuleSet.Decision d = rules.decide(facts(403, "jwt", "delegated", "ErrorAccessDenied")).orElseThrow();
        assertEquals("any-403", d.rule().id());
        assertEquals(List.of("noted"), d.alsoTrue().stream().map(Rule::id).toList());
        assertEquals("either", rules.decide(facts(403, "jwt", "delegated", "ErrorMailboxNotLicensed")).orElseThrow().rule().id(),
                "a group that does not test the status still counts");
        assertEquals("app-only", rules.decide(facts(403, "jwt", "app-only", "x")).orElseThrow().rule().id());
        assertEquals("only-401", rules.decide(facts(401, "jwt", "app-only", "x")).orElseThrow().rule().id());
        assertTrue(rules.decide(facts(404, "absent", "none", "x")).isEmpty());
    }
}
