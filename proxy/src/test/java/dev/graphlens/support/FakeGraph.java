package dev.graphlens.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted stand-in for Microsoft Graph and the login hosts: a real TLS HTTP/1.1 server on
 * loopback. Requests are matched by path prefix to a {@link Reply}; bodies are hashed as they
 * stream in, never held whole, so large uploads can be checked byte for byte.
 */
public final class FakeGraph implements AutoCloseable {

    /** One request as the upstream saw it. */
    public record Seen(String method, String uri, Map<String, String> headers, long bodyLength, String bodySha256,
                       int connectionId) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** How the fake answers a matched request. */
    @FunctionalInterface
    public interface Reply {
        void send(ChannelHandlerContext ctx, Seen seen);
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Map<String, Reply> routes = new LinkedHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Channel> connections = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final Channel server;

    public FakeGraph(TestPki.Leaf leaf) throws Exception {
        SslContext tls = leaf == null ? null
                : SslContextBuilder.forServer(leaf.key().getPrivate(), leaf.cert()).build();
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(4096, 128 * 1024, 8192), new ChunkedWriteHandler(),
                                new Handler(connectionIds.incrementAndGet()));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((java.net.InetSocketAddress) server.localAddress()).getPort();
    }

    /** Routes requests whose path starts with {@code pathPrefix} (longest prefix wins). */
    public synchronized FakeGraph on(String pathPrefix, Reply reply) {
        routes.put(pathPrefix, reply);
        return this;
    }

    public List<Seen> seen() {
        return seen;
    }

    public Seen last() {
        return seen.get(seen.size() - 1);
    }

    public int connectionCount() {
        return connectionIds.get();
    }

    /** Closes every open connection from the proxy (an upstream dropping kept-alive connections). */
    public void dropConnections() {
        connections.forEach(Channel::close);
        connections.clear();
    }

    private synchronized Reply route(String uri) {
        String path = uri.split("\\?", 2)[0];
        Reply best = null;
        int bestLength = -1;
        for (Map.Entry<String, Reply> e : routes.entrySet()) {
            if (path.startsWith(e.getKey()) && e.getKey().length() > bestLength) {
                best = e.getValue();
                bestLength = e.getKey().length();
            }
        }
        return best != null ? best : json(200, "{\"value\":[]}");
    }

    private final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        private final int connectionId;
        private HttpRequest request;
        private MessageDigest digest;
        private long length;

        Handler(int connectionId) {
            this.connectionId = connectionId;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) throws Exception {
            if (msg instanceof HttpRequest r) {
                request = r;
                digest = MessageDigest.getInstance("SHA-256");
                length = 0;
                if (HttpUtil.is100ContinueExpected(r)) {
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                }
            }
            if (msg instanceof HttpContent c) {
                ByteBuf b = c.content();
                length += b.readableBytes();
                digest.update(b.nioBuffer());
                if (c instanceof LastHttpContent) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    request.headers().forEach(e -> headers.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
                    Seen s = new Seen(request.method().name(), request.uri(), headers, length,
                            HexFormat.of().formatHex(digest.digest()), connectionId);
                    seen.add(s);
                    route(request.uri()).send(ctx, s);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    // ---- replies -----------------------------------------------------------------------------

    public static Reply json(int status, String body, String... headers) {
        return bytes(status, body.getBytes(StandardCharsets.UTF_8), with(headers, "Content-Type", "application/json"));
    }

    public static Reply bytes(int status, byte[] body, String... headers) {
        return (ctx, seen) -> {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                    Unpooled.wrappedBuffer(body));
            for (int i = 0; i < headers.length; i += 2) {
                r.headers().add(headers[i], headers[i + 1]);
            }
            r.headers().set("request-id", "req-" + seen.connectionId() + "-" + seen.bodyLength());
            HttpUtil.setContentLength(r, body.length);
            ctx.writeAndFlush(r);
        };
    }

    /** A chunked response, one HTTP chunk per part. */
    public static Reply chunked(int status, List<byte[]> parts, String... headers) {
        return (ctx, seen) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
            for (int i = 0; i < headers.length; i += 2) {
                head.headers().add(headers[i], headers[i + 1]);
            }
            HttpUtil.setTransferEncodingChunked(head, true);
            ctx.write(head);
            for (byte[] part : parts) {
                ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(part)));
            }
            ctx.writeAndFlush(new DefaultLastHttpContent());
        };
    }

    /** {@code size} bytes of {@link Pattern} data, streamed with backpressure. */
    public static Reply stream(long size) {
        return (ctx, seen) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
            HttpUtil.setContentLength(head, size);
            ctx.write(head);
            ctx.writeAndFlush(new HttpChunkedInput(new PatternInput(size)));
        };
    }

    /** Answers with the length and SHA-256 of the uploaded body. */
    public static Reply echoUpload() {
        return (ctx, seen) -> json(200, "{\"length\":" + seen.bodyLength() + ",\"sha256\":\"" + seen.bodySha256() + "\"}")
                .send(ctx, seen);
    }

    /**
     * On a connection that already answered a request, closes without answering (an upstream that
     * dropped an idle kept-alive connection just as the request arrived); else {@code otherwise}.
     */
    public Reply closesReusedConnections(Reply otherwise) {
        return (ctx, s) -> {
            if (seen.stream().filter(x -> x.connectionId() == s.connectionId()).count() > 1) {
                ctx.close();
            } else {
                otherwise.send(ctx, s);
            }
        };
    }

    /** Never answers. */
    public static Reply stall() {
        return (ctx, seen) -> { };
    }

    /** Sends a head promising {@code promised} bytes, then {@code sent} of them, then closes. */
    public static Reply cutOff(long promised, int sent) {
        return (ctx, seen) -> {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setContentLength(head, promised);
            ctx.write(head);
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(Pattern.bytes(0, sent))))
                    .addListener(ChannelFutureListener.CLOSE);
        };
    }

    private static String[] with(String[] headers, String name, String value) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return headers;
            }
        }
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = name;
        all[headers.length + 1] = value;
        return all;
    }

    /** Generates pattern bytes on demand, 64 KiB at a time. */
    private static final class PatternInput implements ChunkedInput<ByteBuf> {
        private final long size;
        private long offset;

        PatternInput(long size) {
            this.size = size;
        }

        @Override
        public boolean isEndOfInput() {
            return offset >= size;
        }

        @Override
        public void close() {
        }

        @Override
        @Deprecated
        public ByteBuf readChunk(ChannelHandlerContext ctx) {
            return readChunk(ctx.alloc());
        }

        @Override
        public ByteBuf readChunk(ByteBufAllocator allocator) {
            if (isEndOfInput()) {
                return null;
            }
            int n = (int) Math.min(64 * 1024, size - offset);
            ByteBuf buf = allocator.buffer(n);
            buf.writeBytes(Pattern.bytes(offset, n));
            offset += n;
            return buf;
        }

        @Override
        public long length() {
            return size;
        }

        @Override
        public long progress() {
            return offset;
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        connections.forEach(Channel::close);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
