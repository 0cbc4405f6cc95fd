package dev.graphlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
}
