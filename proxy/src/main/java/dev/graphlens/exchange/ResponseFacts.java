package dev.graphlens.exchange;

/**
 * The response as the diagnoser sees it.
 *
 * @param body          the buffered body (raw, possibly compressed), empty when it streamed untouched
 * @param bodyTruncated true when the body was larger than the inspection cap
 */
public record ResponseFacts(int status, Headers headers, byte[] body, boolean bodyTruncated) {
    public ResponseFacts {
        body = body == null ? new byte[0] : body;
    }
}
