package dev.graphlens.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Credentials of the sign-in flow sent where the access token belongs are named by their shape. */
class TokenDecoderTest {

    @Test
    void anEntraRefreshTokenOrCodeIsNamedAsOne() {
        TokenFacts t = TokenDecoder.decode("Bearer 0.AVYA4nNSWwX4uUSY2E3tk8KhzZBBcwQWHblCuiwHqvyapJ2xAGg.AgABAwEAAADW6jl31mB3T7ugrWTT8pFe");
        assertEquals(TokenFacts.State.MALFORMED, t.state());
        assertTrue(t.problem().contains("refresh token or authorization code"), t.problem());
    }

    @Test
    void aMicrosoftAccountCodeIsNamedAsOne() {
        TokenFacts t = TokenDecoder.decode("Bearer M.C532_BAY.2.U.5b1c7e2a-86f1-41af-91ab-2d7cd011db47");
        assertTrue(t.problem().contains("Microsoft account authorization code or refresh token"), t.problem());
    }

    @Test
    void aClientSecretIsNamedWithoutBeingQuoted() {
        String secret = "abc8Q~" + "Zx9vQ2mN4pL7kR1sT6uW3yB8cD5eF0gH2j";
        TokenFacts t = TokenDecoder.decode("Bearer " + secret);
        assertEquals(TokenFacts.State.MALFORMED, t.state());
        assertTrue(t.problem().contains("client secret"), t.problem());
        assertFalse(t.problem().contains(secret.substring(0, 8)), t.problem());
    }

    @Test
    void aWholeTokenResponseIsToldToSendOnlyItsAccessToken() {
        TokenFacts t = TokenDecoder.decode("Bearer {\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"eyJ0eXAi\"}");
        assertEquals(TokenFacts.State.MALFORMED, t.state());
        assertTrue(t.problem().contains("send only its access_token value"), t.problem());
        assertFalse(t.problem().contains("eyJ0eXAi"), t.problem());
    }

    @Test
    void aPercentEncodedJwtIsNamedAsOne() {
        TokenFacts t = TokenDecoder.decode("Bearer eyJ0eXAiOiJKV1QifQ%2EeyJhdWQiOiJ4In0%2Esig");
        assertTrue(t.problem().contains("percent-encoded"), t.problem());
    }

    @Test
    void anAccessTokenLikeStringIsNotMistakenForAnotherCredential() {
        TokenFacts t = TokenDecoder.decode("Bearer EwBIBMl6BAAUkj1oWbOa0PtDrMgG0hZKsz1QpL2wAAA");
        assertFalse(t.problem() != null && t.problem().contains("shape of"), String.valueOf(t.problem()));
    }
}
