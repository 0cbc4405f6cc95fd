package dev.graphlens.report;

import dev.graphlens.exchange.ExchangeListener;
import dev.graphlens.exchange.ExchangeRecord;
import java.util.List;

/** Tells each of several listeners, in order. */
public record Listeners(List<ExchangeListener> all) implements ExchangeListener {
    public Listeners {
        all = List.copyOf(all);
    }

    @Override
    public void completed(ExchangeRecord record) {
        for (ExchangeListener l : all) {
            l.completed(record);
        }
    }
}
