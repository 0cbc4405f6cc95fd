package dev.graphlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.exchange.Confidence;
import dev.graphlens.exchange.DiagnosisCode;
import dev.graphlens.exchange.ExchangeRecord;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;
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

    @Test
    void evidenceOfEveryShapeIsWrittenAsDataBindingWouldWriteIt() throws Exception {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("token", Map.of("scp", "User.Read", "roles", List.of("A", "B")));
        evidence.put("rule", "missing-permission");
        evidence.put("status", 403);
        evidence.put("retryAfterSeconds", 2.5);
        evidence.put("largeCount", 12_345_678_901L);
        evidence.put("expired", true);
        evidence.put("nested", Map.of("list", List.of(1, "two", false)));
        evidence.put("other", DiagnosisCode.THROTTLED);
        Verdict v = new Verdict(DiagnosisCode.MISSING_PERMISSION, "s", "f", "https://learn.microsoft.com/graph", evidence, List.of(), Confidence.LIKELY);
        JsonLinesLog log = new JsonLinesLog(dir.resolve("e.jsonl"));
        log.completed(new ExchangeRecord(Instant.now(), 1, new RequestFacts("GET", "https", "graph.microsoft.com", 443,
                "/v1.0/me/messages", Headers.of(), null), 403, Headers.of(), Optional.of(v), false));
        log.close();

        ObjectMapper json = new ObjectMapper();
        var line = json.readTree(Files.readAllLines(dir.resolve("e.jsonl")).get(0));
        Map<String, Object> expected = new LinkedHashMap<>(evidence);
        assertEquals(json.valueToTree(expected.remove("token")), line.get("token"));
        assertEquals(new ObjectMapper().valueToTree(expected), line.get("evidence"));
    }
}
