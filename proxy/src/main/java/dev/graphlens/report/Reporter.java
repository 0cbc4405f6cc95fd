package dev.graphlens.report;

import dev.graphlens.exchange.ExchangeListener;

/**
 * One consumer of finished exchanges. Behind a {@link ReportQueue} it runs on the reporting
 * thread only, so it may format and buffer freely; the queue calls {@link #flush()} after each
 * batch and from time to time when traffic stops.
 */
public interface Reporter extends ExchangeListener, AutoCloseable {

    /** Pushes buffered output out (a file or console write), or does periodic work that is due. */
    default void flush() {
    }

    /** Writes what is pending and releases files. */
    @Override
    default void close() {
        flush();
    }
}
