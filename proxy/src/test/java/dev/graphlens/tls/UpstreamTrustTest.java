package dev.graphlens.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.support.TestPki;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upstream side's trust: the JDK's roots plus --upstream-trust files, and the host name always checked. */
class UpstreamTrustTest {
    @TempDir
    Path dir;

    @Test
    void trustsAnUpstreamCertificateFromAnExtraCaForTheHostAsked() throws Exception {
        TestPki pki = new TestPki("Extra upstream CA");
        assertTrue(handshake(UpstreamTrust.clientContext(List.of(pki.writeCaPem(dir))), pki.issue("graph.microsoft.com")));
    }

    @Test
    void refusesACertificateFromATrustedCaIssuedForAnotherHost() throws Exception {
        TestPki pki = new TestPki("Extra upstream CA");
        assertFalse(handshake(UpstreamTrust.clientContext(List.of(pki.writeCaPem(dir))), pki.issue("evil.example")));
    }

    @Test
    void refusesACertificateFromACaNobodyTrusts() throws Exception {
        TestPki trusted = new TestPki("Extra upstream CA");
        TestPki other = new TestPki("Some other CA");
        assertFalse(handshake(UpstreamTrust.clientContext(List.of(trusted.writeCaPem(dir))), other.issue("graph.microsoft.com")));
    }

    @Test
    void aFileWithoutCertificatesIsRefusedAtStart() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        Exception e = assertThrows(Exception.class, () -> UpstreamTrust.clientContext(List.of(empty)));
        assertTrue(e.getMessage().contains("empty.pem"), e.getMessage());
    }

    /** A TLS handshake in memory, the client asking for graph.microsoft.com: true when both sides complete it. */
    private static boolean handshake(SslContext clientContext, TestPki.Leaf serverLeaf) throws Exception {
        SslContext serverContext = SslContextBuilder.forServer(serverLeaf.key().getPrivate(), serverLeaf.cert())
                .sslProvider(TlsProvider.best()).build();
        EmbeddedChannel client = new EmbeddedChannel();
        EmbeddedChannel server = new EmbeddedChannel();
        SslHandler clientTls = clientContext.newHandler(client.alloc(), "graph.microsoft.com", 443);
        SslHandler serverTls = serverContext.newHandler(server.alloc());
        client.pipeline().addLast(clientTls);
        server.pipeline().addLast(serverTls);
        try {
            for (int i = 0; i < 20 && !(clientTls.handshakeFuture().isDone() && serverTls.handshakeFuture().isDone()); i++) {
                pump(client, server);
                pump(server, client);
            }
            return clientTls.handshakeFuture().isSuccess() && serverTls.handshakeFuture().isSuccess();
        } catch (DecoderException refused) {
            return false;
        } finally {
            client.finishAndReleaseAll();
            server.finishAndReleaseAll();
        }
    }

    private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
        for (ByteBuf b; (b = from.readOutbound()) != null; ) {
            if (to.isActive()) {
                to.writeInbound(b);
            } else {
                b.release();
            }
        }
        to.checkException();
    }
}
