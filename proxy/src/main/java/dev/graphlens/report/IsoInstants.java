package dev.graphlens.report;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Writes instants as {@link Instant#toString()} does (ISO-8601, UTC, the fraction in groups of three
 * digits), into a buffer this object reuses: the date and time are formatted once per second, the
 * fraction by hand. Every log line starts with its exchange's time, and {@code toString} built
 * several objects for each. For one thread at a time (the reporting thread).
 */
final class IsoInstants {
    private final char[] text = new char[64];
    private long second = Long.MIN_VALUE;
    /** Characters of the current second's text before its 'Z'. */
    private int secondLength;

    /** Fills the buffer with the instant's text and returns its length: see {@link #chars()}. */
    int format(Instant t) {
        if (t.getEpochSecond() != second) {
            String whole = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(t.getEpochSecond()));
            secondLength = whole.length() - 1;
            whole.getChars(0, secondLength, text, 0);
            second = t.getEpochSecond();
        }
        int at = secondLength;
        int nano = t.getNano();
        if (nano != 0) {
            int digits = nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1_000 : nano;
            text[at] = '.';
            for (int i = digits; i > 0; i--) {
                text[at + i] = (char) ('0' + value % 10);
                value /= 10;
            }
            at += digits + 1;
        }
        text[at++] = 'Z';
        return at;
    }

    /** The buffer {@link #format} fills; valid until the next call. */
    char[] chars() {
        return text;
    }
}
