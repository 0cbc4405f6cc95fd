package dev.graphlens.exchange;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How firmly the evidence proves a verdict's code: {@code CERTAIN} where the token or the
 * service's own error code proves it, {@code LIKELY} where the evidence points one way (another
 * cause may fit too), {@code POSSIBLE} where only a general rule held.
 */
public enum Confidence {
    CERTAIN, LIKELY, POSSIBLE;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** As the header and logs spell it: certain, likely, possible. */
    public String label() {
        return label;
    }

    /** The level a header or log spelled, if it is one. */
    public static Optional<Confidence> named(String label) {
        return label == null ? Optional.empty()
                : Arrays.stream(values()).filter(c -> c.label().equalsIgnoreCase(label.trim())).findFirst();
    }
}
