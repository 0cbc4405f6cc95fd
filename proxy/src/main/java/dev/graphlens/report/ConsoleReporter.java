package dev.graphlens.report;

import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Verdict;
import java.io.PrintStream;

/**
 * The developer's live view: a line per exchange and, under a diagnosed one, a block with the
 * cause, evidence, fix, docs and request id. Colour only when writing to a terminal. Lines are
 * collected and printed together by {@link #flush()}, one write per batch of exchanges.
 */
public final class ConsoleReporter implements Reporter {
    private static final String RESET = "\u001b[0m";

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

    public ConsoleReporter(PrintStream out, boolean colour, Shows shows) {
        this.out = out;
        this.colour = colour;
        this.shows = shows;
    }

    @Override
    public void completed(ExchangeRecord record) {
        if (shows.includes(record)) {
            pending.append(render(record)).append(System.lineSeparator());
        }
    }

    @Override
    public void flush() {
        if (pending.length() > 0) {
            out.print(pending);
            out.flush();
        }
        pending.setLength(0);
    }

    public String render(ExchangeRecord r) {
        StringBuilder sb = new StringBuilder();
        String status = String.valueOf(r.status());
        sb.append(paint(r.status() >= 400 ? "31" : r.status() >= 300 ? "33" : "32", status)).append(' ')
                .append(r.request().method()).append(' ')
                .append(Redaction.url(r.request().host() + r.request().uri()))
                .append(' ').append(r.durationMillis()).append("ms");
        r.verdict().ifPresent(v -> {
            sb.append(' ').append(paint("1;35", v.code().name()));
            block(sb, v, r);
        });
        return sb.toString();
    }

    private void block(StringBuilder sb, Verdict v, ExchangeRecord r) {
        line(sb, "cause", v.summary());
        Object token = v.details().get("token");
        if (token != null) {
            line(sb, "token", token.toString());
        }
        line(sb, "fix", v.fix());
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
}
