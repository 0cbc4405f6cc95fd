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

/**
 * Recent exchanges as JSON events (decoded claims only, never a token) for the live view. Events
 * are rendered only when someone watches: the recent ones are kept as records and rendered for a
 * viewer who arrives later.
 */
public final class LiveFeed implements Reporter, LiveEvents {
    static final int RECENT = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Numbered(long id, ExchangeRecord record) {
        Event render() {
            return new Event(id, event(record).toString());
        }
    }

    private final Deque<Numbered> recent = new ArrayDeque<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    /** Numbers start at the start time in microseconds: a page reconnecting after a restart sees them go on rising. */
    private long lastId = System.currentTimeMillis() * 1000;

    @Override
    public void completed(ExchangeRecord record) {
        Numbered added;
        synchronized (recent) {
            added = new Numbered(++lastId, record.withoutBody());
            recent.addLast(added);
            if (recent.size() > RECENT) {
                recent.removeFirst();
            }
        }
        if (!listeners.isEmpty()) {
            Event event = added.render();
            listeners.forEach(l -> l.accept(event));
        }
    }

    @Override
    public List<Event> recent() {
        synchronized (recent) {
            return recent.stream().map(Numbered::render).toList();
        }
    }

    @Override
    public AutoCloseable subscribe(long afterId, Consumer<Event> listener) {
        synchronized (recent) {
            long from = afterId >= 0 && afterId <= lastId ? afterId : -1;
            recent.stream().filter(n -> n.id() > from).forEach(n -> listener.accept(n.render()));
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
            o.put("confidence", v.confidence().label());
            o.set("alternatives", JSON.valueToTree(v.alternatives()));
        });
        return o;
    }
}
