package dev.graphlens.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.LiveEvents;
import dev.graphlens.token.TokenDecoder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Recent exchanges as JSON events (decoded claims only, never a token) for the live view. */
public final class LiveFeed implements Reporter, LiveEvents {
    static final int RECENT = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Deque<String> recent = new ArrayDeque<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void completed(ExchangeRecord record) {
        String event = event(record).toString();
        synchronized (recent) {
            recent.addLast(event);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }
        listeners.forEach(l -> l.accept(event));
    }

    @Override
    public AutoCloseable subscribe(Consumer<String> listener) {
        synchronized (recent) {
            recent.forEach(listener);
            listeners.add(listener);
        }
        return () -> listeners.remove(listener);
    }

    static ObjectNode event(ExchangeRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("time", r.started().toString());
        o.put("method", r.request().method());
        o.put("url", Redaction.url(r.request().url()));
        o.put("status", r.status());
        o.put("durationMs", r.durationMillis());
        o.put("requestId", r.responseHeaders().first("request-id").orElse(null));
        o.set("token", JSON.valueToTree(TokenDecoder.decode(r.request().headers().first("Authorization").orElse(null)).safeClaims()));
        r.verdict().ifPresent(v -> {
            o.put("code", v.code().name());
            o.put("summary", v.summary());
            o.put("fix", v.fix());
            o.put("docs", v.docs());
        });
        return o;
    }
}
