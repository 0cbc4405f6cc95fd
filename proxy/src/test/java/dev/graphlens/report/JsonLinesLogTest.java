package dev.graphlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract log takes diagnosed exchanges, the calls log every one; sharing a writer changes neither. */
class JsonLinesLogTest {
    @TempDir
    Path dir;

    static ExchangeRecord success(int i) {
        return new ExchangeRecord(Instant.now(), 1, new RequestFacts("GET", "https", "graph.microsoft.com", 443,
                "/v1.0/me/events/" + i, Headers.of(), null), 200, Headers.of("request-id", "r" + i),
                Optional.empty(), false, null);
    }

    @Test
    void diagnosedExchangesGoToBothLogsAndTheRestOnlyToTheCallsLog() throws Exception {
        Path contract = dir.resolve("graphlens.jsonl");
        Path calls = dir.resolve("graphlens-calls.jsonl");
        JsonLinesLog logs = new JsonLinesLog(contract, calls);
        logs.completed(success(1));
        logs.completed(HarLogTest.failure(2, 10));
        logs.completed(success(3));
        logs.completed(HarLogTest.failure(4, 10));
        logs.close();

        List<String> contractLines = Files.readAllLines(contract);
        List<String> callsLines = Files.readAllLines(calls);
        assertEquals(2, contractLines.size());
        assertEquals(4, callsLines.size());
        assertEquals(List.of(callsLines.get(1), callsLines.get(3)), contractLines);
        ObjectMapper json = new ObjectMapper();
        assertEquals("MISSING_PERMISSION", json.readTree(contractLines.get(1)).get("code").asText());
        assertEquals("r3", json.readTree(callsLines.get(2)).get("requestId").asText());
    }

    @Test
    void theSharedWriterWritesWhatTheSeparateLogsWrote() throws Exception {
        JsonLinesLog shared = new JsonLinesLog(dir.resolve("a.jsonl"), dir.resolve("a-calls.jsonl"));
        JsonLinesLog contractOnly = new JsonLinesLog(dir.resolve("b.jsonl"));
        JsonLinesLog callsOnly = new JsonLinesLog(dir.resolve("b-calls.jsonl"), true);
        for (int i = 0; i < 6; i++) {
            ExchangeRecord record = i % 2 == 0 ? success(i) : HarLogTest.failure(i, 10);
            for (JsonLinesLog log : List.of(shared, contractOnly, callsOnly)) {
                log.completed(record);
            }
        }
        for (JsonLinesLog log : List.of(shared, contractOnly, callsOnly)) {
            log.close();
        }
        assertEquals(Files.readAllLines(dir.resolve("b.jsonl")), Files.readAllLines(dir.resolve("a.jsonl")));
        assertEquals(Files.readAllLines(dir.resolve("b-calls.jsonl")), Files.readAllLines(dir.resolve("a-calls.jsonl")));
    }
}
