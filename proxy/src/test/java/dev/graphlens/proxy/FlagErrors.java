package dev.graphlens.proxy;

import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.exchange.Diagnoser;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.exchange.UpstreamFailure;
import dev.graphlens.exchange.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A diagnoser for pipeline tests: flags every error and remembers what the seam handed it. */
final class FlagErrors implements Diagnoser {
    final List<ResponseFacts> inspected = new CopyOnWriteArrayList<>();
    final List<RequestFacts> requests = new CopyOnWriteArrayList<>();

    @Override
    public int requestBodyToInspect(RequestFacts request) {
        return request.path().endsWith("/token") ? 4096 : 0;
    }

    @Override
    public boolean wantsResponseBody(RequestFacts request, int status, Headers responseHeaders) {
        return status >= 400;
    }

    @Override
    public Optional<Verdict> diagnose(RequestFacts request, ResponseFacts response) {
        if (response.status() < 400) {
            return Optional.empty();
        }
        inspected.add(response);
        requests.add(request);
        return Optional.of(Verdict.of(DiagnosisCode.UNKNOWN_AUTH_ERROR,
                "saw " + response.status() + " with " + response.body().length + " body bytes"
                        + (response.bodyTruncated() ? " (truncated)" : ""), "none", "https://example.test/docs"));
    }

    @Override
    public Verdict upstreamFailure(RequestFacts request, UpstreamFailure failure) {
        return NONE.upstreamFailure(request, failure);
    }
}
