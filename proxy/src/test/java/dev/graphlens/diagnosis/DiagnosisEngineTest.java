package dev.graphlens.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.graphlens.config.Settings;
import dev.graphlens.exchange.Confidence;
import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.exchange.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped rules, AADSTS table and catalog, judged without sockets on a fixed clock. */
class DiagnosisEngineTest {
    static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    static final String USER = "48d31887-5fad-4d73-a9f5-3c356e68a038";
    static final String USER_OID = "6e0f9c4d-5a1b-4c7e-8d3f-2b9a1e0c7d55";
    static DiagnosisEngine engine;

    @BeforeAll
    static void load() throws Exception {
        engine = Knowledge.engine(Settings.load(Path.of("config/graphlens.json")), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Verdict verdict(String method, String url, String authorization, int status, String body, String... headers) {
        return diagnose(method, url, authorization, null, status, body.getBytes(StandardCharsets.UTF_8), headers).orElseThrow();
    }

    static Optional<Verdict> diagnose(String method, String url, String authorization, String requestBody, int status,
                                      byte[] body, String... headers) {
        java.net.URI uri = java.net.URI.create(url);
        Headers requestHeaders = authorization == null ? Headers.EMPTY : Headers.of("Authorization", authorization);
        RequestFacts request = new RequestFacts(method, "https", uri.getHost(), 443, uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), requestHeaders,
                requestBody == null ? null : requestBody.getBytes(StandardCharsets.UTF_8));
        return engine.diagnose(request, new ResponseFacts(status, Headers.of(headers), body, false));
    }

    /** A delegated token that names its user, so a /users/{x} path can be told to be hers or another's. */
    static JWTClaimsSet.Builder adele(String scp) {
        return Tokens.delegated(NOW, scp).claim("oid", "6e0f9c4d-5a1b-4c7e-8d3f-2b9a1e0c7d55").claim("upn", "adele@contoso.com");
    }

    static String graphError(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"innerError\":{\"request-id\":\"r-1\"}}}";
    }

    static String aadsts(String error, int code, String text) {
        return "{\"error\":\"" + error + "\",\"error_description\":\"AADSTS" + code + ": " + text + "\\r\\nTrace ID: t\","
                + "\"error_codes\":[" + code + "],\"trace_id\":\"t\",\"correlation_id\":\"c\"}";
    }

    @Test
    void successPassesUntouched() {
        assertTrue(diagnose("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.delegated(NOW, "User.Read")),
                null, 200, "{}".getBytes()).isEmpty());
    }

    @Test
    void missingAuthorizationIsTokenMissing() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", null, 401,
                graphError("InvalidAuthenticationToken", "Access token is empty."));
        assertEquals(DiagnosisCode.TOKEN_MISSING, v.code());
    }

    @Test
    void unsetVariableIsTokenMalformedAndSaysSo() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", "Bearer undefined", 401,
                graphError("InvalidAuthenticationToken", "CompactToken parsing failed with error code: 80049217"));
        assertEquals(DiagnosisCode.TOKEN_MALFORMED, v.code());
        assertTrue(v.summary().contains("never set"), v.summary());
    }

    @Test
    void quotedTokenIsMalformedAndSaysSo() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", "Bearer \"" + Tokens.jwt(Tokens.delegated(NOW, "User.Read")) + "\"",
                401, graphError("InvalidAuthenticationToken", "CompactToken parsing failed with error code: 80049217"));
        assertEquals(DiagnosisCode.TOKEN_MALFORMED, v.code());
        assertTrue(v.summary().contains("wrapped in quotes"), v.summary());
    }

    @Test
    void caeRefusalWithoutAChallengeHeaderIsAClaimsChallengeInPlainWords() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/messages", Tokens.bearer(Tokens.delegated(NOW, "Mail.Read")), 401,
                graphError("InvalidAuthenticationToken", "Continuous access evaluation resulted in challenge with result: "
                        + "InteractionRequired and code: TokenCreatedWithOutdatedPolicies"));
        assertEquals(DiagnosisCode.CLAIMS_CHALLENGE, v.code());
        assertFalse(v.summary().contains("(none)"), v.summary());
    }

    @Test
    void aTokenEndpointRefusalWithAnHtmlBodySaysSo() {
        Optional<Verdict> v = diagnose("POST", "https://login.microsoftonline.com/" + Tokens.TENANT + "/oauth2/v2.0/token", null,
                "grant_type=client_credentials&client_id=app-1&client_secret=s3cr3t", 400,
                "<html><body>Bad Request</body></html>".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/html");
        assertEquals(DiagnosisCode.TOKEN_ENDPOINT_ERROR, v.orElseThrow().code());
        assertEquals("The token endpoint refused the request with 400: a body that is not JSON (text/html) (grant_type "
                + "client_credentials, client_id app-1).", v.get().summary());
    }

    @Test
    void aRefusalWithoutAGraphErrorSaysWhatCameInstead() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 401,
                "<html><body>401 Unauthorized</body></html>", "Content-Type", "text/html");
        assertEquals(DiagnosisCode.UNKNOWN_AUTH_ERROR, v.code());
        assertTrue(v.summary().endsWith("Graph said: a body that is not JSON (text/html)."), v.summary());
        assertFalse(v.summary().contains("(none)"), v.summary());
    }

    @Test
    void aHugeErrorMessageIsCutBeforeTheRulesReadItAndStillDecides() {
        String message = "Access token is empty. " + "Mailbox not ".repeat(80_000);
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", null, 401,
                graphError("InvalidAuthenticationToken", message));
        assertEquals(DiagnosisCode.TOKEN_MISSING, v.code());
        assertTrue(v.summary().contains("Graph said: InvalidAuthenticationToken: Access token is empty. Mailbox not Mailbox not"), v.summary().substring(0, 200));
        assertTrue(v.summary().length() < ErrorParser.MAX_MESSAGE + 500, "summary of " + v.summary().length() + " chars");
    }

    @Test
    void expiredTokenSaysByHowMuch() {
        var token = Tokens.delegated(NOW, "User.Read").expirationTime(Date.from(NOW.minusSeconds(5400)));
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(token), 401,
                graphError("InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."));
        assertEquals(DiagnosisCode.TOKEN_EXPIRED, v.code());
        assertTrue(v.summary().contains("expired 90 min ago"), v.summary());
    }

    @Test
    void futureNbfIsNotYetValid() {
        var token = Tokens.delegated(NOW, "User.Read").notBeforeTime(Date.from(NOW.plusSeconds(900)));
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(token), 401,
                graphError("InvalidAuthenticationToken", "Access token has expired or is not yet valid."));
        assertEquals(DiagnosisCode.TOKEN_NOT_YET_VALID, v.code());
        assertTrue(v.summary().contains("15 min in the future"), v.summary());
    }

    @Test
    void expiredAndWrongAudienceNamesTheAudienceAndMentionsExpiry() {
        var token = Tokens.delegated(NOW, "User.Read").audience("https://graph.windows.net")
                .expirationTime(Date.from(NOW.minusSeconds(600)));
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users", Tokens.bearer(token), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure. Invalid audience."));
        assertEquals(DiagnosisCode.WRONG_AUDIENCE, v.code(), "a fresh token for the wrong API still fails: audience first");
        assertTrue(v.summary().contains("Also: TOKEN_EXPIRED"), v.summary());
    }

    @Test
    void graphSayingExpiredPutsExpiryFirst() {
        var token = Tokens.delegated(NOW, "User.Read").audience("https://graph.windows.net")
                .expirationTime(Date.from(NOW.minusSeconds(600)));
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users", Tokens.bearer(token), 401,
                graphError("InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."));
        assertEquals(DiagnosisCode.TOKEN_EXPIRED, v.code());
        assertTrue(v.summary().contains("Also: WRONG_AUDIENCE"), v.summary());
    }

    @Test
    void identityModelLifetimeMessagesAreReadAsLifetimeNotAsAMalformedToken() {
        var early = Tokens.delegated(NOW, "User.Read").notBeforeTime(Date.from(NOW.plusSeconds(600)));
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(early), 401,
                graphError("InvalidAuthenticationToken", "IDX10222: Lifetime validation failed. The token is not yet valid."));
        assertEquals(DiagnosisCode.TOKEN_NOT_YET_VALID, v.code(), v.summary());
    }

    @Test
    void aJwtGraphCannotParseIsMalformedAndTheVerdictSaysWhatItDecodedAs() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 401,
                graphError("InvalidAuthenticationToken", "CompactToken parsing failed with error code: 80049217"));
        assertEquals(DiagnosisCode.TOKEN_MALFORMED, v.code());
        assertTrue(v.summary().startsWith("Graph could not parse the token, though it decodes as a JWT for Graph"), v.summary());
        assertFalse(v.summary().contains("(none)"), v.summary());
    }

    @Test
    void idTokenIsRecognised() {
        var token = Tokens.base(NOW).audience(Tokens.APP).claim("appid", null).claim("nonce", "n1").claim("ver", "2.0");
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(token), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure. Invalid audience."));
        assertEquals(DiagnosisCode.ID_TOKEN_USED, v.code());
        assertFalse(v.summary().contains("WRONG_AUDIENCE"), "an ID token is not also reported as a wrong audience");
    }

    @Test
    void anExpiredIdTokenIsAnIdTokenFirstBecauseAFreshOneWouldFailToo() {
        var token = Tokens.base(NOW).audience(Tokens.APP).claim("appid", null).claim("nonce", "n1").claim("ver", "2.0")
                .expirationTime(Date.from(NOW.minusSeconds(600)));
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(token), 401,
                graphError("InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."));
        assertEquals(DiagnosisCode.ID_TOKEN_USED, v.code());
        assertTrue(v.summary().contains("Also: TOKEN_EXPIRED"), v.summary());
    }

    @Test
    void anAudienceRefusedAlthoughItIsGraphsIdIsLikelyAnotherCloudWhenNothingInTheTokenNamesItsCloud() {
        String invalidAudience = graphError("InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
        Verdict unnamed = verdict("GET", "https://graph.microsoft.us/v1.0/me",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read").audience("00000003-0000-0000-c000-000000000000")), 401, invalidAudience);
        assertEquals(DiagnosisCode.WRONG_CLOUD, unnamed.code());
        assertTrue(unnamed.summary().startsWith("Likely"), unnamed.summary());
        Verdict named = verdict("GET", "https://graph.microsoft.com/v1.0/me",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read").audience("https://graph.microsoft.com")), 401, invalidAudience);
        assertEquals(DiagnosisCode.UNKNOWN_AUTH_ERROR, named.code(), "aud names the global Graph: not a cloud mix-up");
    }

    @Test
    void usGovTokenOnGlobalGraphIsWrongCloud() {
        var token = Tokens.appOnly(NOW, "User.Read.All").audience("https://graph.microsoft.us");
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users", Tokens.bearer(token), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure. Invalid audience."));
        assertEquals(DiagnosisCode.WRONG_CLOUD, v.code());
    }

    @Test
    void aChineseIssuerOnGlobalGraphIsWrongCloudEvenWhenAudNamesTheGlobalGraph() {
        var token = Tokens.delegated(NOW, "User.Read").audience("https://graph.microsoft.com")
                .issuer("https://login.chinacloudapi.cn/" + Tokens.TENANT + "/v2.0");
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(token), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure."));
        assertEquals(DiagnosisCode.WRONG_CLOUD, v.code(), v.summary());
        assertTrue(v.summary().contains("China (21Vianet)"), v.summary());
        var usGovAudience = Tokens.delegated(NOW, "User.Read").audience("https://graph.microsoft.us")
                .issuer("https://login.microsoftonline.com/" + Tokens.TENANT + "/v2.0");
        Verdict aud = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(usGovAudience), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure. Invalid audience."));
        assertEquals(DiagnosisCode.WRONG_CLOUD, aud.code(), "aud names another cloud's Graph, whatever the issuer: " + aud.summary());
    }

    @Test
    void consumerTenantOnWorkOnlyApiIsPersonalAccount() {
        var token = Tokens.delegated(NOW, "Tasks.ReadWrite").claim("tid", "9188040d-6c67-4c5b-b112-36a304b66dad");
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/planner/tasks", Tokens.bearer(token), 403,
                graphError("Forbidden", "Forbidden"));
        assertEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, v.code());
    }

    @Test
    void aWorkTenantsTokenAddressingAnOutlookComMailboxIsAPersonalAccountAndATenantUserIsNot() {
        var app = Tokens.appOnly(NOW, "Mail.Read");
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/someone@outlook.com/mailFolders", Tokens.bearer(app), 401, "");
        assertEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, v.code(), v.summary());
        assertTrue(v.summary().contains("someone@outlook.com"), v.summary());
        Verdict tenantUser = verdict("GET", "https://graph.microsoft.com/v1.0/users/someone@contoso.com/mailFolders", Tokens.bearer(app), 401, "");
        assertNotEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, tenantUser.code(), tenantUser.summary());
        Verdict lookalike = verdict("GET", "https://graph.microsoft.com/v1.0/users/someone@outlook.company.example/mailFolders", Tokens.bearer(app), 401, "");
        assertNotEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, lookalike.code(), lookalike.summary());
    }

    @Test
    void aTenantMismatchIsNamedWithTheBodysTenantIdAsRunnerUp() {
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/communications/calls",
                Tokens.bearer(Tokens.appOnly(NOW, "Calls.JoinGroupCall.All")), 403, graphError("7505", "Request authorization tenant mismatch."));
        assertEquals(DiagnosisCode.UNKNOWN_AUTH_ERROR, v.code(), v.summary());
        assertTrue(v.summary().contains("tenant mismatch") && v.summary().contains(Tokens.TENANT), v.summary());
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, v.alternatives().get(0).code());
    }

    @Test
    void selectingMailboxSettingsWithoutItsPermissionIsAMissingPermissionAndWithItIsNot() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me?$select=displayName,mailboxSettings",
                Tokens.bearer(Tokens.delegated(NOW, "openid User.Read Calendars.ReadWrite")), 403,
                graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code(), v.summary());
        assertTrue(v.summary().contains("MailboxSettings.Read"), v.summary());
        Verdict held = verdict("GET", "https://graph.microsoft.com/v1.0/me?$select=displayName,mailboxSettings",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read MailboxSettings.Read")), 403,
                graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again."));
        assertFalse(held.summary().contains("selects mailboxSettings"), held.summary());
    }

    @Test
    void aCloudPcAppRefusedDespiteItsCloudPcRoleIsTheTenantsWindows365WithTheUserAgentAsRunnerUp() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/beta/deviceManagement/virtualEndpoint/provisioningPolicies",
                Tokens.bearer(Tokens.appOnly(NOW, "CloudPC.ReadWrite.All")), 403, graphError("Forbidden", "Access Denied"));
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, v.code(), v.summary());
        assertTrue(v.summary().contains("Windows 365"), v.summary());
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, v.alternatives().get(0).code());
    }

    @Test
    void plannerRefusingAUserWhoseTokenHasThePermissionIsGroupMembershipButNotForAGuestsInvalidToken() {
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/planner/plans",
                Tokens.bearer(Tokens.delegated(NOW, "Group.ReadWrite.All User.Read")), 401, "<html><title>401 - Unauthorized</title></html>",
                "Content-Type", "text/html");
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code(), v.summary());
        assertTrue(v.summary().contains("member of the Microsoft 365 group"), v.summary());
        Verdict guest = verdict("GET", "https://graph.microsoft.com/v1.0/me/planner/tasks",
                Tokens.bearer(Tokens.delegated(NOW, "Tasks.Read User.Read").claim("acct", 1)), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure."));
        assertNotEquals(DiagnosisCode.USER_NOT_PRIVILEGED, guest.code(), guest.summary());
    }

    @Test
    void aGuestReadingItsOwnCalendarInTheResourceTenantHasNoMailboxThere() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/calendarView?startDateTime=2026-01-01T00:00:00Z&endDateTime=2026-02-01T00:00:00Z",
                Tokens.bearer(Tokens.delegated(NOW, "Calendars.Read User.Read").claim("acct", 1)), 401,
                graphError("AuthOMMissingRequiredPermissions", "The AadGuestPft token doesn't contain the permissions required by the target API."));
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, v.code(), v.summary());
        assertTrue(v.summary().contains("guest"), v.summary());
    }

    @Test
    void noAdequateServicePlanIsALicence() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/employeeExperience/learningProviders",
                Tokens.bearer(Tokens.delegated(NOW, "LearningProvider.Read User.Read")), 403,
                graphError("forbidden", "You don't have a service plan adequate for this request."));
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, v.code(), v.summary());
    }

    @Test
    void aGlobalAdministratorRefusedByTheDirectoryLacksAPermissionNotARole() {
        var admin = Tokens.delegated(NOW, "Directory.ReadWrite.All Domain.ReadWrite.All User.Read")
                .claim("wids", List.of("62e90394-69f5-4237-9190-012177145e10", "b79fbf4d-3ef9-4689-8143-76b194e85509"));
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/domains/fed.contoso.com/federationConfiguration", Tokens.bearer(admin), 403,
                graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code(), v.summary());
        assertTrue(v.summary().contains("Global Administrator") && v.summary().contains("Directory.AccessAsUser.All"), v.summary());
        Verdict attributes = verdict("PATCH", "https://graph.microsoft.com/v1.0/directory/customSecurityAttributeDefinitions/Eng_Project", Tokens.bearer(admin), 403,
                graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        assertNotEquals("global-admin-directory-refused", attributes.details().get("rule"), "a Global Administrator holds no attribute role");
    }

    @Test
    void aMessageNamingTheMsGraphPermissionTheCallerLacksIsACertainMissingPermission() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/beta/reports/servicePrincipalSignInActivities",
                Tokens.bearer(Tokens.appOnly(NOW, "Directory.Read.All")), 403,
                graphError("Authentication_MSGraphPermissionMissing", "Calling principal does not have required MSGraph permissions AuditLog.Read.All"));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code(), v.summary());
        assertEquals(Confidence.CERTAIN, v.confidence(), v.summary());
        assertTrue(v.fix().contains("AuditLog.Read.All"), v.fix());
        Verdict noAudit = verdict("GET", "https://graph.microsoft.com/beta/reports/credentialUserRegistrationDetails",
                Tokens.bearer(Tokens.appOnly(NOW, "Reports.Read.All")), 403,
                graphError("Authentication_ApplicationHasNoReadAuditLogDataAccess", "Application missing MSGraph API 'Read all audit log data' permission"));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, noAudit.code(), noAudit.summary());
    }

    @Test
    void selectingLapsPasswordsWithOnlyTheBasicPermissionIsAMissingPermission() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/directory/deviceLocalCredentials/0f9c?$select=credentials",
                Tokens.bearer(Tokens.delegated(NOW, "DeviceLocalCredential.ReadBasic.All Device.Read.All")), 403,
                graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code(), v.summary());
        assertTrue(v.summary().contains("DeviceLocalCredential.Read.All"), v.summary());
    }

    @Test
    void queryingUsersBeyondTheBasicProfileWithUserReadBasicAllNeedsUserReadAllButBasicSelectsAndGuestsDoNot() {
        String denied = graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users?$top=6&$filter=accountEnabled%20eq%20true",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read User.ReadBasic.All")), 403, denied);
        assertEquals("basic-profile-query", v.details().get("rule"), v.summary());
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code(), v.summary());
        Verdict basic = verdict("GET", "https://graph.microsoft.com/v1.0/users?$select=id,displayName",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read User.ReadBasic.All")), 403, denied);
        assertNotEquals("basic-profile-query", basic.details().get("rule"), basic.summary());
        Verdict guest = verdict("GET", "https://graph.microsoft.com/v1.0/users?$select=id,department",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read User.ReadBasic.All").claim("acct", 1)), 403, denied);
        assertNotEquals("basic-profile-query", guest.details().get("rule"), "a guest's directory access is restricted: " + guest.summary());
    }

    @Test
    void anotherWayToReadPresenceThanMeNeedsPresenceReadAll() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/beta/users/6e0f9c4d-5a1b-4c7e-8d3f-2b9a1e0c7d55/presence",
                Tokens.bearer(adele("User.Read Presence.Read")), 403, graphError("Forbidden", "Forbidden"));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code(), v.summary());
        assertTrue(v.summary().contains("Presence.Read.All"), v.summary());
    }

    @Test
    void aGatewaysOwnForbiddenPageIsNotGraphsAuthorization() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users?$top=999", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 403,
                graphError("UnknownError", "403 Forbidden  Microsoft-Azure-Application-Gateway/v2"));
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, v.code(), v.summary());
        assertTrue(v.fix().contains("User-Agent"), v.fix());
    }

    @Test
    void opaqueMsaTokenIsNotCalledMalformed() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/planner/tasks",
                "Bearer EwBwA8l6BAAUO9chh8cJscQLmU+LSWpbnr0vmwwAAXv2uZ0BAAEXAMPLE3gAAA==", 401,
                graphError("InvalidAuthenticationToken", "MSA tokens are not supported for this API."));
        assertEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, v.code());
    }

    @Test
    void aShortOpaqueMsaTokenOnAWorkOnlyApiIsAPersonalAccountEvenWhenGraphDoesNotSaySo() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/joinedTeams",
                "Bearer EwB4A8l6BAAUO9chh8cJscQLmU+LSWpbnr0vmwwAAXv2uZ0BAAE1gAAA==", 401,
                graphError("InvalidAuthenticationToken", "CompactToken validation failed with reason code: 80049228."));
        assertEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, v.code(), v.summary());
    }

    @Test
    void aPersonalAccountSignInRefusedInTheRedirectsFragmentIsASignInError() {
        Verdict v = verdict("GET", "https://login.live.com/oauth20_authorize.srf?client_id=app1&scope=Files.Read&response_mode=fragment",
                null, 302, "", "Location", "https://app.example/#error=access_denied&error_description=The+user+has+denied+access+to+the+scope+requested.");
        assertEquals(DiagnosisCode.TOKEN_ENDPOINT_ERROR, v.code(), v.summary());
        assertTrue(v.summary().startsWith("Sign-in failed: the identity platform redirected back to the app with the error access_denied: The user has denied")
                && v.summary().contains("The user has denied access") && v.summary().contains("client_id app1, scope Files.Read"), v.summary());
    }

    @Test
    void aRedirectWithoutAnErrorParameterOrFromGraphIsNotDiagnosed() {
        assertTrue(diagnose("GET", "https://login.microsoftonline.com/t/oauth2/v2.0/authorize?client_id=a&state=x", null, null, 302,
                new byte[0], "Location", "http://localhost/cb?code=abc&state=my_error=1").isEmpty());
        assertTrue(diagnose("GET", "https://graph.microsoft.com/v1.0/me/drive/items/1/content", null, null, 302,
                new byte[0], "Location", "https://cdn.example/f?error=x").isEmpty());
    }

    private static final String MSA_TOKEN = "Bearer EwBwA8l6BAAUbDba3x2OMJElkF7gJ4z/VbCPEz0AAfbtMM4aRB2JU6yPXwvTdDhQ1v2ZlMpqsI3kOQ";

    @Test
    void anOpaqueMsaTokenThatGraphValidatedAndRejectedOnAPersonalApiIsExpiredNotMalformed() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/drive/root/children", MSA_TOKEN, 401,
                graphError("InvalidAuthenticationToken", "CompactToken validation failed with reason code: 80049228."));
        assertEquals(DiagnosisCode.TOKEN_EXPIRED, v.code(), v.summary());
        assertTrue(v.summary().contains("cannot read"), v.summary());
    }

    @Test
    void anOpaqueMsaTokenGraphCouldNotParseIsStillMalformed() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/drive/root/children", MSA_TOKEN, 401,
                graphError("InvalidAuthenticationToken", "CompactToken parsing failed with error code: 80049217"));
        assertEquals(DiagnosisCode.TOKEN_MALFORMED, v.code(), v.summary());
    }

    @Test
    void aRefusedOpaqueMsaTokenOnAPersonalApiNeedsThePersonalAccountScopeNotAWorkOne() {
        Verdict v = verdict("PUT", "https://graph.microsoft.com/v1.0/me/drive/root:/notes.txt:/content", MSA_TOKEN, 403,
                graphError("accessDenied", "Access denied"));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code(), v.summary());
        assertTrue(v.summary().contains("(delegated, personal account)") && !v.summary().contains("Sites.ReadWrite.All"), v.summary());
        assertTrue(v.fix().startsWith("Request Files.ReadWrite "), v.fix());
    }

    @Test
    void anOpaqueMsaToken401ThatNamesNoCauseIsUnexplainedNotAMissingScope() {
        // A 401 says the token was not accepted at all; the scopes of an opaque token cannot be read, so they are not blamed.
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/drive/root/children", MSA_TOKEN, 401,
                graphError("InvalidAuthenticationToken", "Authentication failed."));
        assertEquals(DiagnosisCode.UNKNOWN_AUTH_ERROR, v.code(), v.summary());
        assertEquals(DiagnosisCode.TOKEN_EXPIRED, v.alternatives().get(0).code(), "a stale token is the runner-up");
    }

    @Test
    void aBare400ToAPersonalAccountOnAWorkOnlyApiIsTheAccountTypeButADetailed400IsTheRequest() {
        var token = Tokens.delegated(NOW, "Tasks.ReadWrite").claim("tid", "9188040d-6c67-4c5b-b112-36a304b66dad");
        Verdict bare = verdict("GET", "https://graph.microsoft.com/v1.0/me/planner/tasks", Tokens.bearer(token), 400,
                graphError("BadRequest", "Bad Request"));
        assertEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, bare.code(), bare.summary());
        Verdict detailed = verdict("GET", "https://graph.microsoft.com/v1.0/me/planner/tasks", Tokens.bearer(token), 400,
                graphError("BadRequest", "Invalid filter clause: syntax error at position 7."));
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, detailed.code(), detailed.summary());
    }

    @Test
    void aRefusalBecauseAServiceLimitWasReachedIsNotAnAuthorizationProblem() {
        var token = Tokens.bearer(Tokens.delegated(NOW, "Group.ReadWrite.All"));
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/groups", token, 403,
                graphError("Request_BadRequest", "The directory object quota limit for the tenant has been exceeded. Please ask your administrator."));
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, v.code(), v.summary());
        Verdict named = verdict("POST", "https://graph.microsoft.com/v1.0/groups", token, 403,
                graphError("Forbidden", "The user has reached the maximum number of groups they may create."));
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, named.code(), named.summary());
    }

    @Test
    void anAppRefusedChangingGroupMembersItMayChangeLacksTheRoleAssignablePermissionAndAUserTheRole() {
        String url = "https://graph.microsoft.com/v1.0/groups/2b7c8d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e/members/$ref";
        String denied = graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        Verdict app = verdict("POST", url, Tokens.bearer(Tokens.appOnly(NOW, "GroupMember.ReadWrite.All", "User.Read.All")), 403, denied);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, app.code(), app.summary());
        assertTrue(app.fix().contains("RoleManagement.ReadWrite.Directory"), app.fix());
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, app.alternatives().get(0).code());
        Verdict user = verdict("POST", url, Tokens.bearer(adele("GroupMember.ReadWrite.All")), 403, denied);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, user.code(), user.summary());
        assertEquals(DiagnosisCode.MISSING_PERMISSION, user.alternatives().get(0).code());
    }

    @Test
    void messagesThatSayAPermissionIsMissingAreReadAsSuchUnlessTheTokenHoldsWhatTheCallTakes() {
        String missing = graphError("AccessDenied", "You cannot perform the requested operation, required scopes are missing in the token.");
        Verdict app = verdict("PATCH", "https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies/3c5e7b9d-1f3a-4c5e-9b7d-1f3a5c7e9b1d",
                Tokens.bearer(Tokens.appOnly(NOW, "Policy.ReadWrite.ConditionalAccess")), 403, missing);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, app.code(), "Policy.Read.All goes with it: " + app.summary());
        Verdict admin = verdict("GET", "https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies",
                Tokens.bearer(adele("Policy.Read.All")), 403, missing);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, admin.code(), "holding the scope, it is the user's role: " + admin.summary());
        Verdict directory = verdict("GET", "https://graph.microsoft.com/beta/reports/credentialUserRegistrationDetails",
                Tokens.bearer(adele("Reports.Read.All")), 403,
                graphError("Authentication_ApplicationHasNoDirectoryReadAccess", "Failed to do premium license check from ADGraph"));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, directory.code(), directory.summary());
        Verdict named = verdict("POST", "https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies",
                Tokens.bearer(Tokens.appOnly(NOW, "Policy.Read.All", "Policy.ReadWrite.ConditionalAccess")), 403,
                graphError("AccessDenied", "Insufficient privileges to create or update policy. Application.Read.All scope is required to add/edit application conditions."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, named.code(), named.summary());
        assertTrue(named.summary().contains("Application.Read.All"), named.summary());
    }

    @Test
    void aBareValidationFailureOfASoundLookingTokenPointsAtItsSignatureNotAtPrivileges() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/deviceManagement/auditEvents",
                Tokens.bearer(Tokens.appOnly(NOW, "DeviceManagementApps.Read.All")), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure."));
        assertEquals(DiagnosisCode.UNKNOWN_AUTH_ERROR, v.code(), v.summary());
        assertTrue(v.summary().contains("cut short"), v.summary());
        assertEquals(DiagnosisCode.TOKEN_MALFORMED, v.alternatives().get(0).code());
    }

    @Test
    void teamsDisabledForTheTenantIsALicenceAndAPersonalAccountsMissingSegmentTheAccountType() {
        Verdict teams = verdict("GET", "https://graph.microsoft.com/beta/me/joinedTeams", Tokens.bearer(adele("Team.ReadBasic.All")), 403,
                graphError("Forbidden", "Teams is disabled for your tenant."));
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, teams.code(), teams.summary());
        var personal = Tokens.delegated(NOW, "User.Read").claim("tid", "9188040d-6c67-4c5b-b112-36a304b66dad");
        Verdict segment = verdict("GET", "https://graph.microsoft.com/v1.0/me/joinedTeams", Tokens.bearer(personal), 400,
                graphError("BadRequest", "Resource not found for the segment 'joinedTeams'."));
        assertEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, segment.code(), segment.summary());
    }

    @Test
    void anAppHoldingOnlyTheImportPermissionRefusedPostingAChannelMessageNeedsASignedInUser() {
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/teams/a2c0e2b2-83d2-4f45-91c1-20289025de04/channels/19:abc@thread.tacv2/messages",
                Tokens.bearer(Tokens.appOnly(NOW, "Teamwork.Migrate.All")), 401, graphError("Unauthorized", "Unauthorized"));
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.code(), v.summary());
    }

    @Test
    void aDelegatedOwnFilesScopeOnAnotherDriveLacksAnAllPermission() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/drives/b!Q2xvdWQtZHJpdmUtaWQ/root/children",
                Tokens.bearer(adele("Files.ReadWrite User.Read")), 401,
                graphError("unauthenticated", "Access denied. You do not have permission to perform this action or access this resource."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code(), v.summary());
        assertTrue(v.fix().contains("Files.Read.All"), v.fix());
        Verdict own = verdict("GET", "https://graph.microsoft.com/v1.0/me/drive/root/children",
                Tokens.bearer(adele("Files.ReadWrite User.Read")), 401,
                graphError("unauthenticated", "Access denied. You do not have permission to perform this action or access this resource."));
        assertFalse(own.code() == DiagnosisCode.MISSING_PERMISSION && own.fix().contains("Files.Read.All"), "the user's own drive: " + own.summary());
    }

    @Test
    void anAppThatCannotReadTheUsersItAddressesOrBindsLacksUserReadAll() {
        String denied = graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        Verdict grant = verdict("POST", "https://graph.microsoft.com/v1.0/users/" + USER + "/appRoleAssignments",
                Tokens.bearer(Tokens.appOnly(NOW, "AppRoleAssignment.ReadWrite.All")), 403, denied);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, grant.code(), grant.summary());
        assertTrue(grant.fix().startsWith("Add User.Read.All"), grant.fix());
        Verdict readable = verdict("POST", "https://graph.microsoft.com/v1.0/users/" + USER + "/appRoleAssignments",
                Tokens.bearer(Tokens.appOnly(NOW, "AppRoleAssignment.ReadWrite.All", "User.Read.All")), 403, denied);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, readable.code(), "able to read the user, it is the app's role: " + readable.summary());
        Verdict ownApp = verdict("POST", "https://graph.microsoft.com/v1.0/applications/2d1f6a3b-9c8e-4b7a-a6f5-e4d3c2b1a098/addPassword",
                Tokens.bearer(Tokens.appOnly(NOW, "Application.ReadWrite.OwnedBy")), 403, denied);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, ownApp.code(), "an app object it does not own takes the .All permission: " + ownApp.summary());
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, ownApp.alternatives().get(0).code(), "or ownership of the object");
    }

    @Test
    void graphsClaimsChallengeExceptionNamedInTheMessageIsAClaimsChallenge() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/groups", Tokens.bearer(adele("Group.Read.All")), 401,
                graphError("InvalidAuthenticationToken", "Exception of type 'Microsoft.Graph.AGS.Contracts.ClaimsChallengeRequiredException' was thrown."));
        assertEquals(DiagnosisCode.CLAIMS_CHALLENGE, v.code(), v.summary());
    }

    @Test
    void permissionsTheApiSaysItRequiredAreNamedWhicheverTenseTheMessageUses() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/teams/3c5d3b0e-7a58-4c1e-9a15-0b8b2b7c2f10/installedApps",
                Tokens.bearer(adele("User.Read")), 403,
                graphError("Forbidden", "Missing role permissions on the request. API required one of 'TeamsAppInstallation.ReadForTeam.All, "
                        + "TeamsAppInstallation.ReadWriteForTeam.All'. Roles on the request ''."));
        assertTrue(v.summary().contains("TeamsAppInstallation.ReadForTeam.All"), v.summary());
    }

    @Test
    void aFederatedCredentialMismatchQuotesTheExternalTokensIssuerSubjectAndAudience() {
        Verdict v = verdict("POST", "https://login.microsoftonline.com/" + Tokens.TENANT + "/oauth2/v2.0/token", null, 400,
                aadsts("invalid_request", 70021, "No matching federated identity record found for presented assertion. "
                        + "Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: 'repo:contoso/app:pull_request'. "
                        + "Assertion Audience: 'api://AzureADTokenExchange'."));
        assertEquals(DiagnosisCode.TOKEN_ENDPOINT_ERROR, v.code());
        assertTrue(v.summary().startsWith("AADSTS70021: "), v.summary());
        assertTrue(v.summary().contains("subject 'repo:contoso/app:pull_request'")
                && v.summary().contains("issuer 'https://token.actions.githubusercontent.com'"), v.summary());
    }

    @Test
    void aV1GlobalTokenSentToChinasGraphIsWrongCloud() {
        Verdict v = verdict("GET", "https://microsoftgraph.chinacloudapi.cn/v1.0/me", Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure. Invalid audience."));
        assertEquals(DiagnosisCode.WRONG_CLOUD, v.code(), v.summary());
        assertTrue(v.summary().contains("global or US Government"), v.summary());
    }

    @Test
    void anAppOnlyTokenOnTheSignedInUsersDriveIsDelegatedOnly() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/drive/root/children", Tokens.bearer(Tokens.appOnly(NOW, "Files.Read.All")), 401,
                graphError("unauthenticated", "Must be authenticated to use '/drive' syntax"));
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.code(), v.summary());
        assertTrue(v.fix().contains("/users/{id}/drive"), v.fix());
    }

    @Test
    void anotherUsersCalendarNeedsASharedScopeAndWithOneTheOwnerMustShare() {
        String url = "https://graph.microsoft.com/v1.0/users/" + USER + "/calendar/events";
        String denied = graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        Verdict without = verdict("GET", url, Tokens.bearer(Tokens.delegated(NOW, "Calendars.Read")), 403, denied);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, without.code(), without.summary());
        assertTrue(without.fix().contains("Calendars.Read.Shared"), without.fix());
        Verdict with = verdict("GET", url, Tokens.bearer(Tokens.delegated(NOW, "Calendars.Read.Shared")), 403, denied);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, with.code(), with.summary());
    }

    @Test
    void aPersonalAccountsBadQueryIsStillABadQuery() {
        String consumer = "9188040d-6c67-4c5b-b112-36a304b66dad";
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'A')",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read User.ReadBasic.All").claim("tid", consumer)
                        .issuer("https://login.microsoftonline.com/" + consumer + "/v2.0")), 400,
                graphError("Request_UnsupportedQuery", "Operator 'startsWith' is not supported because the 'displayName' property is not indexed."));
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, v.code(), v.summary());
    }

    @Test
    void aPathWithAMalformedEscapeIsStillDiagnosed() {
        RequestFacts request = new RequestFacts("GET", "https", "graph.microsoft.com", 443, "/v1.0/users/%zz/messages",
                Headers.of("Authorization", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All"))), null);
        Verdict v = engine.diagnose(request, new ResponseFacts(403, Headers.EMPTY,
                graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again.").getBytes(StandardCharsets.UTF_8), false)).orElseThrow();
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code(), v.summary());
    }

    @Test
    void tokenWithoutScpOrRolesHasNoPermissions() {
        var token = Tokens.base(NOW).audience("https://graph.microsoft.com").claim("idtyp", "app");
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users", Tokens.bearer(token), 401,
                graphError("InvalidAuthenticationToken", "Either scp or roles claim need to be present in the token."));
        assertEquals(DiagnosisCode.NO_PERMISSIONS_IN_TOKEN, v.code());
    }

    @Test
    void missingDelegatedPermissionNamesLeastPrivilegedAndWhatTheTokenHas() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/messages?$top=5",
                Tokens.bearer(Tokens.delegated(NOW, "openid profile User.Read")), 403,
                graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code());
        assertEquals("MISSING_PERMISSION; GET /me/messages needs Mail.ReadBasic or Mail.Read (or higher: Mail.ReadWrite) "
                + "(delegated); the token's scp has: openid profile User.Read.", v.headerValue().substring(0, v.headerValue().indexOf(" Fix:")));
    }

    @Test
    void missingApplicationPermissionNamesTheApplicationOne() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/groups?$select=id", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")),
                403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code());
        assertTrue(v.summary().startsWith("GET /groups needs GroupMember.Read.All or Group.Read.All"), v.summary());
        assertTrue(v.summary().contains("(application)"), v.summary());
    }

    @Test
    void grantingAnAppRoleWithOnlyAppRoleAssignmentNamesThePermissionItNeedsBesideIt() {
        String url = "https://graph.microsoft.com/v1.0/servicePrincipals/6f0851df-7654-4f88-a94e-bb9e539917dc/appRoleAssignedTo";
        String refused = graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        Verdict half = verdict("POST", url, Tokens.bearer(Tokens.appOnly(NOW, "AppRoleAssignment.ReadWrite.All")), 403, refused);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, half.code(), half.summary());
        assertEquals("missing-companion-permission", half.details().get("rule"));
        assertTrue(half.summary().contains("has AppRoleAssignment.ReadWrite.All but not Application.Read.All"), half.summary());
        assertTrue(half.fix().startsWith("Add Application.Read.All (application) to the app registration beside AppRoleAssignment.ReadWrite.All"), half.fix());

        Verdict both = verdict("POST", url, Tokens.bearer(Tokens.appOnly(NOW, "AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All")), 403, refused);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, both.code(), "with the set held, the refusal is about the app's access: " + both.summary());
        assertTrue(both.summary().contains("has AppRoleAssignment.ReadWrite.All Application.ReadWrite.All, which"), both.summary());

        Verdict none = verdict("POST", url, Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 403, refused);
        assertEquals("missing-permission", none.details().get("rule"));
        assertTrue(none.summary().contains("needs AppRoleAssignment.ReadWrite.All and Application.Read.All, or AppRoleAssignment.ReadWrite.All and Directory.Read.All"),
                none.summary());
    }

    @Test
    void exchangeRefusingRestAccessToTheMailboxPointsAtItsEwsSettingsNotThePermission() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/messages", Tokens.bearer(adele("Mail.Read User.Read")), 403,
                graphError("ErrorAccessDenied", "Access to OData is disabled."));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code(), v.summary());
        assertEquals("exchange-rest-disabled", v.details().get("rule"));
        assertTrue(v.fix().contains("Get-CASMailbox") && v.fix().contains("EwsAllowList"), v.fix());
    }

    @Test
    void theRequiredPermissionsAreReadFromEachServicesOwnWording() {
        String[][] said = {
            {"/me/onenote/notebooks", "40004", "The OAuth token provided does not have the necessary scopes to complete the request. Please make sure you"
                    + " are including one of the following scopes: Notes.ReadWrite.All,Notes.Read.All.", "Notes.ReadWrite.All or Notes.Read.All, Graph says;"},
            {"/deviceManagement/managedDevices", "Forbidden", "Application is not authorized to perform this operation. Application must have one of"
                    + " the following scopes: DeviceManagementManagedDevices.Read.All, DeviceManagementManagedDevices.ReadWrite.All - Operation ID: 1",
                    "DeviceManagementManagedDevices.Read.All or DeviceManagementManagedDevices.ReadWrite.All, Graph says;"},
            {"/security/alerts_v2", "Forbidden", "Missing application roles. API required roles: SecurityAlert.Read.All,SecurityAlert.ReadWrite.All."
                    + " Application roles: Mail.Read.", "SecurityAlert.Read.All or SecurityAlert.ReadWrite.All, Graph says;"},
        };
        for (String[] s : said) {
            Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0" + s[0], Tokens.bearer(adele("Mail.Read User.Read")), 403, graphError(s[1], s[2]));
            assertEquals("missing-permission-message", v.details().get("rule"), v.summary());
            assertTrue(v.summary().contains("requires one of " + s[3]), v.summary());
        }
    }

    @Test
    void graphNamingTheRequiredPermissionsOutranksTheCatalog() {
        // The catalog accepts Group.Read.All for listing channels; Graph's own answer says otherwise.
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/teams/t1/channels", Tokens.bearer(Tokens.appOnly(NOW, "Group.Read.All")),
                403, graphError("Forbidden", "Missing role permissions on the request. API requires one of "
                        + "'Channel.ReadBasic.All, ChannelSettings.Read.All'. Roles on the request 'Group.Read.All'."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code());
        assertTrue(v.summary().contains("requires one of Channel.ReadBasic.All or ChannelSettings.Read.All"), v.summary());
    }

    @Test
    void theFixNamesTheLeastPrivilegedOfThePermissionsGraphLists() {
        Verdict known = verdict("GET", "https://graph.microsoft.com/v1.0/me/joinedTeams", Tokens.bearer(adele("User.Read")), 403,
                graphError("Forbidden", "Missing scope permissions on the request. API requires one of 'User.Read.All, Team.ReadBasic.All'."));
        assertTrue(known.fix().startsWith("Add Team.ReadBasic.All (delegated,"), "the catalog's order: " + known.fix());
        Verdict unknown = verdict("GET", "https://graph.microsoft.com/beta/me/someNewWorkload", Tokens.bearer(adele("User.Read")), 403,
                graphError("Forbidden", "Missing scope permissions on the request. API requires one of 'Thing.ReadWrite.All, Thing.Read.All'."));
        assertTrue(unknown.fix().startsWith("Add Thing.Read.All (delegated,"), "reading before writing: " + unknown.fix());
    }

    @Test
    void graphNamingAPermissionTheTokenHoldsIsNotCalledMissing() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/teams/t1/channels", Tokens.bearer(Tokens.appOnly(NOW, "Channel.ReadBasic.All")),
                403, graphError("Forbidden", "Missing role permissions on the request. API requires one of "
                        + "'Channel.ReadBasic.All, ChannelSettings.Read.All'. Roles on the request 'Channel.ReadBasic.All'."));
        assertFalse(v.code() == DiagnosisCode.MISSING_PERMISSION, v.summary());
    }

    @Test
    void anotherUsersProfileWithUserReadNeedsAnAllPermission() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER, Tokens.bearer(adele("User.Read")), 403,
                graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code());
        assertTrue(v.summary().contains("covers only the signed-in user's own data"), v.summary());
        assertTrue(v.summary().contains("User.ReadBasic.All"), v.summary());
    }

    @Test
    void anotherUsersDataNoDelegatedPermissionReachesPointsAtAppOnly() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER + "/mailboxSettings", Tokens.bearer(adele("MailboxSettings.Read")),
                403, graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code(), v.summary());
        assertTrue(v.fix().contains("MailboxSettings.Read (application"), v.fix());
    }

    @Test
    void aGuestAddressingAUpnIsNotJudgedByItsHomeName() {
        var guest = Tokens.delegated(NOW, "User.Read").claim("oid", "6e0f9c4d-5a1b-4c7e-8d3f-2b9a1e0c7d55").claim("acct", 1)
                .claim("unique_name", "live.com#bob@outlook.com");
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/bob_outlook.com%23EXT%23@contoso.onmicrosoft.com", Tokens.bearer(guest),
                403, graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        assertFalse(v.summary().contains("addresses another user"), v.summary());
    }

    @Test
    void theSignedInUsersOwnMailboxAddressedByUpnIsNotAnotherUsers() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/ADELE%40contoso.com/messages", Tokens.bearer(adele("Mail.Read")), 403,
                graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again."));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code(), v.summary());
    }

    @Test
    void graphSayingExpiredWhileTheClaimsSayValidPointsAtTheClock() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 401,
                graphError("InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."));
        assertEquals(DiagnosisCode.TOKEN_EXPIRED, v.code());
        assertTrue(v.summary().contains("valid for 60 min more"), v.summary());
    }

    @Test
    void aGuestRefusedTheDirectoryIsUnprivilegedNotAPersonalAccount() {
        var guest = Tokens.delegated(NOW, "User.ReadBasic.All").claim("acct", 1).claim("idp", "live.com");
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users", Tokens.bearer(guest), 403,
                graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code(), v.summary());
        assertTrue(v.summary().contains("guest of this tenant"), v.summary());
    }

    @Test
    void anUnexplained401ToAnOutsideAccountOnAWorkOnlyApiIsLikelyTheAccountType() {
        var outside = Tokens.delegated(NOW, "Tasks.Read").claim("acct", 1);
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/planner/tasks", Tokens.bearer(outside), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure."));
        assertEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, v.code(), v.summary());
        assertTrue(v.summary().startsWith("Likely"), v.summary());
    }

    @Test
    void selectingSignInActivityWithoutAuditLogNamesIt() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users?%24select=displayName,signInActivity",
                Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 403,
                graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code(), v.summary());
        assertTrue(v.summary().contains("AuditLog.Read.All"), v.summary());
        Verdict withIt = verdict("GET", "https://graph.microsoft.com/v1.0/users?%24select=displayName,signInActivity",
                Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All", "AuditLog.Read.All")), 403,
                graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        assertFalse(withIt.summary().contains("selects signInActivity"), withIt.summary());
    }

    @Test
    void aTeamsProtectedApiRefusalIsNotCalledDelegatedOnly() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/teams/t1/channels/c1/messages",
                Tokens.bearer(Tokens.appOnly(NOW, "ChannelMessage.Read.All")), 403,
                graphError("Forbidden", "Invoked API requires Protected API access in application-only context when not using "
                        + "Resource Specific Consent. Visit https://docs.microsoft.com/en-us/graph/teams-protected-apis for more details."));
        assertEquals(DiagnosisCode.CONSENT_REQUIRED, v.code(), v.summary());
        assertTrue(v.summary().contains("Teams protected API"), v.summary());
    }

    @Test
    void exchangeNotKnowingTheTenantIsNoLicence() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER + "/calendar/events",
                Tokens.bearer(Tokens.appOnly(NOW, "Calendars.Read")), 401,
                graphError("OrganizationFromTenantGuidNotFound", "The tenant for tenant guid 't1' does not exist."));
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, v.code());
    }

    @Test
    void appOnlyOneNoteIsDelegatedOnly() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER + "/onenote/notebooks",
                Tokens.bearer(Tokens.appOnly(NOW, "Notes.Read.All")), 401, graphError("40004", "Unauthorized."));
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.code());
    }

    @Test
    void appOnlyOnMeIsDelegatedOnly() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")),
                400, graphError("BadRequest", "/me request is only valid with delegated authentication flow."));
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.code());
    }

    @Test
    void aUserWithoutAnyOfTheRolesAnEndpointWantsIsToldWhichRolesWouldDo() {
        String denied = graphError("Authentication_RequestFromUnsupportedUserRole", "User is not in the allowed roles");
        var userAdmin = Tokens.delegated(NOW, "AuditLog.Read.All Directory.Read.All")
                .claim("wids", List.of("b79fbf4d-3ef9-4689-8143-76b194e85509", "fe930be7-5e62-47db-91af-98c3a49a38b1"));
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/auditLogs/signIns", Tokens.bearer(userAdmin), 403, denied);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code());
        assertTrue(v.summary().contains("(Reports Reader, Security Reader") && v.summary().contains("directory roles in the token: User Administrator."), v.summary());

        var reportsReader = Tokens.delegated(NOW, "AuditLog.Read.All Directory.Read.All")
                .claim("wids", List.of("4a5d8f65-41da-4de4-8968-e035b65339cf"));
        Verdict held = verdict("GET", "https://graph.microsoft.com/v1.0/auditLogs/signIns", Tokens.bearer(reportsReader), 403, denied);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, held.code());
        assertFalse(held.summary().contains("holds none of the Entra roles"), "the user holds one: " + held.summary());

        Verdict noWids = verdict("GET", "https://graph.microsoft.com/v1.0/auditLogs/signIns",
                Tokens.bearer(Tokens.delegated(NOW, "AuditLog.Read.All").claim("wids", null)), 403, denied);
        assertTrue(noWids.summary().contains("no wids claim"), noWids.summary());
    }

    @Test
    void anAdministratorRefusedOnAnotherUserIsToldThatUserIsLikelyMorePrivileged() {
        var helpdesk = Tokens.delegated(NOW, "UserAuthenticationMethod.ReadWrite.All").claim("oid", USER_OID)
                .claim("wids", List.of("b79fbf4d-3ef9-4689-8143-76b194e85509", "c4e39bd9-1100-46d3-8c65-fb160da0071f"));
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/users/" + USER + "/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword",
                Tokens.bearer(helpdesk), 403, graphError("accessDenied", "Request Authorization failed"));
        assertEquals("target-user-more-privileged", v.details().get("rule"), v.summary());
        assertTrue(v.summary().contains("Authentication Administrator"), v.summary());
    }

    @Test
    void anAppRefusedOnAResourceIsToldWhichGateOfThatWorkloadKeptItOut() {
        String denied = graphError("accessDenied", "Access denied");
        String[][] cases = {
            {"GET", "/sites/contoso.sharepoint.com,1,2/drive/root/children", "Sites.Selected", "app-resource-selected"},
            {"PATCH", "/applications/" + USER, "Application.ReadWrite.OwnedBy", "app-resource-owned-by"},
            {"GET", "/users/" + USER + "/messages", "Mail.Read", "app-resource-mailbox"},
            {"GET", "/users/" + USER + "/onlineMeetings/MSo1N2Y5", "OnlineMeetings.Read.All", "app-resource-online-meetings"},
            {"GET", "/groups/" + USER + "/members", "GroupMember.Read.All", "app-resource-access"},
        };
        for (String[] c : cases) {
            Verdict v = verdict(c[0], "https://graph.microsoft.com/v1.0" + c[1], Tokens.bearer(Tokens.appOnly(NOW, c[2])), 403, denied);
            // An .OwnedBy permission refused on an object the app does not own wants the .All one; the other gates are the app's access.
            assertEquals(c[2].endsWith(".OwnedBy") ? DiagnosisCode.MISSING_PERMISSION : DiagnosisCode.USER_NOT_PRIVILEGED, v.code(), v.summary());
            assertEquals(c[3], v.details().get("rule"), c[1] + ": " + v.summary());
        }
    }

    @Test
    void anAppWatchingMeOrDriveInASubscriptionNeedsASignedInUser() {
        String body = "{\"changeType\":\"created\",\"resource\":\"me/events\",\"notificationUrl\":\"https://hooks.example/n\"}";
        Verdict v = diagnose("POST", "https://graph.microsoft.com/v1.0/subscriptions", Tokens.bearer(Tokens.appOnly(NOW, "Calendars.Read")), body, 401,
                graphError("ExtensionError", "Operation: Create; Exception: [Status Code: Unauthorized; Reason: The tenant for tenant guid does not exist.]")
                        .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json").orElseThrow();
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.code(), v.summary());
        assertTrue(v.summary().contains("asked to watch me/events"), v.summary());
    }

    @Test
    void exchangeNotKnowingTheTenantIsALicenceWhateverTheTokenHolds() {
        String body = "{\"changeType\":\"created\",\"resource\":\"users/" + USER + "/messages\",\"notificationUrl\":\"https://hooks.example/n\"}";
        Verdict v = diagnose("POST", "https://graph.microsoft.com/v1.0/subscriptions", Tokens.bearer(Tokens.appOnly(NOW, "Mail.Read")), body, 401,
                graphError("ExtensionError", " Operation: Create; Exception: [Status Code: Unauthorized; reason: The Tenant for Tenent guid 2c6a8e4f-9d1b-4f73-a5e0-7b3d1f9c5a48 does not exist.]")
                        .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json").orElseThrow();
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, v.code(), v.summary());
        assertEquals("exchange-not-in-tenant", v.details().get("rule"));
    }

    @Test
    void anExchangeCmdletTheCallerCannotSeeIsAMissingExchangeRole() {
        Verdict v = verdict("DELETE", "https://graph.microsoft.com/v1.0/solutions/bookingBusinesses/SalonEast@contoso.com", Tokens.bearer(adele("Bookings.Manage.All")), 400,
                graphError("BadRequest", "The term 'Remove-mailbox' is not recognized as a name of a cmdlet, function, script file, or operable program."));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code(), v.summary());
        assertTrue(v.fix().contains("Exchange Administrator"), v.fix());
    }

    @Test
    void callerNotResourceOwnerWantsRightsOverTheResourceForAnAppAndOwnershipForAUser() {
        String refused = graphError("CallerNotResourceOwner", "The caller is not the resource owner.");
        Verdict app = verdict("POST", "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/resourceRequests",
                Tokens.bearer(Tokens.appOnly(NOW, "EntitlementManagement.ReadWrite.All")), 400, refused);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, app.code(), app.summary());
        assertTrue(app.fix().contains("Group.ReadWrite.All"), app.fix());
        Verdict user = verdict("POST", "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/resourceRequests",
                Tokens.bearer(adele("EntitlementManagement.ReadWrite.All")), 400, refused);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, user.code(), user.summary());
    }

    @Test
    void aMessageSayingAppOnlyCannotCreateSomethingIsADelegatedOnlyApi() {
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/subscriptions", Tokens.bearer(Tokens.appOnly(NOW, "Files.ReadWrite.All")), 400,
                graphError("InvalidRequest", "Cannot create app-only subscriptions for OneDrive resources."));
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.code(), v.summary());
    }

    @Test
    void rolesForAnotherUsersAuthenticationMethodsAreNotAskedOfTheUsersOwn() {
        var token = Tokens.delegated(NOW, "UserAuthenticationMethod.ReadWrite.All").claim("oid", USER_OID);
        String denied = graphError("accessDenied", "Request Authorization failed");
        Verdict other = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER + "/authentication/methods", Tokens.bearer(token), 403, denied);
        assertTrue(other.summary().contains("Authentication Administrator"), other.summary());
        Verdict own = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER_OID + "/authentication/methods", Tokens.bearer(token), 403, denied);
        assertFalse(own.summary().contains("Authentication Administrator"), own.summary());
    }

    @Test
    void aTokenWithoutIdtypOrPermissionsIsAppOnlyWhenItIsShapedLikeOne() {
        String sp = "0c2d5e7f-1111-4a2b-9c3d-4e5f60718293";
        var appShaped = Tokens.base(NOW).audience("https://graph.microsoft.com").claim("oid", sp).subject(sp);
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(appShaped),
                400, graphError("BadRequest", "/me request is only valid with delegated authentication flow."));
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.code(), v.summary());
        var userShaped = Tokens.base(NOW).audience("https://graph.microsoft.com").claim("oid", sp).subject("q3Xr")
                .claim("upn", "adele@contoso.onmicrosoft.com");
        Verdict noKind = verdict("GET", "https://graph.microsoft.com/v1.0/users", Tokens.bearer(userShaped),
                403, graphError("Forbidden", "Either scp or roles claim need to be present in the token."));
        assertFalse(noKind.summary().contains("app-only"), noKind.summary());
    }

    @Test
    void appOnlyPasswordResetIsDelegatedOnly() {
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/users/" + USER + "/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword",
                Tokens.bearer(Tokens.appOnly(NOW, "UserAuthenticationMethod.ReadWrite.All")), 403,
                graphError("accessDenied", "Request Authorization failed"));
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.code());
    }

    @Test
    void appOnlyPasswordProfilePatchNeedsADirectoryRoleForTheAppOrADelegatedFlow() {
        Optional<Verdict> v = diagnose("PATCH", "https://graph.microsoft.com/v1.0/users/" + USER,
                Tokens.bearer(Tokens.appOnly(NOW, "User.ReadWrite.All")),
                "{\"passwordProfile\":{\"password\":\"secret-new-password\"}}", 403,
                graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.").getBytes());
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.orElseThrow().code());
        assertTrue(v.get().fix().contains("User Administrator"), v.get().fix());
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.get().alternatives().get(0).code());
        assertFalse(v.get().summary().contains("secret-new-password"));
    }

    @Test
    void aDelegatedPasswordProfilePatchWithoutAPasswordPermissionIsMissingOneAndWithItTheUsersRole() {
        String body = "{\"passwordProfile\":{\"password\":\"secret-new-password\"}}";
        byte[] denied = graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.").getBytes();
        Optional<Verdict> without = diagnose("PATCH", "https://graph.microsoft.com/v1.0/users/" + USER,
                Tokens.bearer(adele("User.ReadWrite.All")), body, 403, denied);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, without.orElseThrow().code(), without.get().summary());
        assertTrue(without.get().fix().startsWith("Add User-PasswordProfile.ReadWrite.All"), without.get().fix());
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, without.get().alternatives().get(0).code());
        assertFalse(without.get().summary().contains("secret-new-password"));
        Optional<Verdict> with = diagnose("PATCH", "https://graph.microsoft.com/v1.0/users/" + USER,
                Tokens.bearer(adele("User.ReadWrite.All Directory.AccessAsUser.All")), body, 403, denied);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, with.orElseThrow().code(), with.get().summary());
    }

    @Test
    void meWithAnAppOnlyTokenIsDelegatedOnlyEvenWhenGraphAnswersNotFound() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 404,
                graphError("Request_ResourceNotFound", "Resource '9b3d5d12-4b17-4cdc-84cf-6f6a95683948' does not exist or one of its queried reference-property objects are not present."));
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.code(), v.summary());
    }

    @Test
    void aTokenTooCloseToItsExpiryForTheApiIsAnExpiryProblemNotTheResourcesState() {
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/teamwork/sendActivityNotificationToRecipients",
                Tokens.bearer(Tokens.appOnly(NOW, "TeamsActivity.Send")), 412,
                graphError("PreconditionFailed", "The token used for this request is expected to be at least 45 minutes away from expiry. Please use a fresher token."));
        assertEquals(DiagnosisCode.TOKEN_EXPIRED, v.code(), v.summary());
    }

    @Test
    void aRefusedSubscriptionNamesThePermissionItsResourceNeeds() {
        String subscription = "{\"changeType\":\"created\",\"notificationUrl\":\"https://contoso.example/hook\","
                + "\"resource\":\"/users/" + USER + "/messages\",\"clientState\":\"client-state-secret\"}";
        Verdict v = diagnose("POST", "https://graph.microsoft.com/v1.0/subscriptions", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")),
                subscription, 403, graphError("ExtensionError", "Operation: Create; Exception: [Status Code: Forbidden; "
                        + "Reason: Access is denied. Check credentials and try again.]").getBytes()).orElseThrow();
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code());
        assertTrue(v.summary().contains("users/" + USER + "/messages") && v.summary().contains("Mail.Read"), v.summary());
        assertTrue(v.fix().contains("Mail.ReadBasic.All") || v.fix().contains("Mail.Read"), v.fix());
        assertFalse(v.summary().contains("client-state-secret") || v.fix().contains("client-state-secret"));
    }

    @Test
    void aSubscriptionWithTheResourcesPermissionIsNotCalledMissingPermission() {
        String subscription = "{\"changeType\":\"created\",\"resource\":\"me/mailFolders('Inbox')/messages\"}";
        Verdict v = diagnose("POST", "https://graph.microsoft.com/v1.0/subscriptions", Tokens.bearer(Tokens.delegated(NOW, "Mail.Read User.Read")),
                subscription, 400, graphError("ExtensionError", "Operation: Create; Exception: [Status Code: BadRequest; "
                        + "Reason: Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.]")
                        .getBytes()).orElseThrow();
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, v.code(), v.summary());
    }

    @Test
    void aRefusedSubscriptionWhoseBodyWasNotSeenIsLikelyAMissingPermission() {
        Verdict v = verdict("POST", "https://graph.microsoft.com/beta/subscriptions", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 403,
                graphError("ExtensionError", "Operation: Create; Exception: [Status Code: Forbidden; Reason: Forbidden]"));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code());
        assertTrue(v.summary().startsWith("Likely"), v.summary());
    }

    @Test
    void aSubscriptionWhoseWebhookRefusedValidationIsNotAPermissionProblem() {
        String subscription = "{\"changeType\":\"created\",\"resource\":\"/users/" + USER + "/messages\"}";
        Verdict v = diagnose("POST", "https://graph.microsoft.com/v1.0/subscriptions", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")),
                subscription, 400, graphError("ExtensionError", "Operation: Create; Exception: [Status Code: BadRequest; Reason: "
                        + "Subscription validation request failed. HTTP status code is 'Forbidden'.]").getBytes()).orElseThrow();
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, v.code(), v.summary());
    }

    @Test
    void aPersonalAccountRefusedWithABadRequestOnAWorkOnlyApiSaysSo() {
        String consumer = "9188040d-6c67-4c5b-b112-36a304b66dad";
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users", Tokens.bearer(Tokens.delegated(NOW, "User.Read User.ReadBasic.All")
                        .claim("tid", consumer).issuer("https://login.microsoftonline.com/" + consumer + "/v2.0")), 400,
                graphError("BadRequest", "Current authenticated context is not valid for this request."));
        assertEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, v.code(), v.summary());
    }

    @Test
    void appOnlyTokenThatGraphSaysHasNoApplicationContextIsDelegatedOnly() {
        // The catalog lists an application permission here (migration only), so only Graph's words tell.
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/chats/19:abc@thread.v2/messages",
                Tokens.bearer(Tokens.appOnly(NOW, "Chat.ReadWrite.All")), 403,
                graphError("Forbidden", "Requested API is not supported in application-only context"));
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.code());
        Verdict channel = verdict("POST", "https://graph.microsoft.com/v1.0/teams/t1/channels/c1/messages",
                Tokens.bearer(Tokens.appOnly(NOW, "ChannelMessage.Read.All")), 401, graphError("Unauthorized",
                        "Message POST is allowed in application-only context only for import purposes. Refer to https://docs.microsoft.com/"
                                + "microsoftteams/platform/graph-api/import-messages/import-external-messages-to-teams for more details."));
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, channel.code());
    }

    @Test
    void graphTokenWithASignatureGraphRejectsIsMalformedAndSaysWhy() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.delegated(NOW, "User.Read")),
                401, graphError("InvalidAuthenticationToken", "Signing key is invalid."));
        assertEquals(DiagnosisCode.TOKEN_MALFORMED, v.code());
        assertTrue(v.summary().contains("signature"), v.summary());
        assertFalse(v.summary().contains("(none)"), v.summary());
    }

    @Test
    void signatureFailureOfATokenForAnotherApiIsStillTheWrongAudience() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me",
                Tokens.bearer(Tokens.delegated(NOW, "access_as_user").audience("api://" + Tokens.APP)), 401,
                graphError("InvalidAuthenticationToken", "IDX10511: Signature validation failed."));
        assertEquals(DiagnosisCode.WRONG_AUDIENCE, v.code());
    }

    @Test
    void delegatedTokenOnApplicationOnlyApiIsMismatch() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER + "/chats/getAllMessages",
                Tokens.bearer(Tokens.delegated(NOW, "Chat.Read User.Read")), 403, graphError("Forbidden", "Forbidden"));
        assertEquals(DiagnosisCode.APP_ONLY_PERMISSION_MISMATCH, v.code());
        assertTrue(v.summary().contains("Chat.Read.All"), v.summary());
    }

    @Test
    void anotherUsersMailboxWithoutASharedScopeNamesTheSharedPermission() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER + "/mailFolders/Inbox/messages",
                Tokens.bearer(Tokens.delegated(NOW, "Mail.Read User.Read")), 403,
                graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code());
        assertTrue(v.fix().contains("Mail.Read.Shared"), v.fix());
    }

    @Test
    void anotherUsersMailboxWithASharedScopeIsThatUsersSharing() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER + "/messages",
                Tokens.bearer(Tokens.delegated(NOW, "Mail.Read Mail.Read.Shared")), 403,
                graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again."));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code());
    }

    @Test
    void appWithoutAServicePrincipalInTheTenantNeedsConsentThere() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 401,
                graphError("Authorization_IdentityNotFound", "The identity of the calling application could not be established."));
        assertEquals(DiagnosisCode.CONSENT_REQUIRED, v.code());
        assertTrue(v.summary().contains(Tokens.TENANT), v.summary());
    }

    @Test
    void rightScopeButForbiddenIsTheUsersPrivilege() {
        Verdict v = verdict("PATCH", "https://graph.microsoft.com/v1.0/users/" + USER,
                Tokens.bearer(Tokens.delegated(NOW, "User.ReadWrite.All")), 403,
                graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code());
    }

    @Test
    void licenceMessagesWinOverPermissions() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/sites/root",
                Tokens.bearer(Tokens.delegated(NOW, "Sites.Read.All")), 400, graphError("BadRequest", "Tenant does not have a SPO license."));
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, v.code());
        Verdict intune = verdict("GET", "https://graph.microsoft.com/v1.0/deviceManagement/managedDevices",
                Tokens.bearer(Tokens.appOnly(NOW, "DeviceManagementManagedDevices.Read.All")), 400,
                graphError("BadRequest", "Request not applicable to target tenant."));
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, intune.code());
    }

    @Test
    void caeChallengeIsDecoded() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/messages", Tokens.bearer(Tokens.delegated(NOW, "Mail.Read")), 401,
                graphError("InvalidAuthenticationToken", "Continuous access evaluation resulted in challenge"),
                "WWW-Authenticate", "Bearer realm=\"\", error=\"insufficient_claims\", claims=\"eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZX19fQ==\"");
        assertEquals(DiagnosisCode.CLAIMS_CHALLENGE, v.code());
        assertTrue(v.summary().contains("{\"access_token\":{\"nbf\":{\"essential\":true}}}"), v.summary());
    }

    @Test
    void aBodiless401IsReadFromItsChallengesErrorDescription() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 401, "",
                "WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The token is expired\"");
        assertEquals(DiagnosisCode.TOKEN_EXPIRED, v.code(), "Graph says expired while exp is ahead: a clock behind");
        Verdict unknown = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 401, "",
                "WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The access token is invalid\"");
        assertTrue(unknown.summary().contains("Graph said: WWW-Authenticate error=invalid_token: The access token is invalid."), unknown.summary());
    }

    @Test
    void aadstsCodesMapToTheirDiagnosisAndLeadTheText() {
        String token = "https://login.microsoftonline.com/" + Tokens.TENANT + "/oauth2/v2.0/token";
        assertTrue(verdict("POST", token, null, 400, aadsts("invalid_grant", 65001, "The user or administrator has not consented."))
                .headerValue().startsWith("CONSENT_REQUIRED; AADSTS65001 "));
        Verdict mfa = verdict("POST", token, null, 400, aadsts("invalid_grant", 50076, "you must use multi-factor authentication"));
        assertTrue(mfa.headerValue().startsWith("CLAIMS_CHALLENGE; AADSTS50076 "), mfa.headerValue());
        assertFalse(mfa.summary().contains("(none)"), mfa.summary());
        String withSuberror = "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50076: MFA.\",\"error_codes\":[50076],"
                + "\"suberror\":\"basic_action\"}";
        assertEquals("basic_action", verdict("POST", token, null, 400, withSuberror).details().get("suberror"));
        assertTrue(verdict("POST", token, null, 401, aadsts("invalid_client", 7000215, "Invalid client secret provided."))
                .headerValue().startsWith("TOKEN_ENDPOINT_ERROR; AADSTS7000215 "));
        String externalId = "https://contoso.ciamlogin.com/contoso.onmicrosoft.com/oauth2/v2.0/token";
        assertTrue(verdict("POST", externalId, null, 401, aadsts("invalid_client", 7000215, "Invalid client secret provided."))
                .headerValue().startsWith("TOKEN_ENDPOINT_ERROR; AADSTS7000215 "));
        assertTrue(verdict("POST", token, null, 400, aadsts("invalid_grant", 530035, "Access has been blocked by security defaults."))
                .headerValue().startsWith("CLAIMS_CHALLENGE; AADSTS530035 (BlockedBySecurityDefaults)"));
        assertTrue(verdict("POST", token, null, 400, aadsts("invalid_grant", 700005, "Provided Authorization Code is intended to use against other tenant."))
                .headerValue().startsWith("TOKEN_ENDPOINT_ERROR; AADSTS700005 (InvalidGrantRedeemAgainstWrongTenant)"));
        Verdict unknown = verdict("POST", token, null, 400, aadsts("invalid_request", 9999991, "Something new."));
        assertTrue(unknown.headerValue().startsWith("TOKEN_ENDPOINT_ERROR; AADSTS9999991: Something new."), unknown.headerValue());
    }

    @Test
    void tokenRequestBodyIsReducedToGrantClientAndScope() {
        String url = "https://login.microsoftonline.com/" + Tokens.TENANT + "/oauth2/v2.0/token";
        Optional<Verdict> v = diagnose("POST", url, null,
                "client_id=abc&scope=User.Read&grant_type=client_credentials&client_secret=TopSecret123", 401,
                aadsts("invalid_client", 7000215, "Invalid client secret provided.").getBytes());
        assertEquals("client_credentials", v.orElseThrow().details().get("grantType"));
        assertFalse(v.get().toString().contains("TopSecret123"));
    }

    @Test
    void aRedirectUriMismatchQuotesTheUriTheAppSentAtSignInAndAtCodeRedemption() {
        String authorize = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=app-1&response_type=code"
                + "&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fauth%2Fcallback&scope=User.Read";
        String page = "<html><script>$Config={\"strServiceExceptionMessage\":\"AADSTS50011: The redirect URI "
                + "\\u0027http://localhost:3000/auth/callback\\u0027 specified in the request does not match the redirect URIs configured "
                + "for the application \\u0027app-1\\u0027.\"};</script></html>";
        Verdict signIn = verdict("GET", authorize, null, 400, page, "Content-Type", "text/html; charset=utf-8");
        assertEquals("aadsts-redirect-uri", signIn.details().get("rule"), signIn.summary());
        assertTrue(signIn.summary().contains("the app sent redirect_uri http://localhost:3000/auth/callback"), signIn.summary());
        assertTrue(signIn.fix().startsWith("Add http://localhost:3000/auth/callback exactly as sent"), signIn.fix());

        String token = "https://login.microsoftonline.com/" + Tokens.TENANT + "/oauth2/v2.0/token";
        Optional<Verdict> redeem = diagnose("POST", token, null,
                "client_id=app-1&grant_type=authorization_code&code=0.AQ-secret&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2F&client_secret=TopSecret123", 400,
                aadsts("invalid_grant", 70000, "The provided value for the 'redirect_uri' is not valid. The value must exactly match the redirect URI"
                        + " used to obtain the authorization code.").getBytes(StandardCharsets.UTF_8));
        assertEquals("aadsts-redirect-uri-redemption", redeem.orElseThrow().details().get("rule"), redeem.get().summary());
        assertTrue(redeem.get().summary().contains("(http://localhost:3000/)"), redeem.get().summary());
        assertFalse(redeem.get().toString().contains("TopSecret123") || redeem.get().toString().contains("0.AQ-secret"));
    }

    @Test
    void plannerRefusingAUserWithTheRightScopeSaysTheUserMustBeAMemberOfThePlansGroup() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/groups/02bd9fd6-8f93-4758-87c3-1fb73740a315/planner/plans",
                Tokens.bearer(adele("Tasks.ReadWrite Group.Read.All User.Read")), 403,
                graphError("", "You do not have the required permissions to access this item."));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code(), v.summary());
        assertEquals("planner-not-member", v.details().get("rule"));
        assertTrue(v.fix().startsWith("Add the signed-in user to the group's members"), v.fix());
        Verdict coworker = verdict("GET", "https://graph.microsoft.com/v1.0/users/nestor@contoso.com/planner/tasks",
                Tokens.bearer(adele("Tasks.Read User.Read")), 403, graphError("", "You do not have the required permissions to access this item."));
        assertEquals("planner-not-member", coworker.details().get("rule"), "another user's tasks are Planner's membership rule: " + coworker.summary());
        assertEquals(DiagnosisCode.MISSING_PERMISSION, coworker.alternatives().get(0).code(), "app-only Tasks.Read.All is the runner-up");
    }

    @Test
    void sharePointEmbeddedRefusingAContainerPermissionSaysTheContainerTypeRegistrationMustGrantTheApp() {
        String denied = graphError("accessDenied", "Access denied");
        String container = "https://graph.microsoft.com/v1.0/storage/fileStorage/containers/b!ISJs1WRro0y0EWgkUYcktDa0mE8zSlFE";
        Verdict app = verdict("GET", container + "/drive/root/children", Tokens.bearer(Tokens.appOnly(NOW, "FileStorageContainer.Selected")), 403, denied);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, app.code(), app.summary());
        assertEquals("spe-container-app", app.details().get("rule"), "not the Sites.Selected advice: " + app.summary());
        assertTrue(app.fix().contains("/applicationPermissionGrants/"), app.fix());
        Verdict user = verdict("POST", "https://graph.microsoft.com/v1.0/storage/fileStorage/containers",
                Tokens.bearer(adele("FileStorageContainer.Selected User.Read")), 403, denied);
        assertEquals("spe-container-user", user.details().get("rule"), user.summary());
        assertTrue(user.summary().contains("role on the container"), user.summary());
        Verdict other = verdict("GET", container, Tokens.bearer(Tokens.appOnly(NOW, "Sites.Read.All")), 403, denied);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, other.code(), "a token without the container permission lacks it: " + other.summary());
    }

    @Test
    void aTokenWithOnlySelectedScopesIsToldTheResourceMustGrantTheAppARoleAtTheScopesLevel() {
        String denied = graphError("accessDenied", "Access denied");
        String site = "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com,2c712604-1370-44e7-a1f5-426573fda80a,2d2244c3-251a-49ea-93a8-39e1c3a060fe";
        Verdict delegated = verdict("GET", site + "/lists", Tokens.bearer(adele("Sites.Selected User.Read")), 403, denied);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, delegated.code(), delegated.summary());
        assertEquals("selected-scope-not-granted", delegated.details().get("rule"));
        Verdict files = verdict("GET", "https://graph.microsoft.com/v1.0/drives/b!abc/items/01ABC", Tokens.bearer(Tokens.appOnly(NOW, "Files.SelectedOperations.Selected")),
                403, denied);
        assertEquals("selected-scope-not-granted", files.details().get("rule"), files.summary());
        assertTrue(files.fix().contains("/drives/{drive-id}/items/{item-id}/permissions"), files.fix());
        Verdict mail = verdict("GET", "https://graph.microsoft.com/v1.0/drives/b!abc/items/01ABC", Tokens.bearer(Tokens.appOnly(NOW, "Mail.Read")), 403, denied);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, mail.code(), "no selected scope, no grant to explain: " + mail.summary());
        Verdict grant = verdict("POST", site + "/permissions", Tokens.bearer(Tokens.appOnly(NOW, "Sites.Selected")), 403, denied);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, grant.code(), "granting site roles takes Sites.FullControl.All: " + grant.summary());
    }

    @Test
    void graphFailingToAuthenticateToTheWorkloadIsTheUsersLicenceOrForAPersonalAccountTheAccountType() {
        String failed = graphError("AuthenticationError", "Error authenticating with resource");
        String meetings = "https://graph.microsoft.com/v1.0/me/onlineMeetings";
        Verdict work = verdict("POST", meetings, Tokens.bearer(adele("OnlineMeetings.ReadWrite User.Read")), 400, failed);
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, work.code(), work.summary());
        assertEquals("workload-authentication-error", work.details().get("rule"));
        Verdict personal = verdict("POST", meetings, Tokens.bearer(Tokens.delegated(NOW, "OnlineMeetings.ReadWrite")
                .claim("tid", "9188040d-6c67-4c5b-b112-36a304b66dad")), 400, failed);
        assertEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, personal.code(), personal.summary());
    }

    @Test
    void anAuthorizationRefusalSentAs400IsJudgedLikeA403() {
        String denied = graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        Verdict app = verdict("POST", "https://graph.microsoft.com/v1.0/users/9a8b7c6d-1111-4222-8333-444455556666/assignLicense",
                Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 400, denied);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, app.code(), app.summary());
        Verdict user = verdict("PATCH", "https://graph.microsoft.com/v1.0/users/9a8b7c6d-1111-4222-8333-444455556666",
                Tokens.bearer(adele("User.ReadWrite.All")), 400, graphError("Request_BadRequest", "Insufficient privileges to update the property: passwordProfile"));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, user.code(), user.summary());
        Verdict invalid = verdict("PATCH", "https://graph.microsoft.com/v1.0/users/9a8b7c6d-1111-4222-8333-444455556666",
                Tokens.bearer(adele("User.ReadWrite.All")), 400, graphError("Request_BadRequest", "Invalid value specified for property 'mobilePhone' of resource 'User'."));
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, invalid.code(), "a plain bad request stays one: " + invalid.summary());
    }

    @Test
    void aUserWhoIsNotAMemberOfTheTeamOrChatIsNotPrivilegedWhateverTheStatus() {
        Verdict chat = verdict("POST", "https://graph.microsoft.com/v1.0/chats/19:abc@thread.v2/messages", Tokens.bearer(adele("ChatMessage.Send")), 400,
                graphError("BadRequest", "Unauthorized: user is not a member of this chat"));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, chat.code(), chat.summary());
        assertEquals("user-not-member", chat.details().get("rule"));
        Verdict team = verdict("GET", "https://graph.microsoft.com/v1.0/teams/3c5d3b0e-7a58-4c1e-9a15-0b8b2b7c2f10/channels", Tokens.bearer(adele("Channel.ReadBasic.All")),
                404, graphError("NotFound", "User is not a member of the team or the team does not exist."));
        assertEquals("user-not-member", team.details().get("rule"), team.summary());
    }

    @Test
    void containerTypesAreManagedOnlyBySignedInSharePointEmbeddedAdministrators() {
        String denied = graphError("accessDenied", "Access denied");
        String types = "https://graph.microsoft.com/beta/storage/fileStorage/containerTypes";
        Verdict app = verdict("POST", types, Tokens.bearer(Tokens.appOnly(NOW, "FileStorageContainerTypeReg.Selected")), 403, denied);
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, app.code(), app.summary());
        Verdict user = verdict("POST", types, Tokens.bearer(adele("FileStorageContainerType.Manage.All").claim("wids", List.of("b79fbf4d-3ef9-4689-8143-76b194e85509"))),
                403, denied);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, user.code(), user.summary());
        assertTrue(user.summary().contains("SharePoint Embedded Administrator"), user.summary());
    }

    @Test
    void requestMistakesThatFollowFromHowTheAppSignsInAreExplainedButNotCalledAuthorizationErrors() {
        Verdict region = verdict("POST", "https://graph.microsoft.com/v1.0/search/query", Tokens.bearer(Tokens.appOnly(NOW, "Sites.Read.All")), 400,
                graphError("BadRequest", "SearchRequest Invalid (Region is required when request with application permission.)"));
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, region.code(), region.summary());
        assertEquals("search-region-required", region.details().get("rule"));
        assertTrue(region.fix().startsWith("Add \"region\""), region.fix());
        Verdict advanced = verdict("GET", "https://graph.microsoft.com/v1.0/users?$filter=endswith(mail,'@contoso.com')",
                Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 400,
                graphError("Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified for property 'mail' of resource 'User'."));
        assertEquals("advanced-query-needs-eventual", advanced.details().get("rule"), advanced.summary());
        assertTrue(advanced.fix().contains("ConsistencyLevel: eventual"), advanced.fix());
        Verdict mailbox = verdict("GET", "https://graph.microsoft.com/v1.0/users/nobody@contoso.com/messages", Tokens.bearer(Tokens.appOnly(NOW, "Mail.Read")),
                404, graphError("ErrorInvalidUser", "The requested user 'nobody@contoso.com' is invalid."));
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, mailbox.code(), mailbox.summary());
        assertEquals("mailbox-user-invalid", mailbox.details().get("rule"));
        Verdict other = verdict("POST", "https://graph.microsoft.com/v1.0/search/query", Tokens.bearer(Tokens.appOnly(NOW, "Sites.Read.All")), 400,
                graphError("BadRequest", "Unable to parse the request body."));
        assertEquals("not-auth", other.details().get("rule"), "another bad request keeps the general answer");
    }

    @Test
    void aSignInPageIsDiagnosedOnlyWhenItShowsAnAadstsErrorAndItsMessageIsReadAsTheJsonStringItIs() {
        String authorize = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=app-1&response_type=code&scope=User.Read";
        String[] html = {"Content-Type", "text/html; charset=utf-8"};
        assertTrue(diagnose("GET", authorize, null, null, 200, "<html><script>$Config={\"strServiceExceptionMessage\":\"\"};</script></html>"
                .getBytes(StandardCharsets.UTF_8), html).isEmpty(), "an ordinary sign-in page");
        assertTrue(diagnose("GET", authorize, null, null, 200, "<html><script>$Config={\"strServiceExceptionMessage\":\"Please try again\"};</script></html>"
                .getBytes(StandardCharsets.UTF_8), html).isEmpty(), "no AADSTS error");
        assertTrue(diagnose("GET", "https://graph.microsoft.com/v1.0/me", null, null, 200, "<html>AADSTS50011</html>".getBytes(StandardCharsets.UTF_8), html)
                .isEmpty(), "not a sign-in page");
        String page = "<html><script>$Config={\"strServiceExceptionMessage\" : \"AADSTS9999992: The \\\"new\\\" thing\\u0027s error.\"};</script></html>";
        Verdict v = diagnose("POST", "https://login.microsoftonline.com/common/login", null, null, 200, page.getBytes(StandardCharsets.UTF_8), html)
                .orElseThrow();
        assertEquals(DiagnosisCode.TOKEN_ENDPOINT_ERROR, v.code());
        assertTrue(v.summary().contains("The \"new\" thing's error"), v.summary());
    }

    @Test
    void aFormPostHandingTheAppAnErrorIsDiagnosedAndOneHandingItACodeIsNot() {
        String authorize = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=app-1&response_type=code%20id_token"
                + "&response_mode=form_post&scope=openid%20Mail.Read";
        String[] html = {"Content-Type", "text/html; charset=utf-8"};
        String failed = "<html><head><title>Working...</title></head><body><form method=\"POST\" name=\"hiddenform\" action=\"https://localhost:5001/signin-oidc\">"
                + "<input type=\"hidden\" name=\"error\" value=\"access_denied\" /><input type=\"hidden\" name=\"error_description\" "
                + "value=\"AADSTS65004: User declined to consent to access the app.&#xD;&#xA;Trace ID: t&#xD;&#xA;Correlation ID: c\" />"
                + "<input type=\"hidden\" name=\"state\" value=\"s1\" /></form><script>document.forms[0].submit();</script></body></html>";
        Verdict v = diagnose("GET", authorize, null, null, 200, failed.getBytes(StandardCharsets.UTF_8), html).orElseThrow();
        assertEquals(DiagnosisCode.CONSENT_REQUIRED, v.code(), v.summary());
        assertTrue(v.headerValue().startsWith("CONSENT_REQUIRED; AADSTS65004"), v.headerValue());
        String signedIn = "<html><body><form method=\"POST\" name=\"hiddenform\" action=\"https://localhost:5001/signin-oidc\">"
                + "<input type=\"hidden\" name=\"code\" value=\"0.AXoA-CODE-SECRET\" /><input type=\"hidden\" name=\"id_token\" value=\"eyJ.ID.TOKEN\" />"
                + "<input type=\"hidden\" name=\"state\" value=\"s1\" /></form></body></html>";
        assertTrue(diagnose("GET", authorize, null, null, 200, signedIn.getBytes(StandardCharsets.UTF_8), html).isEmpty());
    }

    @Test
    void aManagedIdentityIsToldToAssignTheAppRoleSinceItHasNoAppRegistrationToAddPermissionsTo() {
        String resource = "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourcegroups/rg/providers/Microsoft.Web/sites/contoso-func";
        String refused = graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        Verdict none = verdict("GET", "https://graph.microsoft.com/v1.0/users", Tokens.bearer(Tokens.appOnly(NOW).claim("xms_mirid", resource)), 403, refused);
        assertEquals(DiagnosisCode.NO_PERMISSIONS_IN_TOKEN, none.code(), none.summary());
        assertEquals("no-roles-managed-identity", none.details().get("rule"));
        assertTrue(none.summary().contains("managed identity of contoso-func (Microsoft.Web/sites)"), none.summary());
        assertTrue(none.fix().contains("New-MgServicePrincipalAppRoleAssignment") && none.fix().contains("24 h"), none.fix());
        Verdict other = verdict("GET", "https://graph.microsoft.com/v1.0/users", Tokens.bearer(Tokens.appOnly(NOW, "Mail.Send").claim("xms_mirid", resource)),
                403, refused);
        assertEquals("missing-permission-managed-identity", other.details().get("rule"), other.summary());
        assertTrue(other.fix().contains("-AppRoleId <the id of User.Read.All"), other.fix());
        assertFalse((other.summary() + other.fix()).contains("0000000000aa"), "no subscription id in the text");
    }

    @Test
    void anAgentIdentityIsToldToGrantThePermissionToItselfNotToItsBlueprint() {
        String blueprint = "30cf4c22-9985-4ef7-8756-91cc888176bd";
        String refused = graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        Verdict autonomous = verdict("GET", "https://graph.microsoft.com/v1.0/users/adele@contoso.com/messages",
                Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All").claim("xms_par_app_azp", blueprint).claim("xms_sub_fct", "9 3 11")), 403, refused);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, autonomous.code(), autonomous.summary());
        assertEquals("missing-permission-agent", autonomous.details().get("rule"));
        assertTrue(autonomous.summary().contains("the token of an agent identity (") && autonomous.summary().contains("blueprint " + blueprint),
                autonomous.summary());
        assertTrue(autonomous.fix().contains("to the agent identity itself"), autonomous.fix());
        assertEquals(blueprint, ((Map<?, ?>) autonomous.details().get("token")).get("xms_par_app_azp"));
        Verdict agentUser = verdict("GET", "https://graph.microsoft.com/v1.0/me/events",
                Tokens.bearer(Tokens.delegated(NOW, "Mail.Read").claim("xms_par_app_azp", blueprint).claim("xms_sub_fct", "13")), 403, refused);
        assertTrue(agentUser.summary().contains("the token of an agent user ("), agentUser.summary());
        Verdict plain = verdict("GET", "https://graph.microsoft.com/v1.0/users/adele@contoso.com/messages",
                Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 403, refused);
        assertEquals("missing-permission", plain.details().get("rule"), "an ordinary app is not told about agents");
    }

    @Test
    void aTeamsAppSelfPermissionRefusedOnAnInstallIsReadAsInstallingAnotherApp() {
        String url = "https://graph.microsoft.com/v1.0/users/9a8b7c6d-1111-4222-8333-444455556666/teamwork/installedApps";
        String refused = graphError("Forbidden", "Forbidden");
        Verdict self = verdict("POST", url, Tokens.bearer(Tokens.appOnly(NOW, "TeamsAppInstallation.ReadWriteSelfForUser.All")), 403, refused);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, self.code(), self.summary());
        assertEquals("teams-app-self-permission", self.details().get("rule"));
        Verdict full = verdict("POST", url, Tokens.bearer(Tokens.appOnly(NOW, "TeamsAppInstallation.ReadWriteForUser.All")), 403, refused);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, full.code(), full.summary());
        Verdict listed = verdict("GET", url, Tokens.bearer(Tokens.appOnly(NOW, "TeamsAppInstallation.ReadWriteSelfForUser.All")), 403, refused);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, listed.code(), "a Self permission reads the app's own installation: " + listed.summary());
        Verdict blocked = verdict("POST", url, Tokens.bearer(Tokens.appOnly(NOW, "TeamsAppInstallation.ReadWriteSelfForUser.All")), 403,
                graphError("Forbidden", "App is blocked by app permission policy. TenantId: t, UserObjectId: u, AppId: a, AppType: Private"));
        assertEquals("teams-app-blocked-by-policy", blocked.details().get("rule"), blocked.summary());
    }

    @Test
    void aTokenExchangeAssertionSentToGraphIsToldToBeExchangedFirst() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users",
                Tokens.bearer(Tokens.appOnly(NOW).audience("fb60f99c-7a34-4190-8149-302f77469936").claim("roles", null)), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure. Invalid audience."));
        assertEquals(DiagnosisCode.WRONG_AUDIENCE, v.code(), v.summary() + " (not an ID token: its audience is the exchange's)");
        assertEquals("wrong-audience-token-exchange", v.details().get("rule"));
        assertTrue(v.fix().contains("client_assertion=<this token>"), v.fix());
    }

    @Test
    void throttlingIsReportedWithRetryAfter() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/delta", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")),
                429, graphError("TooManyRequests", "Please retry again later."), "Retry-After", "12");
        assertEquals(DiagnosisCode.THROTTLED, v.code());
        assertTrue(v.summary().contains("(429, TooManyRequests: Please retry again later); Retry-After: 12 s"), v.summary());
    }

    @Test
    void anAppHoldingTheRightRoleButKeptOutOfTheMailboxLacksAccessToTheDataNotAPermission() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/ceo@contoso.com/messages", Tokens.bearer(Tokens.appOnly(NOW, "Mail.Read")),
                403, graphError("ErrorAccessDenied", "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings."));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code(), v.summary());
        assertTrue(v.summary().startsWith("The app-only token has Mail.Read, which GET /users/{id}/messages accepts")
                && v.summary().contains("an application access policy or an RBAC for Applications scope"), v.summary());
    }

    @Test
    void continuousAccessEvaluationsErrorCodesWithoutAChallengeHeaderAreStillAClaimsChallenge() {
        for (String[] e : new String[][] {{"TokenIssuedBeforeRevocationTimestamp", "Token issued before revocation timestamp."},
                {"TokenCreatedWithOutdatedPolicies", "Token created with outdated policies."}}) {
            Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/messages", Tokens.bearer(Tokens.delegated(NOW, "Mail.Read")),
                    401, graphError(e[0], e[1]));
            assertEquals(DiagnosisCode.CLAIMS_CHALLENGE, v.code(), e[0] + ": " + v.summary());
        }
    }

    @Test
    void anAppPostingAChatMessageWithoutTheMigrationPermissionNeedsASignedInUser() {
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/chats/19:abc@thread.v2/messages", Tokens.bearer(Tokens.appOnly(NOW, "Chat.ReadWrite.All")),
                403, graphError("Forbidden", "Missing scope permissions on the request. API requires one of 'ChatMessage.Send, Chat.ReadWrite'. Scopes on the request ''"));
        assertEquals(DiagnosisCode.DELEGATED_ONLY_API, v.code(), v.summary());
        assertTrue(v.summary().contains("only to import messages (Teamwork.Migrate.All"), v.summary());
    }

    @Test
    void aSignatureGraphRejectsInItsChallengeHeaderMakesTheTokenMalformed() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure."),
                "WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\", error_description=\"The token signature is invalid\"");
        assertEquals(DiagnosisCode.TOKEN_MALFORMED, v.code(), v.summary());
    }

    @Test
    void throttlingWithoutRetryAfterSaysToBackOffAndQuotesWhatWasThrottled() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/messages", Tokens.bearer(Tokens.delegated(NOW, "Mail.Read")),
                429, graphError("ApplicationThrottled", "Application is over its MailboxConcurrency limit."));
        assertEquals(DiagnosisCode.THROTTLED, v.code());
        assertTrue(v.summary().contains("MailboxConcurrency limit); no Retry-After header, so back off exponentially."), v.summary());
    }

    @Test
    void notFoundAndBadQueryAreNotAuthErrors() {
        String app = Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All"));
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, verdict("GET", "https://graph.microsoft.com/v1.0/users/nobody@contoso.com", app, 404,
                graphError("Request_ResourceNotFound", "Resource 'nobody@contoso.com' does not exist.")).code());
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, verdict("GET", "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'A')", app, 400,
                graphError("Request_UnsupportedQuery", "Operator 'startsWith' is not supported because the 'ConsistencyLevel:eventual' header is missing.")).code());
        assertEquals("Graph answered 400: BadRequest: Invalid filter clause. This is not an authorization problem.",
                verdict("GET", "https://graph.microsoft.com/v1.0/users", app, 400, graphError("BadRequest", "Invalid filter clause")).summary());
        Verdict unavailable = verdict("GET", "https://graph.microsoft.com/v1.0/me", app, 503, graphError("serviceNotAvailable", "Service unavailable"));
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, unavailable.code());
        assertTrue(unavailable.fix().startsWith("Retry with exponential backoff"), unavailable.fix());
    }

    @Test
    void unknownEndpoint403IsAMissingPermissionSaidToBeLikely() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/beta/some/new/api", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 403,
                graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code());
        assertTrue(v.summary().startsWith("Likely"), v.summary());
        assertTrue(v.summary().contains("not in GraphLens's permission catalog"), v.summary());
    }

    @Test
    void unknownEndpointRefusingATokenOfSignInScopesIsAMissingPermissionNotTheUsersRights() {
        String insufficient = graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        Verdict signInOnly = verdict("GET", "https://graph.microsoft.com/beta/some/new/api",
                Tokens.bearer(Tokens.delegated(NOW, "openid profile email User.Read")), 403, insufficient);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, signInOnly.code());
        assertTrue(signInOnly.summary().contains("only sign-in scopes (openid profile email User.Read)"), signInOnly.summary());
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, verdict("GET", "https://graph.microsoft.com/beta/some/new/api",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read Directory.Read.All")), 403, insufficient).code());
    }

    @Test
    void microsoftsOwnAppsAreToldHowTheyGetAPermissionNotToEditARegistrationTheyDoNotOwn() {
        String denied = graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        Verdict powershell = verdict("GET", "https://graph.microsoft.com/v1.0/me/messages",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read").claim("appid", "14d82eec-204b-4c2f-b7e8-296a70dab67e")), 403, denied);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, powershell.code());
        assertTrue(powershell.fix().contains("Microsoft Graph PowerShell is Microsoft's app, not yours: reconnect with Connect-MgGraph -Scopes"),
                powershell.fix());
        Verdict own = verdict("GET", "https://graph.microsoft.com/v1.0/me/messages", Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 403, denied);
        assertFalse(own.fix().contains("Microsoft's app"), own.fix());
    }

    @Test
    void gzipAndNonJsonBodiesAreReadSafely() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(graphError("ErrorAccessDenied", "Access is denied.").getBytes());
        }
        Optional<Verdict> v = diagnose("GET", "https://graph.microsoft.com/v1.0/me/messages",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read")), null, 403, gz.toByteArray(), "Content-Encoding", "gzip");
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.orElseThrow().code());
        assertEquals("ErrorAccessDenied", v.get().details().get("errorCode"));
        Optional<Verdict> html = diagnose("GET", "https://graph.microsoft.com/v1.0/me", null, null, 502,
                "<html>Bad gateway</html>".getBytes());
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, html.orElseThrow().code());
    }

    @Test
    void aBodyLabelledGzipButSentPlainIsReadAsItCameAndGarbageStaysUnreadable() {
        Optional<Verdict> plain = diagnose("GET", "https://graph.microsoft.com/v1.0/me/messages",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read")), null, 403,
                graphError("ErrorAccessDenied", "Access is denied.").getBytes(), "Content-Encoding", "gzip");
        assertEquals("ErrorAccessDenied", plain.orElseThrow().details().get("errorCode"));
        Optional<Verdict> garbage = diagnose("GET", "https://graph.microsoft.com/v1.0/me/messages",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read")), null, 403, new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3},
                "Content-Encoding", "gzip");
        assertFalse(garbage.orElseThrow().details().containsKey("errorCode"), "gzip's magic bytes are not read as text");
    }

    @Test
    void gzipBombIsDecodedOnlyUpToTheBound() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
        }
        assertTrue(gz.size() < 300_000, "200 MiB compresses small");
        Optional<Verdict> v = diagnose("GET", "https://graph.microsoft.com/v1.0/me", null, null, 403, gz.toByteArray(),
                "Content-Encoding", "gzip");
        assertEquals(DiagnosisCode.TOKEN_MISSING, v.orElseThrow().code());
    }

    @Test
    void batchGetsOneVerdictPerFailedPart() {
        String requestBody = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/me\"},"
                + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/me/messages?$top=1\"},{\"id\":\"3\",\"method\":\"GET\",\"url\":\"/users/x\"}]}";
        String responseBody = "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":{\"id\":\"me\"}},"
                + "{\"id\":\"2\",\"status\":403,\"body\":" + graphError("ErrorAccessDenied", "Access is denied.") + "},"
                + "{\"id\":\"3\",\"status\":404,\"body\":" + graphError("Request_ResourceNotFound", "not found") + "}]}";
        Optional<Verdict> v = diagnose("POST", "https://graph.microsoft.com/v1.0/$batch",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read")), requestBody, 200, responseBody.getBytes());
        Verdict batch = v.orElseThrow();
        assertEquals(DiagnosisCode.MISSING_PERMISSION, batch.code());
        assertEquals(2, batch.parts().size());
        assertEquals(List.of(DiagnosisCode.MISSING_PERMISSION, DiagnosisCode.NOT_AN_AUTH_ERROR),
                batch.parts().stream().map(Verdict::code).toList());
        assertTrue(batch.summary().startsWith("$batch: 2 of 3 requests failed. [2] GET /me/messages?$top=1: MISSING_PERMISSION"), batch.summary());
    }

    @Test
    void batchPartsNotRunForAFailedDependencyAreCountedNotDiagnosedAndAbsoluteUrlsAreRead() {
        String requestBody = "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"https://graph.microsoft.com/v1.0/me/messages\"},"
                + "{\"id\":\"2\",\"dependsOn\":[\"1\"],\"method\":\"GET\",\"url\":\"/me/events\"}]}";
        String responseBody = "{\"responses\":[{\"id\":\"1\",\"status\":403,\"body\":" + graphError("ErrorAccessDenied", "Access is denied.") + "},"
                + "{\"id\":\"2\",\"status\":424,\"body\":" + graphError("FailedDependency", "Failed dependency") + "}]}";
        Verdict batch = diagnose("POST", "https://graph.microsoft.com/v1.0/$batch",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read")), requestBody, 200, responseBody.getBytes()).orElseThrow();
        assertEquals(1, batch.parts().size());
        assertEquals(DiagnosisCode.MISSING_PERMISSION, batch.code());
        assertTrue(batch.summary().startsWith("$batch: 1 of 2 requests failed (1 more not run: they depended on a failed one). "
                + "[1] GET /v1.0/me/messages: MISSING_PERMISSION - GET /me/messages needs"), batch.summary());
    }

    @Test
    void batchWithoutFailuresPassesUntouched() {
        Optional<Verdict> v = diagnose("POST", "https://graph.microsoft.com/v1.0/$batch", null,
                "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/me\"}]}", 200,
                "{\"responses\":[{\"id\":\"1\",\"status\":200,\"body\":{}}]}".getBytes());
        assertTrue(v.isEmpty());
    }

    @Test
    void aLicencePolicyInAWorkloadsNestedErrorIsUnlicensedAndReadsPlainly() {
        String nested = "{\\\"Code\\\":\\\"Forbidden\\\",\\\"Message\\\":\\\"Access to the requested resource is forbidden.\\\","
                + "\\\"Details\\\":[{\\\"Code\\\":\\\"PolicyNotSatisfied\\\",\\\"Message\\\":\\\"The following authorization requirements are not satisfied: UserRequireAdvancedMyALicense.\\\"}]}";
        Verdict v = verdict("GET", "https://graph.microsoft.com/beta/me/analytics/activitystatistics",
                Tokens.bearer(Tokens.delegated(NOW, "Analytics.Read")), 403, graphError("UnknownError", nested));
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, v.code());
        assertTrue(v.summary().contains("Graph said: UnknownError: Forbidden: Access to the requested resource is forbidden (PolicyNotSatisfied: "),
                v.summary());
    }

    @Test
    void anAuthorizationRequirementNamingScopesIsTheMissingPermission() {
        String nested = "{\\\"Code\\\":\\\"Forbidden\\\",\\\"Details\\\":[{\\\"Code\\\":\\\"PolicyNotSatisfied\\\",\\\"Message\\\":"
                + "\\\"The following authorization requirements are not satisfied: ScopeAuthorizationRequirement(Contoso.Read, Contoso.ReadWrite).\\\"}]}";
        Verdict v = verdict("GET", "https://graph.microsoft.com/beta/contoso/things", Tokens.bearer(Tokens.delegated(NOW, "Mail.Read")), 403,
                graphError("UnknownError", nested));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code());
        assertTrue(v.summary().contains("requires one of Contoso.Read or Contoso.ReadWrite"), v.summary());
    }

    @Test
    void graphSayingTheUsersRoleIsNotAllowedIsUserNotPrivilegedWhateverTheScopes() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/beta/reports/credentialUserRegistrationDetails",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 403,
                graphError("Authentication_RequestFromUnsupportedUserRole", "User is not in the allowed roles"));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code());
    }

    @Test
    void excelForTheWebRefusingTheUserIsUserNotPrivilegedOnceTheScopeIsThere() {
        String url = "https://graph.microsoft.com/v1.0/me/drive/items/01ABC/workbook/tables";
        String refused = graphError("AccessDenied", "Could not obtain a WAC access token.");
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, verdict("GET", url, Tokens.bearer(Tokens.delegated(NOW, "Files.ReadWrite")), 403, refused).code());
        assertEquals(DiagnosisCode.MISSING_PERMISSION, verdict("GET", url, Tokens.bearer(Tokens.delegated(NOW, "User.Read")), 403, refused).code());
    }

    @Test
    void intuneRefusingAUserWithThePermissionNamesTheRolesAndIntunesOwnRoles() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/deviceManagement/managedDevices",
                Tokens.bearer(Tokens.delegated(NOW, "DeviceManagementManagedDevices.Read.All")), 403,
                graphError("UnknownError", "{\\\"ErrorCode\\\":\\\"Forbidden\\\",\\\"Message\\\":\\\"An error has occurred - Activity ID: 443a4b07\\\"}"));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code());
        assertTrue(v.summary().contains("(Intune Administrator or Global Reader)"), v.summary());
        assertTrue(v.fix().contains("Intune role"), v.fix());
    }

    @Test
    void graphSayingNoAuthorizationCameWhenATokenDidIsNotBlamedOnTheApp() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/reports/getOneDriveActivityUserCounts(period='D180')",
                Tokens.bearer(Tokens.appOnly(NOW, "Reports.Read.All")), 403,
                "{\"error\":{\"code\":\"MissingCredentials\",\"message\":\"Valid Authorization header is needed.\"}}");
        assertEquals(DiagnosisCode.UNKNOWN_AUTH_ERROR, v.code());
        assertTrue(v.summary().contains("yet this request carried a bearer token"), v.summary());
    }

    @Test
    void permissionsGraphNamesThatAreDelegatedOnlyCannotGoOnAnAppOnlyToken() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER + "/chats/19:x@unq.gbl.spaces/messages",
                Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 403,
                graphError("Forbidden", "API requires one of 'Chat.Read, Chat.ReadWrite'."));
        assertEquals(DiagnosisCode.APP_ONLY_PERMISSION_MISMATCH, v.code(), v.summary());
        assertEquals("required-delegated-for-app-token", v.details().get("rule"));
    }

    @Test
    void permissionsGraphNamesThatAreApplicationOnlyMeanADelegatedTokenCannotCarryThem() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/beta/contoso/callInsights/abc",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read Calls.AccessMedia")), 403,
                graphError("Forbidden", "API requires one of 'CallRecords.Read.All'."));
        assertEquals(DiagnosisCode.APP_ONLY_PERMISSION_MISMATCH, v.code(), v.summary());
        assertEquals("required-application-for-delegated-token", v.details().get("rule"));
    }

    @Test
    void theLeastPermissionToAddIsOneOfTheTokensKind() {
        Verdict v = verdict("POST", "https://graph.microsoft.com/beta/search/query", Tokens.bearer(Tokens.appOnly(NOW, "Files.Read.All")), 403,
                graphError("Forbidden", "Access to ChatMessage in Graph API requires the following permissions: Chat.Read or Chat.ReadWrite, "
                        + "ChannelMessage.Read.All. However, the application only has the following permissions granted: Files.Read.All"));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code());
        assertTrue(v.fix().startsWith("Add ChannelMessage.Read.All (application"), v.fix());
    }

    @Test
    void exchangeRefusingSendAsIsTheUsersMailboxRightsNotTheScope() {
        Verdict v = verdict("POST", "https://graph.microsoft.com/v1.0/users/shared@contoso.com/sendMail", Tokens.bearer(adele("Mail.Send")), 403,
                graphError("ErrorSendAsDenied", "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account., Cannot submit message."));
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code());
        assertTrue(v.fix().contains("Send As"), v.fix());
    }

    @Test
    void aB2cUserFlowTokenSentToGraphIsNamedAsB2csAndNeverForGraph() {
        var idToken = new JWTClaimsSet.Builder().issuer("https://contosob2c.b2clogin.com/b7d3ae78-0862-4bea-9ff1-ff1b50352bc6/v2.0/")
                .audience("c7dfdd0b-1540-417e-b57e-fa24c4218c43").subject("27fd9191-009a-433f-a7ff-6f65d3fe499d").claim("tfp", "B2C_1_SIGN_IN")
                .claim("nonce", "n").expirationTime(Date.from(NOW.plusSeconds(3600))).notBeforeTime(Date.from(NOW.minusSeconds(60)));
        String invalidAudience = graphError("InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
        Verdict id = verdict("GET", "https://graph.microsoft.com/v1.0/me", Tokens.bearer(idToken), 401, invalidAudience);
        assertEquals(DiagnosisCode.ID_TOKEN_USED, id.code());
        assertTrue(id.summary().contains("Azure AD B2C") && id.fix().contains("client credentials"), id.summary());
        Verdict access = verdict("GET", "https://graph.microsoft.com/v1.0/me",
                Tokens.bearer(idToken.audience("3f9c1b22-0000-4000-8000-00000000abcd").claim("scp", "demo.read").claim("nonce", null)), 401, invalidAudience);
        assertEquals(DiagnosisCode.WRONG_AUDIENCE, access.code());
        assertEquals("b2c-token", access.details().get("rule"));
    }

    @Test
    void aB2cTokenEndpointErrorLeadsWithItsAadb2cNumber() {
        String url = "https://contosob2c.b2clogin.com/contosob2c.onmicrosoft.com/B2C_1_signin/oauth2/v2.0/token";
        String body = "{\"error\":\"invalid_request\",\"error_description\":\"AADB2C90117: The scope 'user.read' provided in the request is not supported.\\r\\n"
                + "Correlation ID: 2b7d\\r\\nTimestamp: 2026-11-24 10:00:00Z\\r\\n\"}";
        Verdict scope = diagnose("POST", url, null, "grant_type=authorization_code&client_id=" + Tokens.APP + "&scope=user.read%20openid&code=c",
                400, body.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(DiagnosisCode.TOKEN_ENDPOINT_ERROR, scope.code());
        assertTrue(scope.headerValue().startsWith("TOKEN_ENDPOINT_ERROR; AADB2C90117: The scope 'user.read' provided in the request is not supported."),
                scope.headerValue());
        Verdict known = verdict("POST", url, null, 400, body.replace("AADB2C90117: The scope 'user.read' provided in the request is not supported.",
                "AADB2C90118: The user has forgotten their password."));
        assertEquals("b2c-known", known.details().get("rule"), known.summary());
        assertTrue(known.summary().startsWith("AADB2C90118: the user selected 'Forgot your password?'"), known.summary());
        assertTrue(known.fix().startsWith("catch AADB2C90118 and start the password reset user flow"), known.fix());
        Verdict other = verdict("POST", url, null, 400, body.replace("AADB2C90117: The scope 'user.read' provided in the request is not supported.",
                "AADB2C90999: Something new went wrong."));
        assertEquals("b2c-error", other.details().get("rule"), "a number the table does not know keeps the general answer");
        assertTrue(other.headerValue().startsWith("TOKEN_ENDPOINT_ERROR; AADB2C90999: Something new went wrong. (Azure AD B2C"), other.headerValue());
    }

    @Test
    void anIssuerGraphRefusesIsAMalformedTokenThatNamesTheIssuer() {
        var v2 = Tokens.delegated(NOW, "Mail.Read").issuer("https://login.microsoftonline.com/" + Tokens.TENANT + "/v2.0").claim("ver", "2.0");
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me/messages", Tokens.bearer(v2), 401,
                graphError("InvalidAuthenticationToken", "Access token validation failure. Invalid issuer."));
        assertEquals(DiagnosisCode.TOKEN_MALFORMED, v.code());
        assertTrue(v.summary().contains("iss https://login.microsoftonline.com/" + Tokens.TENANT + "/v2.0"), v.summary());
    }

    @Test
    void anUnknownEndpointWhoseNeighboursTakePermissionsTheTokenLacksIsAMissingPermission() {
        String denied = graphError("Forbidden", "Application is not authorized to perform this operation.");
        Verdict v = verdict("GET", "https://graph.microsoft.com/beta/deviceManagement/windowsUpdateProfiles",
                Tokens.bearer(Tokens.delegated(NOW, "User.Read Directory.Read.All")), 403, denied);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, v.code());
        assertEquals("missing-permission-neighbours", v.details().get("rule"));
        assertTrue(v.summary().contains("DeviceManagementManagedDevices.Read.All"), v.summary());
        Verdict held = verdict("GET", "https://graph.microsoft.com/beta/deviceManagement/windowsUpdateProfiles",
                Tokens.bearer(Tokens.delegated(NOW, "DeviceManagementConfiguration.Read.All")), 403, denied);
        assertFalse("missing-permission-neighbours".equals(held.details().get("rule")), held.summary());
    }

    @Test
    void aMissingPermissionScopeNamedByPimWrappedOrNotIsTheMissingPermission() {
        String bare = "{\"instanceAnnotations\":[],\"message\":\"Authorization failed due to missing permission scope "
                + "RoleAssignmentSchedule.ReadWrite.Directory,RoleManagement.ReadWrite.Directory.\",\"errorCode\":\"PermissionScopeNotGranted\"}";
        Verdict unwrapped = verdict("GET", "https://graph.microsoft.com/v1.0/roleManagement/directory/roleAssignmentScheduleRequests",
                Tokens.bearer(Tokens.delegated(NOW, "RoleManagement.Read.Directory")), 403, bare);
        assertEquals(DiagnosisCode.MISSING_PERMISSION, unwrapped.code());
        assertTrue(unwrapped.summary().contains("requires one of RoleAssignmentSchedule.ReadWrite.Directory or RoleManagement.ReadWrite.Directory"),
                unwrapped.summary());
        Verdict wrapped = verdict("GET", "https://graph.microsoft.com/v1.0/roleManagement/directory/roleEligibilityScheduleRequests",
                Tokens.bearer(Tokens.appOnly(NOW, "RoleManagement.Read.Directory")), 403, graphError("UnknownError",
                        "{\\\"errorCode\\\":\\\"PermissionScopeNotGranted\\\",\\\"message\\\":\\\"Authorization failed due to missing permission scope "
                                + "RoleEligibilitySchedule.ReadWrite.Directory,RoleManagement.ReadWrite.Directory.\\\"}"));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, wrapped.code());
        assertTrue(wrapped.fix().startsWith("Add RoleEligibilitySchedule.ReadWrite.Directory (application"), wrapped.fix());
    }

    /** Intune's refusal: Graph's UnknownError wrapping Intune's own error object, with or without the scopes it wants. */
    private static String intuneRefusal(String message) {
        return graphError("UnknownError", "{\\\"ErrorCode\\\":\\\"Forbidden\\\",\\\"Message\\\":\\\"" + message
                + " - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000\\\"}");
    }

    @Test
    void intuneScriptsReadWithTheConfigurationPermissionAreToldOfTheirOwnPermission() {
        String scripts = "https://graph.microsoft.com/beta/deviceManagement/deviceHealthScripts";
        Verdict old = verdict("GET", scripts, Tokens.bearer(Tokens.appOnly(NOW, "DeviceManagementConfiguration.Read.All")), 403,
                intuneRefusal("An error has occurred"));
        assertEquals(DiagnosisCode.MISSING_PERMISSION, old.code(), old.summary());
        assertEquals("intune-scripts-permission", old.details().get("rule"));
        assertTrue(old.fix().startsWith("Add DeviceManagementScripts.Read.All (application)"), old.fix());
        Verdict none = verdict("GET", scripts, Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 403, intuneRefusal("An error has occurred"));
        assertEquals("missing-permission", none.details().get("rule"), "without the old permission there is no change to explain");
    }

    @Test
    void intuneRefusingATokenThatHasWhatItNeedsPointsAtTheTenantsIntuneLicence() {
        String devices = "https://graph.microsoft.com/v1.0/deviceManagement/managedDevices";
        String generic = intuneRefusal("An error has occurred");
        Verdict app = verdict("GET", devices, Tokens.bearer(Tokens.appOnly(NOW, "DeviceManagementManagedDevices.Read.All")), 401, generic);
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, app.code(), app.summary());
        assertTrue(app.fix().contains("/subscribedSkus"), app.fix());
        String intuneAdministrator = "3a2c62db-5318-420d-8d74-23affee5d9d5";
        Verdict admin = verdict("GET", devices, Tokens.bearer(Tokens.delegated(NOW, "DeviceManagementManagedDevices.Read.All")
                .claim("wids", List.of(intuneAdministrator))), 403, generic);
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, admin.code(), admin.summary());
        Verdict user = verdict("GET", devices, Tokens.bearer(Tokens.delegated(NOW, "DeviceManagementManagedDevices.Read.All")
                .claim("wids", List.of("b79fbf4d-3ef9-4689-8143-76b194e85509"))), 403, generic);
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, user.code(), "a user without an Intune role is refused in a licensed tenant too");
        Verdict named = verdict("GET", devices, Tokens.bearer(Tokens.appOnly(NOW, "DeviceManagementManagedDevices.Read.All")), 403,
                intuneRefusal("Application is not authorized to perform this operation as called in app only context"));
        assertEquals("intune-app-refused", named.details().get("rule"), "a refusal other than the generic one is not read as the licence");
    }

    @Test
    void noMailboxForTheAddressedUserIsUnlicensedButElsewhereIsNotAnAuthError() {
        String none = graphError("ErrorNonExistentMailbox", "The SMTP address has no mailbox associated with it.");
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, verdict("GET", "https://graph.microsoft.com/v1.0/users/meganb@contoso.com/messages",
                Tokens.bearer(Tokens.appOnly(NOW, "Mail.Read")), 404, none).code());
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, verdict("GET", "https://graph.microsoft.com/beta/bookingBusinesses/%7Bid%7D",
                Tokens.bearer(Tokens.delegated(NOW, "Bookings.Read.All")), 404, none).code());
    }

    @Test
    void aProfilePhotoOfAUserWithoutAMailboxIsALicenceProblem() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER + "/photo/$value", Tokens.bearer(Tokens.appOnly(NOW, "User.Read.All")), 404,
                graphError("ErrorNonExistentMailbox", "The SMTP address has no mailbox associated with it."));
        assertEquals(DiagnosisCode.USER_NOT_LICENSED, v.code(), v.summary());
    }

    @Test
    void aLockedOrConflictingResourceIsNotAnAuthorizationProblemWhateverItsCodeSays() {
        String locked = graphError("accessDenied", "Lock token does not match existing lock");
        for (int status : new int[] {409, 412, 423}) {
            Verdict v = verdict("DELETE", "https://graph.microsoft.com/v1.0/me/drive/items/01ABC", Tokens.bearer(Tokens.delegated(NOW, "Files.ReadWrite.All")),
                    status, locked);
            assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, v.code(), status + ": " + v.summary());
        }
    }

    @Test
    void aPersonalAccountAnsweredWithoutARefusalOnAWorkOnlyApiIsLikelyTheAccountType() {
        Verdict v = verdict("POST", "https://graph.microsoft.com/beta/applications", MSA_TOKEN, 405,
                graphError("Request_BadRequest", "Method not allowed."));
        assertEquals(DiagnosisCode.PERSONAL_ACCOUNT_UNSUPPORTED, v.code(), v.summary());
        assertEquals(DiagnosisCode.NOT_AN_AUTH_ERROR, v.alternatives().get(0).code(), "the request itself is the runner-up");
    }

    @Test
    void aFailedSignInPageThatOnlyPrintsItsOAuthErrorIsReadAsTheSignInsError() {
        String page = "<html><body><h1>We're unable to complete your request</h1><p>unauthorized_client: The client does not exist or is not enabled for consumers.</p></body></html>";
        Verdict v = verdict("GET", "https://login.live.com/oauth20_authorize.srf?client_id=5e2b9c14-7a3f-4d86-b0e1-9c4f2a6d8e73&response_type=code", null, 400,
                page, "Content-Type", "text/html; charset=utf-8");
        assertEquals(DiagnosisCode.TOKEN_ENDPOINT_ERROR, v.code(), v.summary());
        assertTrue(v.summary().contains("unauthorized_client"), v.summary());
    }

    @Test
    void transcriptsTurnedOffForTheTenantAreNotBlamedOnTheAppsAccessPolicy() {
        String off = "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Forbidden\",\"innerError\":{\"code\":\"GraphAccessToTranscriptsDisabled\"}}}";
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/users/" + USER + "/onlineMeetings/MSo0/transcripts",
                Tokens.bearer(Tokens.appOnly(NOW, "OnlineMeetingTranscript.Read.All")), 403, off);
        assertEquals("transcripts-disabled", v.details().get("rule"), v.summary());
        assertEquals(DiagnosisCode.USER_NOT_PRIVILEGED, v.code());
    }

    @Test
    void headerIsOneAsciiLineOfAtMost400CharactersAfterTheCode() {
        Verdict v = verdict("GET", "https://graph.microsoft.com/v1.0/me", null, 401,
                graphError("InvalidAuthenticationToken", "Zugriff verweigert \u00fc\u00e4 " + "x".repeat(600)));
        String header = v.headerValue();
        String text = header.substring(header.indexOf("; ") + 2);
        assertTrue(text.length() <= 400, "length " + text.length());
        assertTrue(header.chars().allMatch(c -> c >= 0x20 && c < 0x7f), header);
    }
}
