package dev.graphlens.exchange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An immutable, ordered, case-insensitive view of HTTP headers, free of any transport types. */
public final class Headers {
    public static final Headers EMPTY = new Headers(List.of());

    private final List<Map.Entry<String, String>> entries;

    private Headers(List<Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    public static Headers of(List<Map.Entry<String, String>> entries) {
        return new Headers(Collections.unmodifiableList(new ArrayList<>(entries)));
    }

    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return of(list);
    }

    public Optional<String> first(String name) {
        // Indexed: every reporter asks for a few headers of every exchange, and an iterator per ask showed in profiles.
        for (int i = 0, n = entries.size(); i < n; i++) {
            Map.Entry<String, String> e = entries.get(i);
            if (e.getKey().equalsIgnoreCase(name)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equalsIgnoreCase(name)) {
                values.add(e.getValue());
            }
        }
        return values;
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    @Override
    public String toString() {
        // Names only: values can hold credentials.
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, String> e : entries) {
            names.add(e.getKey().toLowerCase(Locale.ROOT));
        }
        return "Headers" + names;
    }
}
