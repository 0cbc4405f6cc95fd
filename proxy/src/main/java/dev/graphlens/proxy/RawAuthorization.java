package dev.graphlens.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the trailing whitespace of an Authorization value ("Bearer " from an unset variable) that
 * Netty's decoder trims, so the upstream gets the header as the client sent it. {@link #peek()}
 * sits before the HTTP codec and reads request heads as raw bytes; {@link #restore()} sits after
 * it and puts the raw value back into the decoded request. Only heads are read: after a head ends,
 * nothing is scanned until its request's last content has passed.
 */
final class RawAuthorization {
    private static final byte[] NAME = "authorization:".getBytes(StandardCharsets.US_ASCII);
    /** Longer values are left as decoded: a head line is bounded by the codec's header size anyway. */
    private static final int MAX_VALUE = 64 * 1024;

    private boolean awaitingHead = true;
    /** The raw value of the last head's Authorization line, when it ended in whitespace. */
    private String pending;

    ChannelInboundHandlerAdapter peek() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (awaitingHead && msg instanceof ByteBuf bytes) {
                    scan(bytes);
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    ChannelInboundHandlerAdapter restore() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest request) {
                    apply(request);
                }
                if (msg instanceof LastHttpContent) {
                    awaitingHead = true;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    /** Reads the head lines in {@code bytes} (without moving its indexes). */
    void scan(ByteBuf bytes) {
        int end = bytes.writerIndex();
        int line = bytes.readerIndex();
        while (line < end) {
            int lf = bytes.indexOf(line, end, (byte) '\n');
            if (lf < 0) {
                return;
            }
            int contentEnd = lf > line && bytes.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            if (contentEnd == line) {
                awaitingHead = false;
                return;
            }
            if (isAuthorization(bytes, line, contentEnd)) {
                pending = trailingWhitespaceValue(bytes, line + NAME.length, contentEnd);
            }
            line = lf + 1;
        }
    }

    private static boolean isAuthorization(ByteBuf bytes, int from, int to) {
        if (to - from < NAME.length) {
            return false;
        }
        for (int i = 0; i < NAME.length; i++) {
            if (Character.toLowerCase(bytes.getByte(from + i)) != NAME[i]) {
                return false;
            }
        }
        return true;
    }

    /** The value after the colon, leading whitespace skipped, if it ends in whitespace; else null. */
    private static String trailingWhitespaceValue(ByteBuf bytes, int from, int to) {
        byte last = bytes.getByte(to - 1);
        if ((last != ' ' && last != '\t') || to - from > MAX_VALUE) {
            return null;
        }
        int start = from;
        while (start < to && (bytes.getByte(start) == ' ' || bytes.getByte(start) == '\t')) {
            start++;
        }
        return bytes.toString(start, to - start, StandardCharsets.ISO_8859_1);
    }

    void apply(HttpRequest request) {
        String raw = pending;
        pending = null;
        String decoded = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (raw != null && decoded != null && request.headers().getAll(HttpHeaderNames.AUTHORIZATION).size() == 1
                && raw.strip().equals(decoded)) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, raw);
        }
    }
}
