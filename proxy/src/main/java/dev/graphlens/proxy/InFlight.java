package dev.graphlens.proxy;

import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One request on its way through the proxy, from its head until its response is complete. */
final class InFlight {
    final Instant started = Instant.now();
    final long startedNanos = System.nanoTime();
    final boolean clientWantsClose;
    final boolean head;
    RequestFacts request;

    private final int captureLimit;
    private ByteArrayOutputStream captured;

    boolean requestComplete;
    HttpResponse responseHead;
    /** {@link #responseHead}'s headers as the diagnoser and reporters read them: converted once. */
    Headers responseHeaders;
    boolean responseWritten;
    boolean closeClientAfter;
    boolean upstreamClosesAfter;
    Optional<Verdict> verdict = Optional.empty();
    /** The body the diagnoser saw, kept for the reporters (HAR); empty for streamed responses. */
    byte[] inspectedBody;

    /**
     * The request head, kept for one resend when that is safe: a GET, HEAD or OPTIONS without a
     * body; otherwise null.
     */
    HttpRequest resendable;
    boolean resent;

    /** Held response content while the body is being inspected; null once streaming. */
    List<HttpContent> held;
    int heldBytes;

    InFlight(RequestFacts request, boolean clientWantsClose, int captureLimit) {
        this.request = request;
        this.clientWantsClose = clientWantsClose;
        this.head = "HEAD".equals(request.method());
        this.captureLimit = captureLimit;
    }

    /** Copies up to the diagnoser's limit of request body bytes; the original is forwarded untouched. */
    void capture(ByteBuf content) {
        if (captureLimit <= 0 || !content.isReadable()) {
            return;
        }
        if (captured == null) {
            captured = new ByteArrayOutputStream();
        }
        int room = captureLimit - captured.size();
        if (room > 0) {
            int n = Math.min(room, content.readableBytes());
            byte[] copy = new byte[n];
            content.getBytes(content.readerIndex(), copy);
            captured.write(copy, 0, n);
        }
    }

    /** The request has been read whole: from here on the facts carry its captured body, copied once. */
    void requestDone() {
        requestComplete = true;
        if (captured != null) {
            request = request.withBody(captured.toByteArray());
            captured = null;
        }
    }

    /** The request facts with what was captured so far (a copy only while the body is still arriving). */
    RequestFacts requestWithBody() {
        return captured == null ? request : request.withBody(captured.toByteArray());
    }

    void hold(HttpContent content) {
        held.add(content);
        heldBytes += content.content().readableBytes();
    }

    byte[] heldBytes() {
        byte[] all = new byte[heldBytes];
        int at = 0;
        for (HttpContent c : held) {
            ByteBuf b = c.content();
            int n = b.readableBytes();
            b.getBytes(b.readerIndex(), all, at, n);
            at += n;
        }
        return all;
    }

    void startHolding() {
        held = new ArrayList<>();
        heldBytes = 0;
    }

    /** Releases whatever is still held: the response head and content that will never be written. */
    void releaseHeld() {
        if (held != null) {
            held.forEach(ReferenceCountUtil::release);
            held = null;
        }
        if (responseHead != null && !responseWritten) {
            ReferenceCountUtil.release(responseHead);
        }
    }

    long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
