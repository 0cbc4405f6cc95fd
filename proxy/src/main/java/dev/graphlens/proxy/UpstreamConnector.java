package dev.graphlens.proxy;

import dev.graphlens.exchange.UpstreamFailure;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.channel.ConnectTimeoutException;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Opens the proxy's own connections to upstreams: through the chained corporate proxy when one is
 * set, with TLS (SNI and hostname verification against the client's host) when the target is https.
 * The connection is registered on the client channel's event loop, so the pair never needs locks.
 */
final class UpstreamConnector implements AutoCloseable {
    static final String SSL_HANDLER = "upstream-tls";

    private final ProxyOptions options;
    private final SslContext clientTls;
    private final OffLoopResolverGroup resolver = new OffLoopResolverGroup();

    UpstreamConnector(ProxyOptions options, SslContext clientTls) {
        this.options = options;
        this.clientTls = clientTls;
    }

    /**
     * Connects to {@code target} and completes the promise once the channel is ready for
     * application bytes (proxy CONNECT done, TLS handshake done). {@code handlers} supplies the
     * application handlers, added after TLS.
     */
    Future<Channel> connect(EventLoop loop, Target target, boolean tls, Supplier<ChannelHandler[]> handlers) {
        Promise<Channel> ready = loop.newPromise();
        InetSocketAddress address = options.connectAddress(target.host(), target.port());
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                // Behind a chained proxy the name stays unresolved: the corporate proxy resolves it.
                .resolver(options.upstreamProxy().isPresent() ? NoopAddressResolverGroup.INSTANCE : resolver)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        options.upstreamProxy().ifPresent(proxy -> {
                            HttpProxyHandler proxyHandler = new HttpProxyHandler(proxy);
                            proxyHandler.setConnectTimeoutMillis(options.connectTimeout().toMillis());
                            p.addLast("upstream-proxy", proxyHandler);
                        });
                        if (tls) {
                            SslHandler ssl = clientTls.newHandler(ch.alloc(), target.host(), target.port());
                            p.addLast(SSL_HANDLER, ssl);
                        }
                        p.addLast(handlers.get());
                    }
                });
        ChannelFuture connected = bootstrap.connect(address);
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                ready.tryFailure(f.cause());
                return;
            }
            Channel ch = connected.channel();
            SslHandler ssl = (SslHandler) ch.pipeline().get(SSL_HANDLER);
            if (ssl == null) {
                HttpProxyHandler proxy = ch.pipeline().get(HttpProxyHandler.class);
                if (proxy == null) {
                    ready.trySuccess(ch);
                } else {
                    proxy.connectFuture().addListener(p -> complete(ready, ch, p));
                }
            } else {
                ssl.handshakeFuture().addListener(h -> complete(ready, ch, h));
            }
        });
        return ready;
    }

    /** Stops the lookup threads. */
    @Override
    public void close() {
        resolver.close();
    }

    private static void complete(Promise<Channel> ready, Channel ch, Future<?> step) {
        if (step.isSuccess()) {
            ready.trySuccess(ch);
        } else {
            ch.close();
            ready.tryFailure(step.cause());
        }
    }

    /** Turns a connect/handshake exception into what the user is told. */
    static UpstreamFailure classify(Target target, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && !(root instanceof SSLException) && !(root instanceof ProxyConnectException)) {
            root = root.getCause();
        }
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        UpstreamFailure.Kind kind;
        if (root instanceof UnknownHostException) {
            kind = UpstreamFailure.Kind.DNS;
            detail = "unknown host " + detail;
        } else if (root instanceof ConnectTimeoutException) {
            kind = UpstreamFailure.Kind.TIMEOUT;
        } else if (root instanceof SSLException) {
            kind = UpstreamFailure.Kind.TLS;
        } else if (root instanceof ProxyConnectException) {
            kind = UpstreamFailure.Kind.PROXY;
        } else if (root instanceof ClosedChannelException) {
            kind = UpstreamFailure.Kind.CLOSED;
        } else if (root instanceof ConnectException) {
            kind = UpstreamFailure.Kind.CONNECT;
        } else {
            kind = UpstreamFailure.Kind.CONNECT;
        }
        return new UpstreamFailure(kind, target.authority(), detail);
    }
}
