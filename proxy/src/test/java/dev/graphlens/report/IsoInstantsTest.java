package dev.graphlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {
    private final IsoInstants times = new IsoInstants();

    private String format(Instant t) {
        return new String(times.chars(), 0, times.format(t));
    }

    @Test
    void writesWhatInstantToStringWritesForEveryShapeOfFraction() {
        long second = Instant.parse("2026-12-06T22:32:12Z").getEpochSecond();
        for (int nano : new int[] {0, 1, 7_000, 120_000_000, 123_000_000, 123_400_000, 123_456_000, 123_456_789, 999_999_999, 5}) {
            Instant t = Instant.ofEpochSecond(second, nano);
            assertEquals(t.toString(), format(t), "nano " + nano);
        }
    }

    @Test
    void followsTheSecondsAsTheyChange() {
        Instant t = Instant.parse("2026-12-31T23:59:59.999Z");
        for (int i = 0; i < 5; i++) {
            assertEquals(t.toString(), format(t));
            t = t.plusMillis(1);
            assertEquals(t.toString(), format(t));
            t = t.minusSeconds(86_400 * 400).plusNanos(17);
        }
        Instant earliest = Instant.EPOCH.minusSeconds(1);
        assertEquals(earliest.toString(), format(earliest));
    }
}
