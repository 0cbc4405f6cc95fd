package dev.graphlens.exchange;

import java.util.List;
import java.util.function.Consumer;

/** A stream of exchange events as JSON text, numbered in order, for the live view. */
public interface LiveEvents {

    /** One event: its number (the SSE id, so a reconnecting viewer misses nothing) and its JSON. */
    record Event(long id, String json) {
    }

    /** The recent events, oldest first. */
    List<Event> recent();

    /**
     * Replays the recent events numbered above {@code afterId} (all of them if it is not one this
     * feed has given out, as after a restart), then passes the listener each new one; close the
     * result to stop.
     */
    AutoCloseable subscribe(long afterId, Consumer<Event> listener);

    LiveEvents NONE = new LiveEvents() {
        @Override
        public List<Event> recent() {
            return List.of();
        }

        @Override
        public AutoCloseable subscribe(long afterId, Consumer<Event> listener) {
            return () -> { };
        }
    };
}
