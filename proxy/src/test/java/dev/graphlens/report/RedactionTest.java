package dev.graphlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.support.TestTokens;
import org.junit.jupiter.api.Test;

/** What is cut from URLs and text before they are logged, and that everything else is left alone. */
class RedactionTest {
    static final String TOKEN = TestTokens.graphDelegated("Mail.Read", "SIGNATURE-PART-abcdef");

    @Test
    void credentialQueryValuesAreReplacedAndOthersKept() {
        assertEquals("https://login.microsoftonline.com/t/oauth2/v2.0/authorize?client_id=abc&code=REDACTED&state=s1",
                Redaction.url("https://login.microsoftonline.com/t/oauth2/v2.0/authorize?client_id=abc&code=xyz123&state=s1"));
        assertEquals("/v1.0/me?Client_Secret=REDACTED", Redaction.url("/v1.0/me?Client_Secret=hunter2"));
        assertEquals("/cb?state=1&code=REDACTED&session_state=x&password=REDACTED#frag",
                Redaction.url("/cb?state=1&code=abc&session_state=x&password=p%40ss#frag"));
        assertEquals("/cb?code=REDACTED&flag&=v&code=REDACTED", Redaction.url("/cb?code=1&flag&=v&code="));
        assertEquals("/v1.0/me/photo/$value&access_token=REDACTED", Redaction.url("/v1.0/me/photo/$value&access_token=abc"));
    }

    @Test
    void aSignInRedirectsFragmentIsRedactedLikeItsQuery() {
        assertEquals("http://localhost:3000/cb#code=REDACTED&state=s1&session_state=x",
                Redaction.url("http://localhost:3000/cb#code=0.AXoA-secret&state=s1&session_state=x"));
        assertEquals("https://app.example/#access_token=REDACTED&token_type=Bearer&id_token=REDACTED",
                Redaction.url("https://app.example/#access_token=EwBwA8l6BAAU&token_type=Bearer&id_token=x.y.z"));
    }

    @Test
    void aB2cSignInPagesAntiForgeryTokenAndStateAreRedacted() {
        assertEquals("https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/api/CombinedSigninAndSignup/confirmed"
                        + "?rememberMe=false&csrf_token=REDACTED&tx=REDACTED&p=B2C_1_signin",
                Redaction.url("https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/api/CombinedSigninAndSignup/confirmed"
                        + "?rememberMe=false&csrf_token=cVhHS2xrVk9&tx=StateProperties=eyJUSUQiOiI&p=B2C_1_signin"));
    }

    @Test
    void aTokenAnywhereInAUrlOrTextIsCutToItsFirstCharacters() {
        String url = Redaction.url("https://graph.microsoft.com/v1.0/me/" + TOKEN);
        assertFalse(url.contains("SIGNATURE-PART"), url);
        assertTrue(url.endsWith(TOKEN.substring(0, 8) + "...(token redacted)"), url);
        String text = Redaction.text("sent Bearer " + TOKEN + " to Graph");
        assertFalse(text.contains(TOKEN.substring(0, 30)), text);
    }

    @Test
    void textWithoutSecretsIsReturnedUnchanged() {
        String plain = "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'eyJ')&$top=5";
        assertEquals(plain, Redaction.url(plain));
        assertEquals("Access is denied.", Redaction.text("Access is denied."));
    }
}
