package dev.graphlens.memo;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers the answers of a pure function for recent keys, up to a fixed number of them. When it
 * is full it forgets everything at once: an app asks about the same few tokens and paths over and
 * over, so the working set refills within a few calls, and a flood of distinct keys (hostile or
 * not) cannot grow it. Safe for concurrent use; two threads may both compute a missing answer.
 */
public final class BoundedMemo<K, V> {

    private final Map<K, V> answers = new ConcurrentHashMap<>();
    private final int capacity;
    private final Function<K, V> function;

    public BoundedMemo(int capacity, Function<K, V> function) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.function = Objects.requireNonNull(function);
    }

    /** The function's answer for {@code key}, which must not be null, and neither may the answer. */
    public V get(K key) {
        V known = answers.get(key);
        if (known != null) {
            return known;
        }
        V answer = Objects.requireNonNull(function.apply(key), "answer");
        if (answers.size() >= capacity) {
            answers.clear();
        }
        answers.put(key, answer);
        return answer;
    }

    public int size() {
        return answers.size();
    }
}
