package dev.graphlens.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedMemoTest {

    @Test
    void aRememberedKeyIsAnsweredWithoutCallingTheFunctionAgain() {
        AtomicInteger calls = new AtomicInteger();
        BoundedMemo<String, StringBuilder> memo = new BoundedMemo<>(4, k -> {
            calls.incrementAndGet();
            return new StringBuilder(k);
        });
        StringBuilder first = memo.get("a");
        assertSame(first, memo.get("a"), "the same instance comes back");
        assertEquals(1, calls.get());
    }

    @Test
    void aFullMemoForgetsEverythingAndNeverHoldsMoreThanItsCapacity() {
        AtomicInteger calls = new AtomicInteger();
        BoundedMemo<Integer, Integer> memo = new BoundedMemo<>(3, k -> {
            calls.incrementAndGet();
            return k * 2;
        });
        for (int i = 0; i < 100; i++) {
            assertEquals(i * 2, memo.get(i));
            assertEquals(true, memo.size() <= 3, "size " + memo.size());
        }
        assertEquals(100, calls.get());
        memo.get(99);
        assertEquals(100, calls.get(), "the last key survives the clear that made room for it");
        memo.get(0);
        assertEquals(101, calls.get(), "an early key was forgotten");
    }

    @Test
    void nullAnswersAndNonPositiveCapacitiesAreRefused() {
        assertThrows(NullPointerException.class, () -> new BoundedMemo<String, String>(2, k -> null).get("a"));
        assertThrows(IllegalArgumentException.class, () -> new BoundedMemo<String, String>(0, k -> k));
    }
}
