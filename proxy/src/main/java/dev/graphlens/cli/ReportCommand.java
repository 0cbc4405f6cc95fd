package dev.graphlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graphlens.config.ConfigException;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.permissions.PathTemplates;
import dev.graphlens.permissions.Scheme;
import dev.graphlens.report.SessionSummary;
import dev.graphlens.token.TokenFacts;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Needed versus granted permissions, from a recorded session's log. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Per app and token type: the endpoints called, the smallest permission set covering them, "
                + "and the permissions the tokens carried that no call needed.",
                "Reads the calls log the proxy writes next to its log file (or the diagnoses log, which holds failed calls only)."})
public final class ReportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", arity = "0..1", paramLabel = "LOG",
            defaultValue = Locations.CALLS_LOG, description = "Log to read (default: ${DEFAULT-VALUE}).")
    Path log;

    @Option(names = "--json", description = "Print JSON instead of Markdown (default: off).")
    boolean json;

    @Mixin
    CommonOptions.Config config;

    @Override
    public Integer call() throws IOException, ConfigException {
        if (!Files.isRegularFile(log)) {
            System.err.println("graphlens: no log at " + log + ": run the proxy first, or name a log file");
            return 2;
        }
        SessionSummary summary = new SessionSummary(Knowledge.permissions(config.load()));
        int lines = 0;
        int skipped = 0;
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    summary.add(call(JSON.readTree(line)));
                    lines++;
                } catch (IOException | IllegalArgumentException e) {
                    skipped++;
                }
            }
        }
        if (json) {
            System.out.println(JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary.toMap()));
        } else {
            System.out.print(summary.toMarkdown());
            System.out.println("\n(" + lines + " calls from " + log + (skipped > 0 ? "; " + skipped + " unreadable lines skipped" : "") + ")");
        }
        return 0;
    }

    /** The path of a logged URL, as it was sent: no URI parsing, which refuses what a client may send (%zz). */
    static String rawPath(String url) {
        String path = PathTemplates.withoutOrigin(url);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** A log line back into a call: method, path, and the token's decoded claims. */
    static SessionSummary.Call call(JsonNode line) {
        String url = line.path("url").asText();
        JsonNode token = line.path("token");
        String kind = token.path("kind").asText("");
        Set<String> permissions = new LinkedHashSet<>();
        for (String scope : token.path("scp").asText("").split("\\s+")) {
            if (!scope.isEmpty()) {
                permissions.add(scope);
            }
        }
        token.path("roles").forEach(r -> permissions.add(r.asText()));
        boolean personal = TokenFacts.CONSUMER_TENANT.equalsIgnoreCase(token.path("tid").asText());
        Scheme scheme = switch (kind) {
            case "app-only" -> Scheme.APPLICATION;
            case "delegated" -> personal ? Scheme.DELEGATED_PERSONAL : Scheme.DELEGATED_WORK;
            default -> null;
        };
        String appId = token.has("appid") ? token.get("appid").asText() : token.path("azp").asText(null);
        return new SessionSummary.Call(line.path("method").asText("GET"), rawPath(url), appId, token.path("app_displayname").asText(null), scheme, permissions,
                line.hasNonNull("code") ? line.get("code").asText() : null);
    }
}
