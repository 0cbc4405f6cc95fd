package dev.graphlens.proxy;

import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.UpstreamFailure;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.tls.LeafCertificates;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every client connection: decides what the connection becomes.
 * CONNECT to an intercepted host: TLS terminated here, then {@link ExchangeHandler}.
 * CONNECT elsewhere: a byte tunnel (or a refusal, as configured). Absolute-form http://
 * requests: {@link ExchangeHandler} without TLS. Anything else is not a proxy request.
 */
final class ProxyFrontHandler extends ChannelInboundHandlerAdapter {
    static final String CODEC = "http-codec";
    private static final Logger log = LoggerFactory.getLogger(ProxyFrontHandler.class);

    private final ProxyContext proxy;
    private final LeafCertificates leaves;
    private final InetSocketAddress self;
    /** The CONNECT target, acted on once the CONNECT message is complete. */
    private Target connectTarget;

    ProxyFrontHandler(ProxyContext proxy, LeafCertificates leaves, InetSocketAddress self) {
        this.proxy = proxy;
        this.leaves = leaves;
        this.self = self;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            onRequest(ctx, request);
        } else if (msg instanceof LastHttpContent last && connectTarget != null) {
            last.release();
            Target target = connectTarget;
            connectTarget = null;
            onConnect(ctx, target);
        } else {
            // Body bytes of a request already answered.
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            ReferenceCountUtil.release(request);
            reply(ctx, proxy.statusForMalformed(cause), proxy.malformedRequest(cause), true);
            return;
        }
        if (HttpMethod.CONNECT.equals(request.method())) {
            Optional<Target> target = connectTarget(request.uri());
            ReferenceCountUtil.release(request);
            if (target.isEmpty()) {
                reply(ctx, 400, proxy.malformedRequest(new IllegalArgumentException(
                        "CONNECT needs host:port, got '" + printable(request.uri()) + "'")), true);
                return;
            }
            connectTarget = target.get();
            return;
        }
        if (LiveViewHandler.wants(request)) {
            ChannelPipeline p = ctx.pipeline();
            p.addAfter(ctx.name(), "live-view", new LiveViewHandler(proxy.live()));
            p.remove(this);
            ctx.fireChannelRead(request);
            return;
        }
        Routing routing = Routing.ABSOLUTE_FORM;
        Optional<Target> target = routing.route(request);
        if (target.isEmpty() && !proxy.options().reverseRoutes().isEmpty()) {
            routing = Routing.reverse(proxy.options().reverseRoutes());
            target = routing.route(request);
        }
        if (target.isEmpty()) {
            ReferenceCountUtil.release(request);
            reply(ctx, 400, proxy.malformedRequest(new IllegalArgumentException(proxy.options().reverseRoutes().isEmpty()
                    ? "this is a proxy: send absolute-form or CONNECT requests (set HTTPS_PROXY to this address), or start it with --reverse"
                    : "no reverse route for this path (reverseRoutes in config/graphlens.json)")), true);
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(ctx.name(), "exchange", new ExchangeHandler(proxy, routing, target.get()));
        p.remove(this);
        ctx.fireChannelRead(request);
    }

    private void onConnect(ChannelHandlerContext ctx, Target target) {
        if (pointsAtSelf(target)) {
            reply(ctx, 508, proxy.refused(target.authority(), "that is GraphLens itself (a proxy loop)"), true);
        } else if (proxy.options().intercepts(target.host())) {
            intercept(ctx, target);
        } else if (!proxy.options().tunnelOthers()) {
            reply(ctx, 403, proxy.refused(target.authority(), "the host is not intercepted and otherHosts is \"refuse\""), true);
        } else if (!proxy.options().tunnelPorts().contains(target.port())) {
            reply(ctx, 403, proxy.refused(target.authority(), "port " + target.port() + " is not in tunnelPorts"), true);
        } else {
            tunnel(ctx, target);
        }
    }

    /** Answers 200, then speaks TLS as {@code target} with a certificate from our CA. */
    private void intercept(ChannelHandlerContext ctx, Target target) {
        ctx.writeAndFlush(ProxyResponses.connectEstablished());
        ChannelPipeline p = ctx.pipeline();
        // A fresh codec: the CONNECT codec's state belongs to the plaintext conversation.
        RawAuthorization rawAuthorization = new RawAuthorization();
        p.addAfter(ctx.name(), "raw-authorization", rawAuthorization.peek());
        p.addAfter("raw-authorization", "https-codec", new HttpServerCodec(proxy.options().maxInitialLineLength(),
                proxy.options().maxHeaderSize(), 64 * 1024));
        p.addAfter("https-codec", "restore-authorization", rawAuthorization.restore());
        p.addAfter("restore-authorization", "exchange", new ExchangeHandler(proxy, Routing.FIXED, target));
        p.remove(this);
        // replace() hands any bytes the old codec already read (an eager ClientHello) to the TLS handler.
        p.replace(CODEC, "tls", leaves.serverContext(target.host()).newHandler(ctx.alloc()));
    }

    /** Opens a raw connection and relays bytes both ways; the client sees the upstream's own certificate. */
    private void tunnel(ChannelHandlerContext ctx, Target target) {
        Channel client = ctx.channel();
        client.config().setAutoRead(false);
        proxy.connector().connect(client.eventLoop(), target, false, () -> new ChannelHandler[0]).addListener(f -> {
            if (!client.isActive()) {
                if (f.isSuccess()) {
                    ((Channel) f.getNow()).close();
                }
                return;
            }
            if (!f.isSuccess()) {
                UpstreamFailure failure = UpstreamConnector.classify(target, f.cause());
                reply(ctx, failure.kind().status, proxy.diagnoser().upstreamFailure(connectFacts(target), failure), true);
                client.config().setAutoRead(true);
                return;
            }
            Channel upstream = (Channel) f.getNow();
            ctx.writeAndFlush(ProxyResponses.connectEstablished());
            upstream.pipeline().addLast("relay", new RelayHandler(client));
            ChannelPipeline p = ctx.pipeline();
            p.addAfter(ctx.name(), "relay", new RelayHandler(upstream));
            p.remove(this);
            p.remove(CODEC);
            client.config().setAutoRead(true);
        });
    }

    private boolean pointsAtSelf(Target target) {
        if (target.port() != self.getPort()) {
            return false;
        }
        String host = target.host();
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1")
                || host.equals(self.getHostString());
    }

    private void reply(ChannelHandlerContext ctx, int status, Verdict verdict, boolean close) {
        FullHttpResponse response = ProxyResponses.error(ctx.alloc(), status, status == 400 ? "BadRequest" : "ProxyError", verdict);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(response);
        }
        log.info("{} {} from {}: {}", status, verdict.code(), ctx.channel().remoteAddress(), verdict.summary());
    }

    private static RequestFacts connectFacts(Target target) {
        return new RequestFacts("CONNECT", "https", target.host(), target.port(), target.authority(), Headers.EMPTY, null);
    }

    static Optional<Target> connectTarget(String authority) {
        int colon = authority.lastIndexOf(':');
        if (colon <= 0 || colon == authority.length() - 1) {
            return Optional.empty();
        }
        String host = authority.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:_-]+")) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(authority.substring(colon + 1));
            return port > 0 && port < 65536 ? Optional.of(new Target("https", host, port)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            // A client that connected and never finished a request (slow-loris) or went quiet.
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
