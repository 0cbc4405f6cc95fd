package dev.graphlens.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.support.TestTokens;
import org.junit.jupiter.api.Test;

/** The decoded-header cache: exact reuse for the same header, bounded against hostile traffic. */
class TokenDecoderCacheTest {

    @Test
    void theSameHeaderIsDecodedOnceAndGivesTheSameFacts() {
        String header = "Bearer " + TestTokens.graphDelegated("Mail.Read");
        TokenFacts first = TokenDecoder.decode(header);
        assertSame(first, TokenDecoder.decode(new String(header)));
        assertEquals(java.util.Set.of("Mail.Read"), first.scp());
    }

    @Test
    void requestsWithoutAnAuthorizationHeaderShareOneInstance() {
        TokenFacts absent = TokenDecoder.decode(null);
        assertEquals(TokenFacts.State.ABSENT, absent.state());
        assertSame(absent, TokenDecoder.decode(null), "reporters reuse a token's serialised claims only for the same instance");
    }

    @Test
    void manyDistinctTokensNeverGrowTheCachePastItsBound() {
        for (int i = 0; i < 5 * TokenDecoder.CACHED_HEADERS; i++) {
            TokenFacts facts = TokenDecoder.decode("Bearer " + TestTokens.graphDelegated("Scope" + i));
            assertEquals(java.util.Set.of("Scope" + i), facts.scp(), "each token decodes to its own claims");
            assertTrue(TokenDecoder.cachedHeaders() <= TokenDecoder.CACHED_HEADERS, "cache holds " + TokenDecoder.cachedHeaders());
        }
    }

    @Test
    void oversizedHeadersAreDecodedButNotKept() {
        int before = TokenDecoder.cachedHeaders();
        String huge = "Bearer " + TestTokens.jwt("{\"aud\":\"https://graph.microsoft.com\",\"pad\":\""
                + "x".repeat(TokenDecoder.CACHED_MAX_LENGTH) + "\"}");
        assertEquals("https://graph.microsoft.com", TokenDecoder.decode(huge).aud());
        assertTrue(TokenDecoder.cachedHeaders() <= before, "an oversized header was cached");
    }
}
