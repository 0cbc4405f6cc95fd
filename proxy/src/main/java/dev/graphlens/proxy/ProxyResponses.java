package dev.graphlens.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlens.exchange.Verdict;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Responses the proxy produces itself: always a Graph-shaped JSON error with the diagnosis headers. */
final class ProxyResponses {
    static final String DIAGNOSIS = Verdict.HEADER;
    static final String DIAGNOSIS_DOCS = Verdict.DOCS_HEADER;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProxyResponses() {
    }

    static FullHttpResponse error(ByteBufAllocator alloc, int status, String errorCode, Verdict verdict) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", errorCode);
        error.put("message", verdict.summary());
        ObjectNode graphlens = error.putObject("graphlens");
        graphlens.put("diagnosis", verdict.code().name());
        if (verdict.fix() != null) {
            graphlens.put("fix", verdict.fix());
        }
        byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), alloc.buffer(body.length).writeBytes(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        addDiagnosis(response.headers(), verdict);
        return response;
    }

    static FullHttpResponse connectEstablished() {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(200, "Connection established"), Unpooled.EMPTY_BUFFER);
        // No Content-Length: a 2xx to CONNECT must not carry one (RFC 9110, 9.3.6).
        return response;
    }

    static void addDiagnosis(io.netty.handler.codec.http.HttpHeaders headers, Verdict verdict) {
        headers.set(DIAGNOSIS, verdict.headerValue());
        if (verdict.docs() != null && !verdict.docs().isBlank()) {
            headers.set(DIAGNOSIS_DOCS, verdict.docs());
        }
        headers.set(Verdict.CONFIDENCE_HEADER, verdict.confidence().label());
        if (!verdict.alternatives().isEmpty()) {
            headers.set(Verdict.ALTERNATIVE_HEADER, verdict.alternatives().get(0).headerValue());
        }
    }
}
