package dev.graphlens.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.config.Settings;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.permissions.DirectoryRoles;
import dev.graphlens.permissions.PermissionCatalog;
import dev.graphlens.token.TokenDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The facts rules read, derived from one exchange with the shipped AADSTS table and catalog. */
class FactSheetTest {
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static AadstsCatalog aadsts;
    static PermissionCatalog catalog;
    static DirectoryRoles roles;

    @BeforeAll
    static void load() throws Exception {
        Settings settings = Settings.load(Path.of("config/graphlens.json"));
        aadsts = AadstsCatalog.load(settings.resolve(settings.aadsts()));
        catalog = Knowledge.permissions(settings);
        roles = DirectoryRoles.load(settings.resolve(settings.roles()), catalog);
    }

    static Map<String, Object> facts(String method, String host, String path, String authorization, String requestBody,
                                     int status, String responseBody) {
        RequestFacts request = new RequestFacts(method, "https", host, 443, path,
                authorization == null ? Headers.EMPTY : Headers.of("Authorization", authorization),
                requestBody == null ? null : requestBody.getBytes(StandardCharsets.UTF_8));
        ResponseFacts response = new ResponseFacts(status, Headers.of("Content-Type", "application/json"),
                responseBody.getBytes(StandardCharsets.UTF_8), false);
        return FactSheet.of(request, response, TokenDecoder.decode(authorization), ErrorParser.parse(response), aadsts, catalog,
                roles, NOW, Duration.ofMinutes(5));
    }

    @Test
    void whatTheTokenEndpointSaidLeavesOutItsTraceLines() {
        Map<String, Object> f = facts("POST", "login.microsoftonline.com", "/common/oauth2/v2.0/token", null, "grant_type=refresh_token", 400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70000121: The passed grant is from a personal Microsoft account."
                        + "\\r\\nTrace ID: 0a1b\\r\\nCorrelation ID: 0a1c\\r\\nTimestamp: 2026-11-20 10:00:00Z\",\"error_codes\":[70000121]}");
        assertEquals("invalid_grant: AADSTS70000121: The passed grant is from a personal Microsoft account", f.get("error.said"));
    }

    @Test
    void aGraphRefusalSentAs400IsJudgedAs403WhileTokenEndpointsAndPlainBadRequestsKeepTheirStatus() {
        Map<String, Object> refusal = facts("GET", "graph.microsoft.com", "/v1.0/teams/t1/channels", null, null, 400,
                "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing scope permissions on the request.\"}}");
        assertEquals(403.0, refusal.get("status"));
        assertEquals(400.0, refusal.get("status.sent"));
        Map<String, Object> bad = facts("GET", "graph.microsoft.com", "/v1.0/users", null, null, 400,
                "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Invalid filter clause\"}}");
        assertEquals(400.0, bad.get("status"));
        Map<String, Object> validation = facts("POST", "graph.microsoft.com", "/v1.0/subscriptions", null, null, 400,
                "{\"error\":{\"code\":\"ExtensionError\",\"message\":\"Operation: Create; Exception: [Status Code: Forbidden; Reason: "
                        + "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.]\"}}");
        assertEquals(400.0, validation.get("status"), "the notification endpoint's own answer, not a refusal");
        Map<String, Object> workload = facts("POST", "graph.microsoft.com", "/v1.0/subscriptions", null, null, 400,
                "{\"error\":{\"code\":\"ExtensionError\",\"message\":\"Operation: Create; Exception: [Status Code: Unauthorized; Reason: Unauthorized]\"}}");
        assertEquals(403.0, workload.get("status"), "the watched workload refused the subscription");
        Map<String, Object> token = facts("POST", "login.microsoftonline.com", "/common/oauth2/v2.0/token", null, "grant_type=client_credentials", 400,
                "{\"error\":\"unauthorized_client\",\"error_description\":\"AADSTS700016: Access denied.\"}");
        assertEquals(400.0, token.get("status"), "a token endpoint's 400 is its own error");
    }

