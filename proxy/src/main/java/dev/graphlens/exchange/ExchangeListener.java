package dev.graphlens.exchange;

/** Told of every finished exchange; implementations must return quickly (they run on event loops). */
@FunctionalInterface
public interface ExchangeListener {
    void completed(ExchangeRecord record);

    ExchangeListener NONE = record -> { };
}
