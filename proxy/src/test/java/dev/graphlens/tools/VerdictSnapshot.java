package dev.graphlens.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.DiagnosisEngine;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.exchange.Verdict;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each exchange of cases/exchanges.py's output (stdin) through the diagnosis engine as the proxy
 * hands it over (the request body and response body only where the engine asks for them, up to the
 * proxy's default caps), printed as one line: id, code, confidence, X-Graph-Diagnosis,
 * X-Graph-Diagnosis-Alternative, and the id of the rule that decided. Run by cases/snapshot.sh: diff two builds' lines to see which
 * verdicts a change moved, in seconds where graphcheck takes half an hour (graphcheck stays the
 * end-to-end check through the real proxy). The engine's clock is each exchange's "at", so texts
 * with times in them ("expired 2 min ago") repeat exactly.
 */
public final class VerdictSnapshot {
    /** The proxy's default inspection cap (ProxyOptions.defaults). */
    private static final int INSPECT_CAP = 1 << 20;

    public static void main(String[] args) throws Exception {
        ExchangeClock clock = new ExchangeClock();
        DiagnosisEngine engine = Knowledge.engine(Settings.load(Path.of(args.length > 0 ? args[0] : "config/graphlens.json")), clock);
        ObjectMapper json = new ObjectMapper();
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode x = json.readTree(line);
            clock.now = Instant.ofEpochMilli((long) (x.get("at").asDouble() * 1000));
            Headers requestHeaders = headers(x.get("requestHeaders"));
            RequestFacts head = new RequestFacts(x.get("method").asText(), "https", x.get("host").asText(), x.get("port").asInt(),
                    x.get("uri").asText(), requestHeaders, null);
            byte[] sent = x.get("requestBody").isNull() ? new byte[0] : x.get("requestBody").asText().getBytes(StandardCharsets.UTF_8);
            RequestFacts request = new RequestFacts(head.method(), head.scheme(), head.host(), head.port(), head.uri(), requestHeaders,
                    Arrays.copyOf(sent, Math.min(sent.length, engine.requestBodyToInspect(head))));
            int status = x.get("status").asInt();
            Headers responseHeaders = headers(x.get("responseHeaders"));
            byte[] answered = x.get("responseBody").asText().getBytes(StandardCharsets.UTF_8);
            boolean held = engine.wantsResponseBody(request, status, responseHeaders);
            byte[] body = held ? Arrays.copyOf(answered, Math.min(answered.length, INSPECT_CAP)) : new byte[0];
            Optional<Verdict> v = engine.diagnose(request, new ResponseFacts(status, responseHeaders, body, held && answered.length > INSPECT_CAP));
            out.println(x.get("id").asText() + "\t" + v.map(d -> d.code().name() + "\t" + d.confidence().label() + "\t" + d.headerValue()
                    + "\t" + (d.alternatives().isEmpty() ? "" : d.alternatives().get(0).headerValue())
                    + "\t" + d.details().getOrDefault("rule", "")).orElse("(none)\t\t\t\t"));
        }
        out.flush();
    }

    /** The time each exchange was made: the same verdict text from every run of the same file. */
    private static final class ExchangeClock extends Clock {
        Instant now = Instant.EPOCH;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static Headers headers(JsonNode pairs) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        pairs.forEach(p -> list.add(Map.entry(p.get(0).asText(), p.get(1).asText())));
        return Headers.of(list);
    }
}
