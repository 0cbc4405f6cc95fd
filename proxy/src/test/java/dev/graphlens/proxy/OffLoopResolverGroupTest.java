package dev.graphlens.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.resolver.AddressResolver;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Upstream name lookups block, so they run beside the event loops, which keep serving meanwhile. */
class OffLoopResolverGroupTest {
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final EventLoop loop = group.next();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    Future<InetSocketAddress> resolveOnTheLoop(OffLoopResolverGroup resolvers, String host) throws Exception {
        CompletableFuture<Future<InetSocketAddress>> started = new CompletableFuture<>();
        loop.execute(() -> {
            AddressResolver<InetSocketAddress> resolver = resolvers.getResolver(loop);
            started.complete(resolver.resolve(InetSocketAddress.createUnresolved(host, 443)));
        });
        return started.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSlowLookupLeavesTheEventLoopFreeAndThenCompletes() throws Exception {
        CountDownLatch dnsAnswers = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        OffLoopResolverGroup resolvers = new OffLoopResolverGroup(host -> {
            asked.countDown();
            try {
                dnsAnswers.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})};
        });
        try {
            Future<InetSocketAddress> resolved = resolveOnTheLoop(resolvers, "graph.microsoft.com");
            assertTrue(asked.await(10, TimeUnit.SECONDS));
            assertTrue(loop.submit(() -> "served").await(10, TimeUnit.SECONDS), "the loop ran other work during the lookup");
            assertFalse(resolved.isDone());
            dnsAnswers.countDown();
            assertTrue(resolved.await(10, TimeUnit.SECONDS));
            assertEquals("10.0.0.7", resolved.getNow().getAddress().getHostAddress());
            assertEquals(443, resolved.getNow().getPort());
        } finally {
            resolvers.close();
        }
    }

    @Test
    void anUnknownHostFailsTheResolutionWithUnknownHostException() throws Exception {
        OffLoopResolverGroup resolvers = new OffLoopResolverGroup(host -> {
            throw new UnknownHostException(host);
        });
        try {
            Future<InetSocketAddress> resolved = resolveOnTheLoop(resolvers, "no-such-host.invalid");
            assertTrue(resolved.await(10, TimeUnit.SECONDS));
            assertInstanceOf(UnknownHostException.class, resolved.cause());
        } finally {
            resolvers.close();
        }
    }
}
