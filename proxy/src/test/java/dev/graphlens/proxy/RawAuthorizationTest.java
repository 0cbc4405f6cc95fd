package dev.graphlens.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The raw Authorization value survives Netty's decoder, which trims its whitespace. */
class RawAuthorizationTest {

    private static EmbeddedChannel channel() {
        RawAuthorization raw = new RawAuthorization();
        return new EmbeddedChannel(raw.peek(), new HttpServerCodec(), raw.restore());
    }

    private static String authorizationOf(EmbeddedChannel ch) {
        HttpRequest request = ch.readInbound();
        String value = request.headers().get("Authorization");
        releaseInbound(ch);
        return value;
    }

    private static void releaseInbound(EmbeddedChannel ch) {
        for (Object rest; (rest = ch.readInbound()) != null; ) {
            ReferenceCountUtil.release(rest);
        }
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    @Test
    void anEmptyBearerKeepsItsTrailingSpace() {
        EmbeddedChannel ch = channel();
        send(ch, "GET /v1.0/me HTTP/1.1\r\nHost: graph.microsoft.com\r\nAuthorization: Bearer \r\n\r\n");
        assertEquals("Bearer ", authorizationOf(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void aValueWithoutTrailingWhitespaceIsLeftAsDecoded() {
        EmbeddedChannel ch = channel();
        send(ch, "GET /v1.0/me HTTP/1.1\r\nHost: graph.microsoft.com\r\nauthorization:   Bearer abc\r\n\r\n");
        assertEquals("Bearer abc", authorizationOf(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void theNextRequestOnTheConnectionIsReadToo() {
        EmbeddedChannel ch = channel();
        send(ch, "POST /v1.0/me/sendMail HTTP/1.1\r\nHost: graph.microsoft.com\r\nAuthorization: Bearer abc\t\r\n"
                + "Content-Length: 2\r\n\r\n");
        assertEquals("Bearer abc\t", authorizationOf(ch));
        send(ch, "{}");
        releaseInbound(ch);
        send(ch, "GET /v1.0/me HTTP/1.1\r\nHost: graph.microsoft.com\r\nAuthorization: Bearer  \r\n\r\n");
        assertEquals("Bearer  ", authorizationOf(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void bodyBytesThatLookLikeAHeaderAreNotRead() {
        EmbeddedChannel ch = channel();
        send(ch, "POST /v1.0/me/sendMail HTTP/1.1\r\nHost: graph.microsoft.com\r\nAuthorization: Bearer abc\r\n"
                + "Content-Length: 30\r\n\r\n");
        assertEquals("Bearer abc", authorizationOf(ch));
        send(ch, "\r\nAuthorization: Bearer abc \r\n");
        HttpContent body = ch.readInbound();
        body.release();
        send(ch, "GET /v1.0/me HTTP/1.1\r\nHost: graph.microsoft.com\r\nAuthorization: Bearer abc\r\n\r\n");
        assertEquals("Bearer abc", authorizationOf(ch));
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }
}