    @Test
    void aRefusalSentAs401ToASoundTokenIsJudgedAs403ButA401AboutTheTokenIsNot() {
        String sound = Tokens.bearer(Tokens.delegated(NOW, "User.Read"));
        String expired = Tokens.bearer(Tokens.delegated(NOW.minusSeconds(7200), "User.Read"));
        String denied = "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges to complete the operation.\"}}";
        assertEquals(403.0, facts("GET", "graph.microsoft.com", "/v1.0/users", sound, null, 401, denied).get("status"));
        assertEquals(401.0, facts("GET", "graph.microsoft.com", "/v1.0/users", expired, null, 401, denied).get("status"), "the token is the problem");
        assertEquals(401.0, facts("GET", "graph.microsoft.com", "/v1.0/users", sound, null, 401,
                "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access denied.\"}}").get("status"));
    }

    @Test
    void claimFactsAreAbsentWhenTheHeaderHoldsNoJwt() {
        Map<String, Object> f = facts("GET", "graph.microsoft.com", "/v1.0/me", null, null, 401,
                "{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"Access token is empty.\"}}");
        assertEquals("absent", f.get("token.state"));
        assertEquals(false, f.get("token.hasPermissions"));
        assertEquals(false, f.get("token.personal"));
        assertNull(f.get("token.expired"));
        assertNull(f.get("token.aud"));
        assertFalse(f.containsKey("token.audience"));
        assertEquals("InvalidAuthenticationToken", f.get("error.code"));
        assertEquals(401.0, f.get("status"));
    }

    @Test
    void endpointFactsNameTheCatalogTemplateAndWhatTheTokenLacks() {
        Map<String, Object> f = facts("GET", "graph.microsoft.com", "/v1.0/me/messages?$top=5",
                Tokens.bearer(Tokens.delegated(NOW, "openid User.Read")), null, 403,
                "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied.\"}}");
        assertEquals(true, f.get("endpoint.known"));
        assertEquals(f.get("endpoint.template"), f.get("request.endpoint"));
        assertTrue(((String) f.get("endpoint.template")).startsWith("GET /me/messages"), String.valueOf(f.get("endpoint.template")));
        assertEquals("delegated", f.get("endpoint.scheme"));
        assertEquals(false, f.get("endpoint.tokenHasAccepted"));
        assertEquals("", f.get("endpoint.granted"));
        assertEquals("Mail.ReadBasic", f.get("endpoint.least"));
        assertEquals("openid User.Read", f.get("token.permissions"));
        assertEquals(false, f.get("token.expired"));
        assertEquals("global", f.get("graph.cloud").toString().toLowerCase());
    }

    @Test
    void aTokenRequestYieldsItsGrantClientAndScopeButNoSecret() {
        Map<String, Object> f = facts("POST", "login.microsoftonline.com", "/contoso.onmicrosoft.com/oauth2/v2.0/token", null,
                "grant_type=client_credentials&client_id=app-1&client_secret=s3cr3t-value&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
                401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided. "
                        + "Ensure the secret being sent is correct.\",\"error_codes\":[7000215]}");
        assertEquals(true, f.get("request.tokenEndpoint"));
        assertEquals("client_credentials", f.get("request.grantType"));
        assertEquals("app-1", f.get("request.clientId"));
        assertEquals("https://graph.microsoft.com/.default", f.get("request.scope"));
        assertEquals(false, f.get("endpoint.known"));
        assertEquals(7000215.0, f.get("aadsts.code"));
        assertEquals(true, f.get("aadsts.known"));
        assertEquals("Invalid client secret provided.", f.get("aadsts.description"));
        assertTrue(f.entrySet().stream().noneMatch(e -> String.valueOf(e.getValue()).contains("s3cr3t")), f.toString());
    }

    @Test
    void everyListedFactIsOneTheSheetDerives() {
        Map<String, Object> f = facts("GET", "graph.microsoft.com", "/v1.0/me/messages",
                Tokens.bearer(Tokens.delegated(NOW, "Mail.Read")), null, 403, "{}");
        assertTrue(FactSheet.KNOWN.keySet().containsAll(f.keySet()));
        assertEquals("Mail.Read", f.get("endpoint.granted"));
        assertNull(f.get("no.such.fact"));
    }
}
