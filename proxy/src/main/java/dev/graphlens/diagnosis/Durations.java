package dev.graphlens.diagnosis;

import java.time.Duration;

/** Durations as a developer reads them in a diagnosis: "45 s", "12 min", "2 h 5 min", "3 days". */
public final class Durations {
    private Durations() {
    }

    /** The length of {@code d}, its sign ignored. */
    public static String words(Duration d) {
        long s = Math.abs(d.getSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        if (s < 172800) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86400) + " days";
    }
}
