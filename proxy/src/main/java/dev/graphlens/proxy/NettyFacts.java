package dev.graphlens.proxy;

import dev.graphlens.exchange.Headers;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Converts Netty's header type into the transport-free one the diagnoser reads. */
final class NettyFacts {
    /**
     * Header names as Strings, by the name Netty's decoder read: it makes a new name object for every
     * header of every message, and turning each into a String was the largest allocation of a
     * forwarded 200. Bounded: past this many distinct names, further ones are converted each time.
     */
    static final int MAX_NAMES = 1024;
    private static final Map<CharSequence, String> NAMES = new ConcurrentHashMap<>();

    private NettyFacts() {
    }

    static Headers headers(HttpHeaders netty) {
        String[] pairs = new String[netty.size() * 2];
        int i = 0;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = netty.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            pairs[i++] = name(e.getKey());
            pairs[i++] = e.getValue().toString();
        }
        return Headers.wrap(pairs);
    }

    private static String name(CharSequence name) {
        if (name instanceof String s) {
            return s;
        }
        String known = NAMES.get(name);
        if (known != null) {
            return known;
        }
        String s = name.toString();
        if (NAMES.size() < MAX_NAMES) {
            // A key of its own: the decoder's may share a larger buffer.
            NAMES.put(new AsciiString(s), s);
        }
        return s;
    }
}
