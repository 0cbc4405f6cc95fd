package dev.graphlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.exchange.Confidence;
import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What --console prints, and that lines reach the terminal only when a batch is flushed. */
class ConsoleReporterTest {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    static ExchangeRecord record(String path, int status) {
        return new ExchangeRecord(Instant.now(), 3, new RequestFacts("GET", "https", "graph.microsoft.com", 443, path,
                Headers.of(), null), status, Headers.of(), Optional.empty(), false);
    }

    String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void allPrintsEveryExchangeOnceTheBatchIsFlushed() {
        ConsoleReporter console = new ConsoleReporter(out, false, ConsoleReporter.Shows.ALL);
        console.completed(record("/v1.0/me", 200));
        console.completed(record("/v1.0/me/messages", 403));
        assertEquals("", printed(), "nothing is written per exchange");
        console.flush();
        String[] lines = printed().split(System.lineSeparator());
        assertEquals(2, lines.length, printed());
        assertTrue(lines[0].startsWith("200 GET graph.microsoft.com/v1.0/me 3ms"), lines[0]);
        assertTrue(lines[1].startsWith("403 GET graph.microsoft.com/v1.0/me/messages"), lines[1]);
    }

    @Test
    void failuresLeavesOutSuccesses() {
        ConsoleReporter console = new ConsoleReporter(out, false, ConsoleReporter.Shows.FAILURES);
        console.completed(record("/v1.0/me", 200));
        console.completed(record("/v1.0/me/messages", 403));
        console.flush();
        assertTrue(printed().startsWith("403 GET"), printed());
        assertEquals(1, printed().split(System.lineSeparator()).length);
    }

    @Test
    void nonePrintsNothing() {
        ConsoleReporter console = new ConsoleReporter(out, false, ConsoleReporter.Shows.NONE);
        console.completed(record("/v1.0/me/messages", 403));
        console.flush();
        assertEquals("", printed());
    }

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static ExchangeRecord diagnosed(Instant at, String summary, String requestId) {
        Verdict v = new Verdict(DiagnosisCode.MISSING_PERMISSION, summary, "Add Mail.ReadBasic.", "https://learn.microsoft.com/graph/permissions-reference",
                Map.of("token", Map.of("scp", "User.Read")), List.of(), Confidence.LIKELY);
        return new ExchangeRecord(at, 3, new RequestFacts("GET", "https", "graph.microsoft.com", 443, "/v1.0/me/messages",
                Headers.of(), null), 403, Headers.of("request-id", requestId), Optional.of(v), false);
    }

    long printedCount(String text) {
        return printed().lines().filter(l -> l.contains(text)).count();
    }

    @Test
    void aRepeatedCauseGetsItsBlockOnceAndALineEachTime() {
        ConsoleReporter console = new ConsoleReporter(out, false, ConsoleReporter.Shows.ALL);
        console.completed(diagnosed(T0, "GET /me/messages needs Mail.ReadBasic.", "r-1"));
        console.completed(record("/v1.0/me", 200));
        console.completed(diagnosed(T0.plusSeconds(1), "GET /me/messages needs Mail.ReadBasic.", "r-2"));
        console.completed(diagnosed(T0.plusSeconds(2), "GET /me/messages needs Mail.ReadBasic.", "r-3"));
        console.flush();
        assertEquals(1, printedCount("    cause "), printed());
        assertEquals(3, printedCount("403 GET graph.microsoft.com/v1.0/me/messages 3ms MISSING_PERMISSION"), printed());
        assertEquals(2, printedCount("(same cause as above)"), printed());
        assertTrue(printed().contains("r-1") && !printed().contains("r-2"), printed());
    }

    @Test
    void theTokenLineListsClaimsAsNameEqualsValue() {
        ConsoleReporter console = new ConsoleReporter(out, false, ConsoleReporter.Shows.ALL);
        console.completed(diagnosed(T0, "GET /me/messages needs Mail.ReadBasic.", "r-1"));
        console.flush();
        assertTrue(printed().contains("    token      scp=User.Read" + System.lineSeparator()), printed());
    }

    @Test
    void anotherCauseGetsItsOwnBlock() {
        ConsoleReporter console = new ConsoleReporter(out, false, ConsoleReporter.Shows.ALL);
        console.completed(diagnosed(T0, "GET /me/messages needs Mail.ReadBasic.", "r-1"));
        console.completed(diagnosed(T0.plusSeconds(1), "GET /me/events needs Calendars.ReadBasic.", "r-2"));
        console.flush();
        assertEquals(2, printedCount("    cause "), printed());
        assertEquals(0, printedCount("(same cause as above)"), printed());
    }

    @Test
    void theBlockIsShownAgainOnceTheRepeatWindowHasPassed() {
        ConsoleReporter console = new ConsoleReporter(out, false, ConsoleReporter.Shows.ALL);
        console.completed(diagnosed(T0, "GET /me/messages needs Mail.ReadBasic.", "r-1"));
        console.completed(diagnosed(T0.plus(ConsoleReporter.REPEAT_WINDOW).plusSeconds(1), "GET /me/messages needs Mail.ReadBasic.", "r-2"));
        console.flush();
        assertEquals(2, printedCount("    cause "), printed());
        assertTrue(printed().contains("r-2"), printed());
    }
}
