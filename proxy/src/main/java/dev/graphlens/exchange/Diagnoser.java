package dev.graphlens.exchange;

import java.util.Optional;

/**
 * The seam between the pipeline and the rules: the proxy asks what to buffer, then hands over
 * the facts once the response head (and, if asked for, the body) is known.
 * Implementations are pure and thread-safe; they run on event-loop threads and must not block.
 */
public interface Diagnoser {

    /** How many bytes of the request body to keep for inspection (0: none). */
    int requestBodyToInspect(RequestFacts request);

    /**
     * Whether this request's response must come in a content coding GraphLens can read (gzip,
     * deflate), because it is read even when it succeeds: the proxy then narrows Accept-Encoding.
     */
    default boolean wantsReadableEncoding(RequestFacts request) {
        return false;
    }

    /** Whether to hold this response's body (up to the proxy's cap) before deciding. */
    boolean wantsResponseBody(RequestFacts request, int status, Headers responseHeaders);

    Optional<Verdict> diagnose(RequestFacts request, ResponseFacts response);

    /** A verdict for a response the proxy produced itself because upstream could not be reached. */
    Verdict upstreamFailure(RequestFacts request, UpstreamFailure failure);

    /** Diagnoses nothing: for a plain forwarding proxy and for tests of the pipeline alone. */
    Diagnoser NONE = new Diagnoser() {
        @Override
        public int requestBodyToInspect(RequestFacts request) {
            return 0;
        }

        @Override
        public boolean wantsResponseBody(RequestFacts request, int status, Headers responseHeaders) {
            return false;
        }

        @Override
        public Optional<Verdict> diagnose(RequestFacts request, ResponseFacts response) {
            return Optional.empty();
        }

        @Override
        public Verdict upstreamFailure(RequestFacts request, UpstreamFailure failure) {
            return Verdict.of(DiagnosisCode.UPSTREAM_UNREACHABLE, failure.describe(), failure.kind().fix, null);
        }
    };
}
