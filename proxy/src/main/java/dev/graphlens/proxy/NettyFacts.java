package dev.graphlens.proxy;

import dev.graphlens.exchange.Headers;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Converts Netty's header type into the transport-free one the diagnoser reads. */
final class NettyFacts {
    private NettyFacts() {
    }

    static Headers headers(HttpHeaders netty) {
        List<Map.Entry<String, String>> list = new ArrayList<>(netty.size());
        for (Map.Entry<String, String> e : netty) {
            list.add(Map.entry(e.getKey(), e.getValue()));
        }
        return Headers.of(list);
    }
}
