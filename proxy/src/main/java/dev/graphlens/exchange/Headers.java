package dev.graphlens.exchange;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, ordered, case-insensitive view of HTTP headers, free of any transport types.
 *
 * <p>Held as one flat array of names and values: every exchange gets two of these (request and
 * response), and a failed one is kept for the HAR window, so an entry object per header was most
 * of what those windows kept alive and of what the conversion allocated.
 */
public final class Headers {
    public static final Headers EMPTY = new Headers(new String[0]);

    /** Names at even indexes, each followed by its value. */
    private final String[] pairs;

    private Headers(String[] pairs) {
        this.pairs = pairs;
    }

    public static Headers of(List<Map.Entry<String, String>> entries) {
        String[] pairs = new String[entries.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : entries) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return new Headers(pairs);
    }

    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        return new Headers(namesAndValues.clone());
    }

    /**
     * Takes the array as it is, without a copy, for a caller that filled it itself and lets go of it
     * (the proxy converting each message's headers).
     */
    public static Headers wrap(String[] namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        return new Headers(namesAndValues);
    }

    public Optional<String> first(String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                return Optional.of(pairs[i + 1]);
            }
        }
        return Optional.empty();
    }

    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                values.add(pairs[i + 1]);
            }
        }
        return values;
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    public int size() {
        return pairs.length / 2;
    }

    public String name(int index) {
        return pairs[index * 2];
    }

    public String value(int index) {
        return pairs[index * 2 + 1];
    }

    /** The headers in order, as entries made when read. */
    public List<Map.Entry<String, String>> entries() {
        return new AbstractList<>() {
            @Override
            public Map.Entry<String, String> get(int index) {
                return Map.entry(name(index), value(index));
            }

            @Override
            public int size() {
                return Headers.this.size();
            }
        };
    }

    @Override
    public String toString() {
        // Names only: values can hold credentials.
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            names.add(pairs[i].toLowerCase(Locale.ROOT));
        }
        return "Headers" + names;
    }
}
