package dev.graphlens.cli;

import dev.graphlens.support.CliRun;
import dev.graphlens.support.TestTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
    @TempDir
    Path dir;

    static String token(String claims) {
        return TestTokens.jwt(claims, "U0lHTkFUVVJFLVNFQ1JFVA");
    }

    static String run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "explain";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.stdout(all);
    }

    @Test
    void explainsATokenAloneAsIfGraphRefusedIt() {
        long now = System.currentTimeMillis() / 1000;
        String t = token("{\"aud\":\"https://graph.microsoft.com\",\"idtyp\":\"app\",\"roles\":[\"User.Read.All\"],\"exp\":" + (now + 600) + "}");
        String out = run(t, "--url", "https://graph.microsoft.com/v1.0/me");
        assertTrue(out.contains("kind             app-only"), out);
        assertTrue(out.contains("DELEGATED_ONLY_API"), out);
        assertFalse(out.contains("U0lHTkFUVVJFLVNFQ1JFVA"), "the signature is never printed");
    }

    @Test
    void listsTheFactsRulesCanTestUnderTheGroupTheyAreAbout() {
        String out = run("--facts");
        int request = out.indexOf("request: what the client sent");
        int token = out.indexOf("token: what the bearer token says");
        int endpoint = out.indexOf("endpoint: what the permission catalog says of the call");
        assertTrue(request >= 0 && token > request && endpoint > token, out);
        int expired = out.indexOf("  token.expired ");
        assertTrue(expired > token && expired < out.indexOf("error: what the service answered"), "token.expired is listed with the token's facts: " + out);
        assertTrue(out.indexOf("  endpoint.accepted ") > endpoint, out);
    }

    @Test
    void namesTheDirectoryRolesOfTheTokensWids() {
        long now = System.currentTimeMillis() / 1000;
        String t = token("{\"aud\":\"https://graph.microsoft.com\",\"idtyp\":\"user\",\"scp\":\"User.Read\",\"exp\":" + (now + 600)
                + ",\"wids\":[\"fe930be7-5e62-47db-91af-98c3a49a38b1\",\"b79fbf4d-3ef9-4689-8143-76b194e85509\"]}");
        String out = run(t);
        assertTrue(out.contains("(User Administrator, User (the default role of members))"), out);
    }

    @Test
    void explainsASavedTokenEndpointErrorAsJson() throws Exception {
        Path body = dir.resolve("err.json");
        Files.writeString(body, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000222: The provided client secret keys are expired.\",\"error_codes\":[7000222]}");
        String out = run("--method", "POST", "--url", "https://login.microsoftonline.com/common/oauth2/v2.0/token",
                "--status", "401", "--body", body.toString(), "--json");
        assertTrue(out.contains("\"code\" : \"TOKEN_ENDPOINT_ERROR\""), out);
        assertTrue(out.contains("AADSTS7000222"), out);
    }

    @Test
    void readsTheTokenFromAFileWithItsBearerPrefix() throws Exception {
        Path file = dir.resolve("token.txt");
        long now = System.currentTimeMillis() / 1000;
        Files.writeString(file, "Bearer " + token("{\"aud\":\"00000003-0000-0000-c000-000000000000\",\"scp\":\"User.Read\",\"exp\":" + (now - 7200) + "}") + "\n");
        String out = run("--token-file", file.toString());
        assertTrue(out.contains("TOKEN_EXPIRED"), out);
        assertTrue(out.contains("expired 2 h 0 min ago"), out);
        assertTrue(out.contains("  (expired 2 h 0 min ago)\n"), "exp is shown relative to now: " + out);
    }

    @Test
    void explainsEveryFailedGraphCallOfABrowsersHarAndNothingElse() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String t = token("{\"aud\":\"00000003-0000-0000-c000-000000000000\",\"scp\":\"User.Read\",\"idtyp\":\"user\",\"exp\":" + (now + 600) + "}");
        String aadsts = java.util.Base64.getEncoder().encodeToString(
                "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\",\"error_codes\":[7000215]}".getBytes());
        Path har = dir.resolve("session.har");
        Files.writeString(har, "{\"log\":{\"version\":\"1.2\",\"entries\":["
                + entry("GET", "https://graph.microsoft.com/v1.0/me", "[]", 200, "[]", "{\"text\":\"{}\"}") + ","
                + entry("GET", "https://graph.microsoft.com/v1.0/me/messages?$top=5",
                        "[{\"name\":\":authority\",\"value\":\"graph.microsoft.com\"},{\"name\":\"authorization\",\"value\":\"Bearer " + t + "\"}]",
                        403, "[{\"name\":\"content-encoding\",\"value\":\"gzip\"}]",
                        "{\"mimeType\":\"application/json\",\"text\":\"{\\\"error\\\":{\\\"code\\\":\\\"ErrorAccessDenied\\\",\\\"message\\\":\\\"Access is denied.\\\"}}\"}") + ","
                + entry("GET", "https://cdn.example.com/app.js", "[]", 404, "[]", "{}") + ","
                + entry("POST", "https://login.microsoftonline.com/common/oauth2/v2.0/token", "[]", 401, "[]",
                        "{\"encoding\":\"base64\",\"text\":\"" + aadsts + "\"}")
                + "]}}");
        String out = run("--har", har.toString());
        assertTrue(out.contains("4 entries, 3 with Graph or the identity platform, 2 failed."), out);
        assertTrue(out.contains("#2 GET https://graph.microsoft.com/v1.0/me/messages?$top=5 -> 403:\n  MISSING_PERMISSION"), out);
        assertTrue(out.contains("#4 POST https://login.microsoftonline.com/common/oauth2/v2.0/token -> 401:\n  TOKEN_ENDPOINT_ERROR"), out);
        assertFalse(out.contains("cdn.example.com"), out);
        assertFalse(out.contains("U0lHTkFUVVJFLVNFQ1JFVA"), "the signature is never printed");
    }

    @Test
    void aBrowsersHarShowsTheSignInErrorPageAmongTheFailuresButNotAnOrdinarySignInPage() throws Exception {
        String authorize = "https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=app-1&response_type=code"
                + "&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcb&scope=User.Read";
        String html = "[{\"name\":\"content-type\",\"value\":\"text/html; charset=utf-8\"},{\"name\":\"content-encoding\",\"value\":\"br\"}]";
        Path har = dir.resolve("signin.har");
        Files.writeString(har, "{\"log\":{\"entries\":["
                + entry("GET", authorize, "[]", 200, html, "{\"mimeType\":\"text/html\",\"text\":\"<script>$Config={\\\"strServiceExceptionMessage\\\":"
                        + "\\\"AADSTS50011: The redirect URI \\\\u0027http://localhost:3000/cb\\\\u0027 does not match.\\\"};</script>\"}") + ","
                + entry("GET", authorize.replace("common", "contoso"), "[]", 200, html,
                        "{\"mimeType\":\"text/html\",\"text\":\"<script>$Config={\\\"urlPost\\\":\\\"/common/login\\\"};</script>\"}")
                + "]}}");
        String out = run("--har", har.toString());
        assertTrue(out.contains("2 entries, 2 with Graph or the identity platform, 1 failed."), out);
        assertTrue(out.contains("-> 200:\n  TOKEN_ENDPOINT_ERROR (certain)\n  cause: AADSTS50011 (InvalidReplyTo): the app sent redirect_uri http://localhost:3000/cb"), out);
        assertFalse(out.contains("have no token in the file"), "a sign-in page carries no token to miss: " + out);
    }

    @Test
    void aGraphLensHarKeepsNoTokenSoItsRecordedDiagnosisIsShown() throws Exception {
        Path har = dir.resolve("graphlens.har");
        Files.writeString(har, "{\"log\":{\"entries\":[" + entry("GET", "https://graph.microsoft.com/v1.0/me/messages",
                "[{\"name\":\"Authorization\",\"value\":\"(redacted by GraphLens) kind=delegated scp=User.Read\"}]", 403,
                "[{\"name\":\"X-Graph-Diagnosis\",\"value\":\"MISSING_PERMISSION; GET /me/messages needs Mail.ReadBasic. Fix: Add Mail.ReadBasic.\"},"
                        + "{\"name\":\"X-Graph-Diagnosis-Docs\",\"value\":\"https://learn.microsoft.com/graph/permissions-reference\"}]",
                "{\"text\":\"{\\\"error\\\":{\\\"code\\\":\\\"ErrorAccessDenied\\\"}}\"}") + "]}}");
        String out = run("--har", har.toString());
        assertTrue(out.contains("MISSING_PERMISSION (likely)\n  cause: (as GraphLens diagnosed it when recording) GET /me/messages needs Mail.ReadBasic."), out);
        assertTrue(out.contains("fix:   Add Mail.ReadBasic."), out);
        assertFalse(out.contains("TOKEN_MALFORMED"), out);
    }

    @Test
    void whyListsTheRulesUpToTheOneThatDecidesAndWhatEachBeforeItLacked() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String t = token("{\"aud\":\"00000003-0000-0000-c000-000000000000\",\"idtyp\":\"user\",\"scp\":\"User.Read\",\"exp\":" + (now + 600) + "}");
        Path body = dir.resolve("403.json");
        Files.writeString(body, "{\"error\":{\"code\":\"ErrorAccessDenied\",\"message\":\"Access is denied. Check credentials and try again.\"}}");
        String out = run(t, "--url", "https://graph.microsoft.com/v1.0/me/messages", "--status", "403", "--body", body.toString(), "--why");
        assertTrue(out.contains("  rules, in order (the first that holds decides):\n    throttled: not status = 429 (is 403) | status = 503 (is 403) | status = 509 (is 403) | "), out);
        assertTrue(out.contains("\n    missing-permission: holds -> MISSING_PERMISSION\n"), out);
        assertFalse(out.contains("user-not-privileged:"), "nothing after the rule that decides: " + out);
        assertFalse(out.contains("U0lHTkFUVVJFLVNFQ1JFVA"), "the signature is never printed");
    }

    @Test
    void aHarSavedWithoutAuthorizationHeadersIsJudgedOnGraphsWordsNotAsATokenNeverSent() throws Exception {
        // Chrome and Edge leave Authorization headers out of an exported HAR unless told otherwise.
        Path har = dir.resolve("sanitized.har");
        Files.writeString(har, "{\"log\":{\"entries\":["
                + entry("GET", "https://graph.microsoft.com/v1.0/me/messages", "[]", 403, "[]",
                        graphError("ErrorAccessDenied", "Access is denied. Check credentials and try again.")) + ","
                + entry("GET", "https://graph.microsoft.com/v1.0/me", "[]", 401, "[]",
                        graphError("InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.")) + ","
                + entry("GET", "https://graph.microsoft.com/v1.0/me/events", "[]", 401, "[]",
                        graphError("InvalidAuthenticationToken", "Access token is empty.")) + ","
                + entry("GET", "https://graph.microsoft.com/v1.0/users", "[{\"name\":\"Authorization\",\"value\":\"Bearer [REDACTED]\"}]", 403, "[]",
                        graphError("Authorization_RequestDenied", "Insufficient privileges to complete the operation.")) + "]}}");
        String out = run("--har", har.toString(), "--why");
        assertTrue(out.contains("4 failed.\nBy code: UNKNOWN_AUTH_ERROR 2, TOKEN_EXPIRED 1, TOKEN_MISSING 1\n4 of the failed calls have no token in the file"), out);
        assertTrue(out.contains("    unseen-said-expired: holds -> TOKEN_EXPIRED\n"), "--why works per entry too: " + out);
        assertTrue(out.contains("#1 GET https://graph.microsoft.com/v1.0/me/messages -> 403:\n  UNKNOWN_AUTH_ERROR"), out);
        assertTrue(out.contains("the request's token is not in what GraphLens was given"), out);
        assertTrue(out.contains("Export HAR (with sensitive data)"), "says how to get the token into the HAR: " + out);
        assertTrue(out.contains("#2 GET https://graph.microsoft.com/v1.0/me -> 401:\n  TOKEN_EXPIRED"), out);
        assertTrue(out.contains("#3 GET https://graph.microsoft.com/v1.0/me/events -> 401:\n  TOKEN_MISSING"), "Graph's own word that none came: " + out);
        assertTrue(out.contains("#4 GET https://graph.microsoft.com/v1.0/users -> 403:\n  UNKNOWN_AUTH_ERROR"), "a sanitizer's marker is not a malformed token: " + out);
    }

    @Test
    void aSavedErrorWithoutItsTokenIsNotCalledATokenNeverSent() throws Exception {
        Path body = dir.resolve("403.json");
        Files.writeString(body, "{\"error\":{\"code\":\"Forbidden\",\"message\":\"Missing scope permissions on the request. "
                + "API requires one of 'Calendars.ReadBasic, Calendars.Read'. Scopes on the request 'User.Read'\"}}");
        String out = run("--url", "https://graph.microsoft.com/v1.0/me/events", "--status", "403", "--body", body.toString());
        assertTrue(out.startsWith("Token: none given"), out);
        assertTrue(out.contains("  MISSING_PERMISSION (likely)\n  cause: GET /me/events requires Calendars.ReadBasic or Calendars.Read"), out);
        assertFalse(out.contains("TOKEN_MISSING"), out);
    }

    @Test
    void readsEntriesWhereverTheHarPutsThemAndSkipsWhatIsNotAnEntry() throws Exception {
        Path har = dir.resolve("ordered.har");
        Files.writeString(har, "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"Chrome\",\"version\":\"131\"},"
                + "\"pages\":[{\"id\":\"page_1\",\"title\":\"https://app.contoso.com/\",\"pageTimings\":{}}],"
                + "\"entries\":[null," + entry("GET", "https://graph.microsoft.com/v1.0/me", "[]", 401, "[]",
                        "{\"text\":\"{\\\"error\\\":{\\\"code\\\":\\\"InvalidAuthenticationToken\\\",\\\"message\\\":\\\"Access token is empty.\\\"}}\"}")
                + "],\"comment\":\"\"},\"extra\":[1,2,3]}");
        String out = run("--har", har.toString());
        assertTrue(out.contains("2 entries, 1 with Graph or the identity platform, 1 failed."), out);
        assertTrue(out.contains("#2 GET https://graph.microsoft.com/v1.0/me -> 401:\n  TOKEN_MISSING"), out);
    }

    @Test
    void aMissingTruncatedOrForeignFileIsOneLineAndExitCodeTwo() throws Exception {
        Path truncated = dir.resolve("cut.har");
        Files.writeString(truncated, "{\"log\":{\"entries\":[" + entry("GET", "https://graph.microsoft.com/v1.0/me", "[]", 200, "[]", "{}") + ",{\"request\":");
        Path foreign = dir.resolve("list.json");
        Files.writeString(foreign, "{\"value\":[]}");
        assertEquals("graphlens: no such file: " + dir.resolve("none.har") + "\n", CliRun.stderr(2, "explain", "--har", dir.resolve("none.har").toString()));
        assertEquals("graphlens: " + truncated + " is not valid JSON: Unexpected end-of-input within/between Object entries\n",
                CliRun.stderr(2, "explain", "--har", truncated.toString()));
        assertEquals("graphlens: " + foreign + " is not a HAR file (no log.entries)\n", CliRun.stderr(2, "explain", "--har", foreign.toString()));
    }

    private static String graphError(String code, String message) {
        return "{\"text\":\"{\\\"error\\\":{\\\"code\\\":\\\"" + code + "\\\",\\\"message\\\":\\\"" + message + "\\\"}}\"}";
    }

    private static String entry(String method, String url, String requestHeaders, int status, String responseHeaders, String content) {
        return "{\"request\":{\"method\":\"" + method + "\",\"url\":\"" + url + "\",\"headers\":" + requestHeaders + "},"
                + "\"response\":{\"status\":" + status + ",\"headers\":" + responseHeaders + ",\"content\":" + content + "}}";
    }
}
