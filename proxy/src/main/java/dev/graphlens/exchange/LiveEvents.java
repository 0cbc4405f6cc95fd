package dev.graphlens.exchange;

import java.util.function.Consumer;

/** A stream of exchange events as JSON text, for the live view. */
public interface LiveEvents {

    /** Replays recent events to {@code listener}, then passes it each new one; close the result to stop. */
    AutoCloseable subscribe(Consumer<String> listener);

    LiveEvents NONE = listener -> () -> { };
}
