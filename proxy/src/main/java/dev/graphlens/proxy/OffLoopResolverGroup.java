package dev.graphlens.proxy;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves upstream host names with the JDK's resolver, so /etc/hosts, the system's DNS set-up
 * and the JVM's cache apply as for any Java client, but on a few threads of its own: the lookup
 * blocks, and on an event loop a slow DNS server would stall every connection sharing that loop.
 */
final class OffLoopResolverGroup extends AddressResolverGroup<InetSocketAddress> {
    static final int LOOKUP_THREADS = 4;

    /** The blocking lookup; the JDK's in production. */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    private final Lookup lookup;
    private final ThreadPoolExecutor lookups;

    OffLoopResolverGroup() {
        this(InetAddress::getAllByName);
    }

    OffLoopResolverGroup(Lookup lookup) {
        this.lookup = lookup;
        AtomicInteger ids = new AtomicInteger();
        this.lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "graphlens-dns-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // Idle lookup threads go away: most upstream connections are kept alive and need no lookup.
        lookups.allowCoreThreadTimeOut(true);
    }

    @Override
    protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
        return new InetNameResolver(executor) {
            @Override
            protected void doResolve(String host, Promise<InetAddress> promise) {
                lookUp(host, promise, all -> all[0]);
            }

            @Override
            protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                lookUp(host, promise, Arrays::asList);
            }
        }.asAddressResolver();
    }

    private <T> void lookUp(String host, Promise<T> promise, java.util.function.Function<InetAddress[], T> answer) {
        try {
            lookups.execute(() -> {
                try {
                    promise.trySuccess(answer.apply(lookup.all(host)));
                } catch (UnknownHostException | RuntimeException e) {
                    promise.tryFailure(e);
                }
            });
        } catch (RuntimeException rejected) {
            promise.tryFailure(rejected);
        }
    }

    @Override
    public void close() {
        super.close();
        lookups.shutdownNow();
    }
}
