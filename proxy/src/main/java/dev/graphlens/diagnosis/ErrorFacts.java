package dev.graphlens.diagnosis;

import java.util.List;

/**
 * What an error response says, from whichever of its shapes it has: Graph's error JSON, the
 * identity platform's OAuth error JSON, a WWW-Authenticate challenge, or just a status.
 *
 * @param bodyKind         json, text, empty, compressed (unreadable encoding), truncated-json, redirect (a sign-in redirect's Location carried the error), or signin-page (a sign-in page showed it)
 * @param graphCode        error.code of a Graph error
 * @param innerCode        error.innerError.code, when present
 * @param oauthError       "error" of a token-endpoint error (invalid_grant, ...)
 * @param aadsts           AADSTS numbers from error_codes or the description
 * @param challengeError   the error parameter of a WWW-Authenticate Bearer challenge
 * @param challengeDescription its error_description, the only words some bodiless 401s carry
 * @param challengeClaims  the decoded claims of a claims challenge (JSON text)
 * @param retryAfter       the Retry-After header
 * @param requestId        request-id (header or innerError)
 */
public record ErrorFacts(String bodyKind, String graphCode, String graphMessage, String innerCode,
                         String oauthError, String oauthDescription, List<Integer> aadsts, String suberror,
                         String claims, String challengeError, String challengeDescription, String challengeClaims, String retryAfter,
                         String requestId, String clientRequestId, String date, List<BatchPart> batch) {

    public ErrorFacts {
        aadsts = aadsts == null ? List.of() : List.copyOf(aadsts);
        batch = batch == null ? List.of() : List.copyOf(batch);
    }

    /** One sub-response of a $batch, with the sub-request it answers (method and url, if known). */
    public record BatchPart(String id, int status, String method, String url, java.util.Map<String, String> headers,
                            byte[] body) {
    }

    /** The message to read rules against: Graph's message, else the OAuth description, else the challenge's. */
    public String message() {
        return graphMessage != null ? graphMessage : oauthDescription != null ? oauthDescription : challengeDescription;
    }
}
