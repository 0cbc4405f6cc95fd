package dev.graphlens.report;

import dev.graphlens.support.TestTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.permissions.CatalogLoader;
import dev.graphlens.permissions.PermissionCatalog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionSummaryTest {
    static String bearer(String claims) {
        return "Bearer " + TestTokens.jwt(claims);
    }

    static ExchangeRecord call(String method, String path, String authorization, int status, Verdict verdict) {
        return new ExchangeRecord(Instant.now(), 5, new RequestFacts(method, "https", "graph.microsoft.com", 443, path,
                Headers.of("Authorization", authorization), null), status, Headers.EMPTY, Optional.ofNullable(verdict), false);
    }

    @Test
    @SuppressWarnings("unchecked")
    void recordedSessionListsNeededVersusExcessPerAppAndTokenType() throws Exception {
        SessionSummary summary = new SessionSummary(CatalogLoader.load(Path.of("config/permissions.json")));
        String delegated = bearer("{\"aud\":\"https://graph.microsoft.com\",\"appid\":\"app-1\",\"scp\":\"User.Read Mail.ReadWrite Files.ReadWrite.All openid\"}");
        String appOnly = bearer("{\"aud\":\"https://graph.microsoft.com\",\"appid\":\"daemon\",\"app_displayname\":\"Contoso Sync\",\"idtyp\":\"app\",\"roles\":[\"User.Read.All\",\"Directory.ReadWrite.All\"]}");
        summary.completed(call("GET", "/v1.0/me", delegated, 200, null));
        summary.completed(call("GET", "/v1.0/me/messages?$top=5", delegated, 200, null));
        summary.completed(call("GET", "/v1.0/me/messages?$skip=5", delegated, 200, null));
        summary.completed(call("GET", "/v1.0/me/events", delegated, 403,
                Verdict.of(DiagnosisCode.MISSING_PERMISSION, "needs Calendars.ReadBasic", "add it", null)));
        summary.completed(call("GET", "/v1.0/users", appOnly, 200, null));
        summary.completed(call("GET", "/v1.0/brandNew/api", appOnly, 200, null));

        List<Map<String, Object>> apps = (List<Map<String, Object>>) summary.toMap().get("apps");
        Map<String, Object> user = apps.stream().filter(a -> a.get("appid").equals("app-1")).findFirst().orElseThrow();
        assertEquals("delegated", user.get("tokenType"));
        assertEquals(List.of("Calendars.ReadBasic", "Mail.ReadWrite", "User.Read"), user.get("needed"),
                "the weakest permission the token already had for each call, else the least-privileged one");
        assertEquals(List.of("Files.ReadWrite.All"), user.get("excess"));
        assertEquals(List.of("Calendars.ReadBasic"), user.get("missing"));
        Map<String, Object> daemon = apps.stream().filter(a -> a.get("appid").equals("daemon")).findFirst().orElseThrow();
        assertEquals(List.of("User.Read.All"), daemon.get("needed"));
        assertEquals(List.of("Directory.ReadWrite.All"), daemon.get("excess"));
        assertEquals(List.of("GET /v1.0/brandNew/api"), daemon.get("unknownEndpoints"));
        String md = summary.toMarkdown();
        assertTrue(md.contains("| GET /me/messages | Mail.ReadWrite |"), md);
        assertTrue(md.contains("carried but never needed (over-privilege): Files.ReadWrite.All"), md);
        assertTrue(md.contains("\nFailures by code: MISSING_PERMISSION 1\n"), md);
        assertTrue(md.contains("### Top endpoints"), md);
        assertTrue(md.contains("\n### Contoso Sync (appid daemon, application token)\n"), "an app is named as its tokens name it: " + md);
        assertTrue(md.contains("\n### app app-1 (delegated token)\n"), "and by its appid when they do not: " + md);
        List<Map<String, Object>> top = (List<Map<String, Object>>) summary.toMap().get("topEndpoints");
        assertEquals(Map.of("endpoint", "GET /me/messages", "calls", 2), top.get(0), "the most called endpoint first");
        assertEquals(5, top.size());
        assertTrue(!md.contains("c2ln"), "no token text in the report");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRepeatedCallIsCountedEachTimeAndLookedUpAgainOnceTheCatalogIsReloaded() throws Exception {
        PermissionCatalog[] current = {new PermissionCatalog(List.of())};
        SessionSummary summary = new SessionSummary(() -> current[0]);
        String delegated = bearer("{\"aud\":\"https://graph.microsoft.com\",\"appid\":\"app-1\",\"scp\":\"User.Read\"}");
        Verdict denied = Verdict.of(DiagnosisCode.MISSING_PERMISSION, "needs more", "add it", null);
        for (int i = 0; i < 3; i++) {
            summary.completed(call("GET", "/v1.0/me", delegated, 403, denied));
        }
        current[0] = CatalogLoader.load(Path.of("config/permissions.json"));
        summary.completed(call("GET", "/v1.0/me", delegated, 403, denied));

        String md = summary.toMarkdown();
        assertTrue(md.contains("\nFailures by code: MISSING_PERMISSION 4\n"), md);
        List<Map<String, Object>> top = (List<Map<String, Object>>) summary.toMap().get("topEndpoints");
        assertTrue(top.contains(Map.of("endpoint", "GET /v1.0/me", "calls", 3)), "counted under the guess while the catalog lacked it: " + top);
        assertTrue(top.contains(Map.of("endpoint", "GET /me", "calls", 1)), "and under the catalog's endpoint after the reload: " + top);
        Map<String, Object> app = ((List<Map<String, Object>>) summary.toMap().get("apps")).get(0);
        assertEquals(List.of("User.Read"), app.get("needed"), "the reloaded catalog's needs are recorded: " + app);
    }

    @Test
    @SuppressWarnings("unchecked")
    void permissionsAnEndpointNeedsTogetherAreAllNeededAndNoneIsExcess() throws Exception {
        SessionSummary summary = new SessionSummary(CatalogLoader.load(Path.of("config/permissions.json")));
        String granter = bearer("{\"aud\":\"https://graph.microsoft.com\",\"appid\":\"granter\",\"idtyp\":\"app\","
                + "\"roles\":[\"Mail.Send\",\"Group.ReadWrite.All\",\"AppRoleAssignment.ReadWrite.All\"]}");
        String novice = bearer("{\"aud\":\"https://graph.microsoft.com\",\"appid\":\"novice\",\"idtyp\":\"app\",\"roles\":[\"AppRoleAssignment.ReadWrite.All\"]}");
        summary.completed(call("POST", "/v1.0/groups/02bd9fd6/appRoleAssignments", granter, 201, null));
        summary.completed(call("POST", "/v1.0/groups/02bd9fd6/appRoleAssignments", novice, 403, null));

        List<Map<String, Object>> apps = (List<Map<String, Object>>) summary.toMap().get("apps");
        Map<String, Object> held = apps.stream().filter(a -> a.get("appid").equals("granter")).findFirst().orElseThrow();
        assertEquals(List.of("AppRoleAssignment.ReadWrite.All", "Group.ReadWrite.All"), held.get("needed"),
                "both halves of the set, as the token names them (Group.ReadWrite.All meets Group.Read.All)");
        assertEquals(List.of("Mail.Send"), held.get("excess"));
        assertEquals(List.of(), held.get("missing"));
        Map<String, Object> half = apps.stream().filter(a -> a.get("appid").equals("novice")).findFirst().orElseThrow();
        assertEquals(List.of("AppRoleAssignment.ReadWrite.All", "Group.Read.All"), half.get("needed"));
        assertEquals(List.of("Group.Read.All"), half.get("missing"), "the half it lacks");
        assertTrue(summary.toMarkdown().contains("| POST /groups/{id}/appRoleAssignments | AppRoleAssignment.ReadWrite.All and Group.Read.All |"),
                summary.toMarkdown());
    }

    @Test
    @SuppressWarnings("unchecked")
    void unknownEndpointsAreKeptByTemplateAndStayBoundedOverALongSession() throws Exception {
        SessionSummary summary = new SessionSummary(CatalogLoader.load(Path.of("config/permissions.json")));
        String token = bearer("{\"aud\":\"https://graph.microsoft.com\",\"appid\":\"app-1\",\"scp\":\"User.Read\"}");
        for (int i = 0; i < 20_000; i++) {
            summary.completed(call("GET", "/v1.0/brandNew/widgets/" + java.util.UUID.randomUUID() + "/parts/" + i
                    + "?$top=" + i, token, 200, null));
            summary.completed(call("GET", "/v1.0/brandNew/name-" + letters(i), token, 200, null));
        }
        Map<String, Object> data = summary.toMap();
        List<Map<String, Object>> top = (List<Map<String, Object>>) data.get("topEndpoints");
        assertEquals(Map.of("endpoint", "GET /v1.0/brandNew/widgets/{id}/parts/{id}", "calls", 20_000), top.get(0));
        assertEquals(Map.of("endpoint", SessionSummary.OTHER_ENDPOINTS, "calls", 20_000 - SessionSummary.MAX_ENDPOINTS + 1),
                top.get(1), "distinct endpoints past the limit are only counted");
        Map<String, Object> app = ((List<Map<String, Object>>) data.get("apps")).get(0);
        assertEquals(SessionSummary.MAX_ENDPOINTS, ((List<String>) app.get("unknownEndpoints")).size());
    }

    /** A distinct name without digits for each number, so no segment looks like an id. */
    static String letters(int n) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return sb.toString();
    }

    @Test
    void idLikeSegmentsBecomePlaceholders() {
        assertEquals("/v1.0/users/{id}/drive/items/{id}", SessionSummary.guessTemplate(
                "/v1.0/users/adele@contoso.com/drive/items/01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K"));
        assertEquals("/beta/chats/{id}/messages/{id}", SessionSummary.guessTemplate(
                "/beta/chats/48d31887-5fad-4d73-a9f5-3c356e68a038/messages/1616990032035"));
        assertEquals("/v1.0/brandNew/api", SessionSummary.guessTemplate("/v1.0/brandNew/api"));
    }
}
