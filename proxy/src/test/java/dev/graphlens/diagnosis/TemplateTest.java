package dev.graphlens.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void fillsPlaceholdersAndKeepsTheTextAroundThem() {
        Template t = Template.parse("{status} on {endpoint.template}: needs {endpoint.needed}.");
        Map<String, Object> facts = new HashMap<>();
        facts.put("status", 403.0);
        facts.put("endpoint.template", "/me/messages");
        facts.put("endpoint.needed", "");
        assertEquals(List.of("status", "endpoint.template", "endpoint.needed"), t.facts());
        assertEquals("403 on /me/messages: needs (none).", t.fill(facts));
    }

    @Test
    void leavesBracesThatNameNoFactAlone() {
        Template t = Template.parse("GET /users/{id} with {token.scp} and $ signs");
        assertEquals(List.of("token.scp"), t.facts());
        assertEquals("GET /users/{id} with User.Read and $ signs", t.fill(Map.of("token.scp", "User.Read")));
    }
}
