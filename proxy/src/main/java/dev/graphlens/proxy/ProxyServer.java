package dev.graphlens.proxy;

import dev.graphlens.exchange.Diagnoser;
import dev.graphlens.exchange.ExchangeListener;
import dev.graphlens.exchange.LiveEvents;
import dev.graphlens.tls.LeafCertificates;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NettyRuntime;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** The listening proxy: binds, wires each accepted connection, and shuts down cleanly. */
public final class ProxyServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final UpstreamConnector connector;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProxyServer(EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel, UpstreamConnector connector) {
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.connector = connector;
    }

    /** Binds to {@code options.listen()}; upstream connections use {@code upstreamTls}; no live view. */
    public static ProxyServer start(ProxyOptions options, LeafCertificates leaves, SslContext upstreamTls,
                                    Diagnoser diagnoser, ExchangeListener listener) throws InterruptedException {
        return start(options, leaves, upstreamTls, diagnoser, listener, LiveEvents.NONE);
    }

    /** As above, serving the live view of {@code live} at /_graphlens/. */
    public static ProxyServer start(ProxyOptions options, LeafCertificates leaves, SslContext upstreamTls,
                                    Diagnoser diagnoser, ExchangeListener listener, LiveEvents live) throws InterruptedException {
        ProxyContext context = new ProxyContext(options, new UpstreamConnector(options, upstreamTls), diagnoser, listener, live);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        // One event loop per core: nothing on them blocks (reporters and name lookups have threads of
        // their own), so Netty's default of two per core only added context switches (about 15% more
        // proxy CPU per small request on 2 cores, measured with bench/run.sh's set-up).
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NettyRuntime.availableProcessors(), NioIoHandler.newFactory());
        // Filled in once bound, before any connection is accepted: the front handler uses it to refuse loops.
        InetSocketAddress[] self = new InetSocketAddress[1];
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast("idle", new IdleStateHandler(0, 0,
                                    options.clientIdleTimeout().toMillis(), TimeUnit.MILLISECONDS));
                            c.pipeline().addLast(ProxyFrontHandler.CODEC, new HttpServerCodec(
                                    options.maxInitialLineLength(), options.maxHeaderSize(), 64 * 1024));
                            c.pipeline().addLast("front", new ProxyFrontHandler(context, leaves, self[0]));
                        }
                    })
                    .bind(options.listen()).sync().channel();
            self[0] = (InetSocketAddress) channel.localAddress();
            return new ProxyServer(boss, workers, channel, context.connector());
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            context.connector().close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /**
     * Stops listening and shuts the event loops down. Every wait is bounded: during JVM shutdown
     * a group's termination notice can fail to arrive (seen after load), and a stop must never hang.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        var bossDone = boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        var workersDone = workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        bossDone.awaitUninterruptibly(5, TimeUnit.SECONDS);
        workersDone.awaitUninterruptibly(5, TimeUnit.SECONDS);
        connector.close();
    }
}
