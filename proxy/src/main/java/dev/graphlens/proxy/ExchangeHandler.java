package dev.graphlens.proxy;

import dev.graphlens.exchange.Diagnoser;
import dev.graphlens.exchange.ExchangeListener;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.exchange.UpstreamFailure;
import dev.graphlens.exchange.Verdict;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays HTTP/1.1 exchanges between one client connection and its paired upstream connection.
 *
 * <p>Requests and successful responses stream with backpressure: whichever side cannot keep up
 * pauses reading on the other. A response the diagnoser wants to inspect (an error) is held, up
 * to the inspection cap, so the diagnosis headers can be added to its head; past the cap it
 * streams on. Responses come back in request order, so in-flight requests form a FIFO queue.
 */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ExchangeHandler.class);

    private final ProxyContext proxy;
    private final Routing routing;
    private Target target;
    private Diagnoser diagnoser;

    private Channel client;
    private Channel upstream;
    private boolean connecting;
    private final Deque<HttpObject> pendingWrites = new ArrayDeque<>();
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    /** The request whose body the client is still sending. */
    private InFlight sending;
    /** After the proxy answered a request itself, the rest of its body is dropped. */
    private boolean discardingBody;
    private boolean upstreamNeedsFlush;
    /**
     * Response parts written to the client since its last flush: flushed once, when the upstream
     * read that produced them completes (a flush with nothing pending still costs the TLS handler an
     * empty wrap).
     */
    private boolean clientNeedsFlush;
    /** Exchanges the current upstream connection has completed: above zero, it is a reused one. */
    private int servedByUpstream;

    ExchangeHandler(ProxyContext proxy, Routing routing, Target target) {
        this.proxy = proxy;
        this.routing = routing;
        retarget(target);
    }

    private void retarget(Target next) {
        this.target = next;
        this.diagnoser = proxy.diagnoserFor(next.host());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        client = ctx.channel();
    }

    // ---- client side -------------------------------------------------------------------------

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            onRequestHead(request);
        } else if (msg instanceof HttpContent content) {
            onRequestContent(content);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequestHead(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(request);
            rejectMalformed(request.decoderResult().cause());
            return;
        }
        Optional<Target> routed = routing.route(request);
        if (routed.isPresent() && !routed.get().equals(target)) {
            if (!inFlight.isEmpty()) {
                ReferenceCountUtil.release(request);
                rejectMalformed(new IllegalStateException("pipelined requests to different hosts"));
                return;
            }
            closeUpstream();
            retarget(routed.get());
        }
        boolean wantsClose = !HttpUtil.isKeepAlive(request);
        HopByHop.strip(request.headers());
        toOriginForm(request);
        RequestFacts facts = new RequestFacts(request.method().name(), target.scheme(), target.host(),
                target.port(), request.uri(), NettyFacts.headers(request.headers()), null);
        if (diagnoser.wantsReadableEncoding(facts)) {
            ReadableEncodings.narrow(request.headers());
        }
        InFlight exchange = new InFlight(facts, wantsClose, diagnoser.requestBodyToInspect(facts));
        if (isSafeWithoutBody(request)) {
            exchange.resendable = request;
        }
        inFlight.add(exchange);
        sending = exchange;
        discardingBody = false;
        forward(request);
    }

    private void onRequestContent(HttpContent content) {
        if (discardingBody || sending == null) {
            discardingBody &= !(content instanceof LastHttpContent);
            content.release();
            return;
        }
        sending.capture(content.content());
        if (content instanceof LastHttpContent) {
            sending.requestDone();
            sending = null;
        }
        forward(content);
    }

    private void forward(HttpObject msg) {
        if (upstream != null && !upstream.isActive()) {
            // Closed, its channelInactive still queued: nothing of this request went on it, so that
            // event must not resend it while a new connection is being made for it.
            closeUpstream();
        }
        if (upstream != null && pendingWrites.isEmpty()) {
            upstream.write(msg, upstream.voidPromise());
            upstreamNeedsFlush = true;
            if (!upstream.isWritable()) {
                client.config().setAutoRead(false);
            }
            return;
        }
        pendingWrites.add(msg);
        if (!connecting) {
            connectUpstream();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (upstreamNeedsFlush && upstream != null) {
            upstreamNeedsFlush = false;
            upstream.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (upstream != null) {
            upstream.config().setAutoRead(client.isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && inFlight.isEmpty()) {
            // An idle keep-alive client (or a slow-loris one that never finished its head).
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePending();
        inFlight.forEach(InFlight::releaseHeld);
        inFlight.clear();
        closeUpstream();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection {} failed: {}", client.remoteAddress(), cause.toString());
        ctx.close();
    }

    // ---- upstream connection -----------------------------------------------------------------

    private void connectUpstream() {
        connecting = true;
        client.config().setAutoRead(false);
        Target connectingTo = target;
        proxy.connector().connect(client.eventLoop(), connectingTo, connectingTo.tls(), () -> new ChannelHandler[] {
                new HttpClientCodec(proxy.options().maxInitialLineLength(), proxy.options().maxHeaderSize(), 64 * 1024),
                new IdleStateHandler(proxy.options().upstreamReadTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                new UpstreamHandler()
        }).addListener(f -> {
            connecting = false;
            if (!client.isActive()) {
                if (f.isSuccess()) {
                    ((Channel) f.getNow()).close();
                }
                releasePending();
                return;
            }
            if (f.isSuccess()) {
                upstream = (Channel) f.getNow();
                servedByUpstream = 0;
                while (!pendingWrites.isEmpty()) {
                    upstream.write(pendingWrites.poll(), upstream.voidPromise());
                }
                upstream.flush();
                client.config().setAutoRead(upstream.isWritable());
            } else {
                releasePending();
                failInFlight(UpstreamConnector.classify(connectingTo, f.cause()));
                client.config().setAutoRead(true);
            }
        });
    }

    /** The paired upstream channel's end of the relay. */
    private final class UpstreamHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (ctx.channel() != upstream) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpResponse response) {
                onResponseHead(response);
            } else if (msg instanceof HttpContent content) {
                onResponseContent(content);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (clientNeedsFlush) {
                clientNeedsFlush = false;
                client.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel() == upstream) {
                client.config().setAutoRead(upstream.isWritable());
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent && ctx.channel() == upstream) {
                InFlight current = inFlight.peek();
                if (current == null) {
                    ctx.close();
                } else if (current.requestComplete && !current.responseWritten) {
                    // Only once the request is sent: a slow upload is not an upstream stall.
                    upstreamBroken(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, target.authority(),
                            "no response within " + proxy.options().upstreamReadTimeout().toSeconds() + " s"));
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() != upstream) {
                return;
            }
            if (resendAfterStaleClose()) {
                return;
            }
            upstreamBroken(new UpstreamFailure(UpstreamFailure.Kind.CLOSED, target.authority(),
                    "connection closed before the response was complete"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("upstream {} failed: {}", target.authority(), cause.toString());
            ctx.close();
        }
    }

    // ---- responses ---------------------------------------------------------------------------

    private void onResponseHead(HttpResponse response) {
        InFlight current = inFlight.peek();
        if (current == null || response.decoderResult().isFailure()) {
            ReferenceCountUtil.release(response);
            upstreamBroken(new UpstreamFailure(UpstreamFailure.Kind.CLOSED, target.authority(),
                    current == null ? "response without a request" : "malformed response: "
                            + response.decoderResult().cause().getMessage()));
            return;
        }
        int status = response.status().code();
        if (status >= 100 && status < 200) {
            // Interim (100 Continue): passes straight through, the final response follows.
            writeToClient(response);
            return;
        }
        current.upstreamClosesAfter = !HttpUtil.isKeepAlive(response);
        current.closeClientAfter = current.clientWantsClose || endsByClose(current, response);
        HopByHop.strip(response.headers());
        if (current.closeClientAfter) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        current.responseHead = response;
        current.responseHeaders = NettyFacts.headers(response.headers());
        if (diagnoser.wantsResponseBody(current.requestWithBody(), status, current.responseHeaders)) {
            current.startHolding();
        } else {
            decide(current, new byte[0], false);
            writeHead(current);
        }
    }

    private void onResponseContent(HttpContent content) {
        InFlight current = inFlight.peek();
        if (current == null) {
            content.release();
            return;
        }
        if (current.responseHead == null) {
            // The end of an interim (1xx) response: the client's encoder needs it to close that message.
            writeToClient(content);
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (current.held != null) {
            current.hold(content);
            boolean overCap = current.heldBytes > proxy.options().inspectCapBytes();
            if (last || overCap) {
                decide(current, current.heldBytes(), overCap && !last);
                writeHead(current);
                for (HttpContent held : current.held) {
                    writeToClient(held);
                }
                current.held = null;
            }
        } else {
            writeToClient(content);
        }
        if (!client.isWritable() && upstream != null) {
            upstream.config().setAutoRead(false);
        }
        if (last) {
            finish(current);
        }
    }

    private void decide(InFlight current, byte[] body, boolean truncated) {
        HttpResponse head = current.responseHead;
        current.inspectedBody = body;
        ResponseFacts facts = new ResponseFacts(head.status().code(), current.responseHeaders, body, truncated);
        try {
            current.verdict = diagnoser.diagnose(current.requestWithBody(), facts);
        } catch (RuntimeException e) {
            // A rule bug must never cost the user their response.
            log.warn("diagnosis failed for {} {}: {}", current.request.method(), current.request.path(), e.toString());
            current.verdict = Optional.empty();
        }
        if (proxy.options().injectHeaders() && current.verdict.isPresent()) {
            ProxyResponses.addDiagnosis(head.headers(), current.verdict.get());
            // The report shows the head the client got.
            current.responseHeaders = NettyFacts.headers(head.headers());
        }
    }

    private void writeHead(InFlight current) {
        current.responseWritten = true;
        writeToClient(current.responseHead);
    }

    /** Every write of upstream's answers happens within an upstream read: its completion flushes them. */
    private void writeToClient(Object msg) {
        client.write(msg, client.voidPromise());
        clientNeedsFlush = true;
    }

    private void finish(InFlight current) {
        inFlight.poll();
        servedByUpstream++;
        report(current, current.responseHead.status().code(), current.responseHeaders, false);
        if (current.upstreamClosesAfter) {
            closeUpstream();
        }
        if (current.closeClientAfter) {
            clientNeedsFlush = false;
            client.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        } else if (current.upstreamClosesAfter) {
            // The closed connection's read may not complete through the handlers any more: flush now.
            clientNeedsFlush = false;
            client.flush();
        }
    }

    /** A body that ends when the connection closes: the client can only see its end if we close too. */
    private static boolean endsByClose(InFlight current, HttpResponse response) {
        int status = response.status().code();
        return !current.head && status != 204 && status != 304
                && !HttpUtil.isContentLengthSet(response) && !HttpUtil.isTransferEncodingChunked(response);
    }

    // ---- failures ----------------------------------------------------------------------------

    /** The upstream connection died or stalled: answer what can still be answered, close the rest. */
    private void upstreamBroken(UpstreamFailure failure) {
        Channel dead = upstream;
        upstream = null;
        if (dead != null) {
            dead.close();
        }
        if (inFlight.isEmpty()) {
            return;
        }
        InFlight current = inFlight.peek();
        if (current.responseWritten) {
            // Part of the response is already with the client: the only honest signal left is to close.
            inFlight.forEach(InFlight::releaseHeld);
            inFlight.clear();
            client.close();
            return;
        }
        failInFlight(failure);
    }

    /**
     * A kept-alive upstream connection that closes just as a request is sent on it, before a single
     * byte of answer, most likely closed for idleness and never saw the request: a client library
     * would resend on a new connection, so the proxy does the same, once, for a safe request
     * without a body. Anything else gets the 502 as before.
     */
    private boolean resendAfterStaleClose() {
        InFlight current = inFlight.peek();
        if (connecting || current == null || inFlight.size() > 1 || servedByUpstream == 0 || current.resendable == null
                || current.resent || !current.requestComplete || current.responseHead != null) {
            return false;
        }
        log.debug("{} closed a kept-alive connection before answering {} {}; resending on a new connection",
                target.authority(), current.request.method(), current.request.path());
        current.resent = true;
        upstream = null;
        pendingWrites.add(current.resendable);
        pendingWrites.add(LastHttpContent.EMPTY_LAST_CONTENT);
        connectUpstream();
        return true;
    }

    private static boolean isSafeWithoutBody(HttpRequest request) {
        HttpMethod method = request.method();
        return (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS))
                && !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
    }

    /** Answers every waiting request with the proxy's own 502/504. */
    private void failInFlight(UpstreamFailure failure) {
        boolean more = inFlight.size() > 1;
        while (!inFlight.isEmpty()) {
            InFlight current = inFlight.poll();
            current.releaseHeld();
            if (!current.requestComplete) {
                discardingBody = true;
                sending = null;
            }
            Verdict verdict = diagnoser.upstreamFailure(current.request, failure);
            FullHttpResponse response = ProxyResponses.error(client.alloc(), failure.kind().status,
                    "UpstreamUnreachable", verdict);
            boolean close = current.clientWantsClose || more;
            if (close) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            report(current, failure.kind().status, NettyFacts.headers(response.headers()), true, verdict);
            if (close) {
                client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                inFlight.forEach(InFlight::releaseHeld);
                inFlight.clear();
                return;
            }
            client.writeAndFlush(response);
        }
    }

    private void rejectMalformed(Throwable cause) {
        Verdict verdict = proxy.malformedRequest(cause);
        FullHttpResponse response = ProxyResponses.error(client.alloc(), proxy.statusForMalformed(cause),
                "BadRequest", verdict);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void report(InFlight current, int status, dev.graphlens.exchange.Headers headers, boolean byProxy) {
        report(current, status, headers, byProxy, current.verdict.orElse(null));
    }

    private void report(InFlight current, int status, dev.graphlens.exchange.Headers headers, boolean byProxy,
                        Verdict verdict) {
        ExchangeListener listener = proxy.listener();
        try {
            listener.completed(new ExchangeRecord(current.started, current.elapsedMillis(), current.requestWithBody(),
                    status, headers, Optional.ofNullable(verdict), byProxy, current.inspectedBody));
        } catch (RuntimeException e) {
            log.warn("reporting failed: {}", e.toString());
        }
    }

    private void releasePending() {
        while (!pendingWrites.isEmpty()) {
            ReferenceCountUtil.release(pendingWrites.poll());
        }
    }

    private void closeUpstream() {
        Channel old = upstream;
        upstream = null;
        if (old != null) {
            old.close();
        }
    }

    // ---- request rewriting -------------------------------------------------------------------

    /** Upstreams get origin-form ("/path?query") and a Host header, as a direct client would send. */
    private void toOriginForm(HttpRequest request) {
        String uri = request.uri();
        if (Routing.absoluteTarget(request).isPresent()) {
            int slash = uri.indexOf('/', uri.indexOf("//") + 2);
            request.setUri(slash < 0 ? "/" : uri.substring(slash));
        }
        if (routing.replacesHost() || !request.headers().contains(HttpHeaderNames.HOST)) {
            boolean defaultPort = target.port() == (target.tls() ? 443 : 80);
            request.headers().set(HttpHeaderNames.HOST, defaultPort ? target.host() : target.authority());
        }
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
    }
}
