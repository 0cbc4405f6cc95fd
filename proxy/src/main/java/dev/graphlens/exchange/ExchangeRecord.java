package dev.graphlens.exchange;

import java.time.Instant;
import java.util.Optional;

/**
 * One finished exchange, as handed to the reporters.
 *
 * @param inspectedBody the response body the proxy held for inspection (errors), else empty
 */
public record ExchangeRecord(Instant started, long durationMillis, RequestFacts request, int status,
                             Headers responseHeaders, Optional<Verdict> verdict, boolean producedByProxy,
                             byte[] inspectedBody) {

    public ExchangeRecord {
        inspectedBody = inspectedBody == null ? new byte[0] : inspectedBody;
    }

    /** The same exchange without the held body, for when memory for bodies has run out. */
    public ExchangeRecord withoutBody() {
        return inspectedBody.length == 0 ? this
                : new ExchangeRecord(started, durationMillis, request, status, responseHeaders, verdict, producedByProxy, null);
    }

    public ExchangeRecord(Instant started, long durationMillis, RequestFacts request, int status, Headers responseHeaders,
                          Optional<Verdict> verdict, boolean producedByProxy) {
        this(started, durationMillis, request, status, responseHeaders, verdict, producedByProxy, null);
    }
}
