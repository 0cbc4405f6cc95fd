package dev.graphlens.proxy;

import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.exchange.Diagnoser;
import dev.graphlens.exchange.ExchangeListener;
import dev.graphlens.exchange.LiveEvents;
import dev.graphlens.exchange.Verdict;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** What every connection's handlers share: options, the upstream connector, the diagnoser and the listener. */
record ProxyContext(ProxyOptions options, UpstreamConnector connector, Diagnoser diagnoser,
                    ExchangeListener listener, LiveEvents live) {

    /** Only intercepted hosts are diagnosed; anything else is forwarded as it is. */
    Diagnoser diagnoserFor(String host) {
        return options.intercepts(host) ? diagnoser : Diagnoser.NONE;
    }

    Verdict malformedRequest(Throwable cause) {
        String what = cause instanceof TooLongHttpLineException ? "request line too long"
                : cause instanceof TooLongHttpHeaderException ? "request headers too large"
                : "malformed HTTP request";
        return Verdict.of(DiagnosisCode.NOT_AN_AUTH_ERROR,
                "GraphLens rejected the request: " + what + " (" + cause.getMessage() + ").",
                "send a well-formed HTTP/1.1 request; limits are maxInitialLineLength and maxHeaderSize in config/graphlens.json",
                "https://learn.microsoft.com/graph/errors");
    }

    int statusForMalformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return 414;
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return 431;
        }
        return 400;
    }

    Verdict refused(String target, String why) {
        return Verdict.of(DiagnosisCode.NOT_AN_AUTH_ERROR, "GraphLens refused CONNECT " + target + ": " + why + ".",
                "add the host to interceptHosts, or set otherHosts to \"tunnel\" and allow the port in tunnelPorts,"
                        + " in config/graphlens.json", null);
    }
}
