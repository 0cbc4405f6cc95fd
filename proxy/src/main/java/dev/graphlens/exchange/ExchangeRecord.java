package dev.graphlens.exchange;

import java.time.Instant;
import java.util.Optional;

/** One finished exchange, as handed to the reporters. */
public record ExchangeRecord(Instant started, long durationMillis, RequestFacts request, int status,
                             Headers responseHeaders, Optional<Verdict> verdict, boolean producedByProxy) {
}
