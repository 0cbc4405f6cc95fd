package dev.graphlens.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RequestFactsTest {
    private static RequestFacts get(String uri) {
        return new RequestFacts("GET", "https", "login.microsoftonline.com", 443, uri, Headers.EMPTY, null);
    }

    @Test
    void identityPlatformPathsAreKnownInAnyCaseAndWithQueries() {
        for (String uri : new String[] {"/common/oauth2/v2.0/token", "/T/OAUTH2/TOKEN", "/organizations/oauth2/v2.0/devicecode",
                "/oauth20_token.srf?x=1", "/consumers/OAuth2/v2.0/Token"}) {
            assertEquals(true, get(uri).toTokenEndpoint(), uri);
            assertEquals(true, get(uri).toIdentityPlatform(), uri);
        }
        for (String uri : new String[] {"/common/oauth2/v2.0/authorize?client_id=a", "/t/oauth2/AUTHORIZE", "/oauth20_authorize.srf"}) {
            assertEquals(true, get(uri).toAuthorizeEndpoint(), uri);
            assertEquals(true, get(uri).toSignInPage(), uri);
        }
        for (String uri : new String[] {"/common/login", "/kmsi", "/t/SAS/ProcessAuth", "/common/consent/set", "/appverify", "/t/reprocess?ctx=1"}) {
            assertEquals(true, get(uri).toSignInPage(), uri);
            assertEquals(false, get(uri).toAuthorizeEndpoint(), uri);
        }
    }

    @Test
    void graphPathsAreNotIdentityPlatformOnes() {
        for (String uri : new String[] {"/v1.0/me/messages", "/v1.0/me/token", "/a/b/login", "/v1.0/users/x/authorize2", "/", "/set",
                "/v1.0/oauth2PermissionGrants", "/token/x", "/v1.0/settings?x=/login"}) {
            assertEquals(false, get(uri).toIdentityPlatform(), uri);
        }
    }
}
