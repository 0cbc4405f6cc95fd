package dev.graphlens.report;

import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Alternative;
import dev.graphlens.exchange.Verdict;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The developer's live view: a line per exchange and, under a diagnosed one, a block with the
 * cause, evidence, fix, docs and request id. An app that repeats a failing call gets the block once:
 * the same verdict again within a minute of its block gets its line and "(same cause as above)"
 * (the logs and HAR keep every exchange in full). Colour only when writing to a terminal. Lines are
 * collected and printed together by {@link #flush()}, one write per batch of exchanges.
 */
public final class ConsoleReporter implements Reporter {
    private static final String RESET = "\u001b[0m";
    /** After this long the block is shown again, so the cause is on screen near the latest lines. */
    static final Duration REPEAT_WINDOW = Duration.ofMinutes(1);

    /** Which exchanges are printed. */
    public enum Shows {
        ALL, FAILURES, NONE;

        boolean includes(ExchangeRecord r) {
            return this == ALL || this == FAILURES && (r.status() >= 400 || r.verdict().isPresent());
        }
    }

    private final PrintStream out;
    private final boolean colour;
    private final Shows shows;
    private final StringBuilder pending = new StringBuilder();
    private Verdict lastBlock;
    private Instant lastBlockAt;

    public ConsoleReporter(PrintStream out, boolean colour, Shows shows) {
        this.out = out;
        this.colour = colour;
        this.shows = shows;
    }

    @Override
    public void completed(ExchangeRecord record) {
        if (!shows.includes(record)) {
            return;
        }
        Verdict v = record.verdict().orElse(null);
        if (v != null && sameCause(v, lastBlock) && record.started().isBefore(lastBlockAt.plus(REPEAT_WINDOW))) {
            // Straight into the pending text: under a flood of one failure this line is all the console does per exchange.
            headline(pending, record, v).append(' ').append(paint("2", "(same cause as above)"));
        } else {
            pending.append(render(record));
            if (v != null) {
                lastBlock = v;
                lastBlockAt = record.started();
            }
        }
        pending.append(System.lineSeparator());
    }

    @Override
    public void flush() {
        if (pending.length() > 0) {
            out.print(pending);
            out.flush();
        }
        pending.setLength(0);
    }

    /** An exchange's line, and the whole block under it when it was diagnosed. */
    public String render(ExchangeRecord r) {
        Verdict v = r.verdict().orElse(null);
        StringBuilder sb = headline(new StringBuilder(), r, v);
        if (v != null) {
            block(sb, v, r);
        }
        return sb.toString();
    }

    private StringBuilder headline(StringBuilder sb, ExchangeRecord r, Verdict v) {
        // Appended in place: with every exchange shown, this line is what the console costs a successful one.
        paintOpen(sb, r.status() >= 400 ? "31" : r.status() >= 300 ? "33" : "32").append(r.status());
        paintClose(sb).append(' ').append(r.request().method()).append(' ')
                .append(Redaction.url(r.request().host() + r.request().uri()))
                .append(' ').append(r.durationMillis()).append("ms");
        if (v != null) {
            paintOpen(sb.append(' '), "1;35").append(v.code().name());
            paintClose(sb).append(" (").append(v.confidence().label()).append(')');
        }
        return sb;
    }

    /** What the block shows, bar the request id: the same code, cause, fix and token. */
    private static boolean sameCause(Verdict v, Verdict shown) {
        return shown != null && v.code() == shown.code() && v.summary().equals(shown.summary())
                && Objects.equals(v.fix(), shown.fix()) && v.confidence() == shown.confidence()
                && v.alternatives().equals(shown.alternatives()) && Objects.equals(v.details().get("token"), shown.details().get("token"))
                && v.parts().isEmpty() && shown.parts().isEmpty();
    }

    private void block(StringBuilder sb, Verdict v, ExchangeRecord r) {
        line(sb, "cause", v.summary());
        if (v.details().get("token") instanceof Map<?, ?> claims && !claims.isEmpty()) {
            line(sb, "token", String.join(", ", claims.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        line(sb, "fix", v.fix());
        for (Alternative a : v.alternatives()) {
            line(sb, "or maybe", a.code().name() + ": " + a.tell());
        }
        line(sb, "docs", v.docs());
        r.responseHeaders().first("request-id").ifPresent(id -> line(sb, "request-id", id
                + r.responseHeaders().first("date").map(d -> " (" + d + ")").orElse("")));
        for (Verdict part : v.parts()) {
            line(sb, "  " + part.code().name(), part.summary());
        }
    }

    private void line(StringBuilder sb, String label, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        sb.append(System.lineSeparator()).append("    ").append(paint("2", label.length() >= 10 ? label : label + " ".repeat(10 - label.length())))
                .append(' ').append(Redaction.text(value));
    }

    private String paint(String ansi, String text) {
        return colour ? "\u001b[" + ansi + "m" + text + RESET : text;
    }

    private StringBuilder paintOpen(StringBuilder sb, String ansi) {
        return colour ? sb.append("\u001b[").append(ansi).append('m') : sb;
    }

    private StringBuilder paintClose(StringBuilder sb) {
        return colour ? sb.append(RESET) : sb;
    }
}
