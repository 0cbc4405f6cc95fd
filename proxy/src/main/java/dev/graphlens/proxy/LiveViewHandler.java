package dev.graphlens.proxy;

import dev.graphlens.exchange.LiveEvents;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The live view on the proxy's own port: the page at /_graphlens/, served with the recent events
 * already in it, and its server-sent event stream at /_graphlens/events (?after=ID, or the
 * browser's Last-Event-ID on a reconnect, to go on from an event). Loopback clients only: events
 * carry decoded token claims.
 */
final class LiveViewHandler extends ChannelInboundHandlerAdapter {
    static final String PREFIX = "/_graphlens";
    private static final String PAGE = page();
    private static final String RECENT_PLACEHOLDER = "__GRAPHLENS_RECENT__";

    private final LiveEvents events;
    private AutoCloseable subscription;

    LiveViewHandler(LiveEvents events) {
        this.events = events;
    }

    static boolean wants(HttpRequest request) {
        return request.uri().equals(PREFIX) || request.uri().startsWith(PREFIX + "/");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                serve(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void serve(ChannelHandlerContext ctx, HttpRequest request) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        if (!remote.getAddress().isLoopbackAddress()) {
            respond(ctx, HttpResponseStatus.FORBIDDEN, "text/plain", "The live view is for this machine only.".getBytes(StandardCharsets.UTF_8));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
            respond(ctx, HttpResponseStatus.OK, "text/html; charset=utf-8", pageWithRecentEvents().getBytes(StandardCharsets.UTF_8));
        } else if (path.equals(PREFIX + "/events")) {
            String after = request.headers().get("Last-Event-ID",
                    uri.parameters().getOrDefault("after", List.of("-1")).get(0));
            stream(ctx.channel(), parseId(after));
        } else {
            respond(ctx, HttpResponseStatus.NOT_FOUND, "text/plain", "Not here: try /_graphlens/".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The recent events go into the page itself, so it shows them on its first paint. */
    private String pageWithRecentEvents() {
        StringBuilder json = new StringBuilder("[");
        for (LiveEvents.Event e : events.recent()) {
            json.append(json.length() > 1 ? "," : "").append("{\"id\":").append(e.id()).append(",\"event\":").append(e.json()).append('}');
        }
        // '<' only occurs inside JSON strings, where its JSON escape means the same: no "</script>" can end the tag.
        return PAGE.replace(RECENT_PLACEHOLDER, json.append(']').toString().replace("<", "\\u003c"));
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Server-sent events; a subscriber that cannot keep up misses events rather than buffering them. */
    private void stream(Channel channel, long afterId) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        HttpUtil.setTransferEncodingChunked(head, true);
        channel.writeAndFlush(head);
        subscription = events.subscribe(afterId, event -> {
            if (channel.isActive() && channel.isWritable()) {
                byte[] data = ("id: " + event.id() + "\ndata: " + event.json() + "\n\n").getBytes(StandardCharsets.UTF_8);
                channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(data)));
            }
        });
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String type, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (subscription != null) {
            subscription.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static String page() {
        try (InputStream in = LiveViewHandler.class.getResourceAsStream("/live/index.html")) {
            if (in == null) {
                throw new IllegalStateException("live/index.html is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
