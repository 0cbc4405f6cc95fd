package dev.graphlens.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.graphlens.config.ConfigException;
import dev.graphlens.diagnosis.DiagnosisEngine;
import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.Durations;
import dev.graphlens.diagnosis.Knowledge;
import dev.graphlens.exchange.HostPatterns;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.report.Redaction;
import dev.graphlens.token.TokenDecoder;
import dev.graphlens.token.TokenFacts;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The diagnosis engine offline: a token and, optionally, a request and a saved error response. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain a token and/or a saved error response, without a proxy.",
                "Examples:",
                "  graphlens explain \"$TOKEN\"",
                "  graphlens explain --token-file t.txt --url https://graph.microsoft.com/v1.0/me/messages --status 403 --body err.json",
                "  graphlens explain --har session.har           (every failed Graph call a browser recorded)",
                "  graphlens explain --token-file t.txt --url ... --status 403 --body err.json --why   (and the rules tried)",
                "  pbpaste | graphlens explain - --json"})
public final class ExplainCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN", description = "The token (with or without 'Bearer '), or - for stdin (default: none).")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the token from this file (default: none).")
    Path tokenFile;

    @Option(names = "--method", paramLabel = "METHOD", defaultValue = "GET", description = "Request method (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "https://graph.microsoft.com/v1.0/me", description = "Request URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--status", paramLabel = "CODE", description = "Status of the saved response; without it, the token is judged as if Graph answered 401 (default: none).")
    Integer status;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME: VALUE", description = "A response header (WWW-Authenticate, Retry-After...). Repeatable (default: none).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body", paramLabel = "FILE", description = "File with the saved response body (default: none).")
    Path body;

    @Option(names = "--request-body", paramLabel = "FILE", description = "File with the request body (token requests: only grant_type, client_id, scope and redirect_uri are read) (default: none).")
    Path requestBody;

    @Option(names = "--har", paramLabel = "FILE", description = "Explain every failed call to Graph or the identity platform recorded in this HAR file"
            + " (browser dev tools, Fiddler, mitmproxy) (default: none).")
    Path har;

    @Option(names = "--json", description = "Print JSON instead of text (default: off).")
    boolean json;

    @Option(names = "--why", description = "Also list the rules in order up to the one that decides, and why each before it did not hold (default: off).")
    boolean why;

    @Option(names = "--facts", description = "List the facts rules.json can test, and exit (default: off).")
    boolean listFacts;

    @Mixin
    CommonOptions.Config config;

    /** Each group of facts under its label, one fact a line. */
    private static void listFacts(PrintStream out) {
        String gap = "";
        for (Map.Entry<String, Map<String, String>> group : Knowledge.factsByGroup().entrySet()) {
            out.print(gap);
            out.println(group.getKey());
            group.getValue().forEach((name, meaning) -> out.printf("  %-30s %s%n", name, meaning));
            gap = System.lineSeparator();
        }
    }

    @Override
    public Integer call() throws IOException, ConfigException {
        PrintStream out = System.out;
        if (listFacts) {
            listFacts(out);
            return 0;
        }
        Settings settings = config.load();
        DiagnosisEngine engine = Knowledge.engine(settings, Clock.systemUTC());
        if (har != null) {
            return explainHar(engine, settings, out);
        }
        String raw = readToken();
        String authorization = raw == null ? null : raw.regionMatches(true, 0, "Bearer ", 0, 7) ? raw : "Bearer " + raw;
        TokenFacts tokenFacts = authorization == null ? TokenFacts.unseen() : TokenDecoder.decode(authorization);
        URI uri = URI.create(url);
        List<Map.Entry<String, String>> responseHeaders = new ArrayList<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                System.err.println("graphlens: --header takes 'Name: value', not \"" + h + "\"");
                return 2;
            }
            responseHeaders.add(Map.entry(h.substring(0, colon).trim(), h.substring(colon + 1).trim()));
        }
        RequestFacts request = RequestFacts.of(method, uri, authorization == null ? Headers.EMPTY : Headers.of("Authorization", authorization),
                requestBody == null ? null : Files.readAllBytes(requestBody));
        ResponseFacts response = new ResponseFacts(status == null ? 401 : status, Headers.of(responseHeaders),
                body == null ? null : Files.readAllBytes(body), false);
        Verdict verdict = engine.diagnoseOne(request, response, tokenFacts);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("token", tokenFacts.safeClaims());
            o.putAll(fields(verdict));
            o.put("header", verdict.headerValue());
            if (why) {
                o.put("why", engine.why(request, response, tokenFacts));
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
            return 0;
        }
        if (tokenFacts.state() == TokenFacts.State.UNSEEN) {
            if (!request.toIdentityPlatform()) {
                out.println("Token: none given (pass it as the first argument, with --token-file, or as - on stdin, to have it judged too).");
                out.println();
            }
        } else {
            out.println("Token (decoded, not verified):");
            Instant now = Instant.now();
            tokenFacts.safeClaims().forEach((k, v) -> out.printf("  %-16s %s%s%s%n", k, v, whenRelative(k, tokenFacts, now),
                    k.equals("wids") ? "  (" + String.join(", ", tokenFacts.wids().stream().map(engine.roles()::name).toList()) + ")" : ""));
            out.println();
        }
        String exchange = request.method() + " " + url;
        out.println(status != null ? exchange + " -> " + status + ":"
                : body != null ? exchange + " (no --status: taken as 401):" : "If Graph refused " + exchange + ":");
        print(out, fields(verdict));
        if (why) {
            out.println();
            printWhy(out, engine.why(request, response, tokenFacts));
        }
        return 0;
    }

    /** Each failed exchange of the HAR with an intercepted host, in file order; tokens only ever decoded. */
    private int explainHar(DiagnosisEngine engine, Settings settings, PrintStream out) throws IOException {
        List<String> hosts = settings.interceptHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        AtomicInteger relevant = new AtomicInteger();
        AtomicInteger withoutToken = new AtomicInteger();
        List<Map<String, Object>> failed = new ArrayList<>();
        int entries = HarExchanges.forEach(har, x -> {
            if (!HostPatterns.matches(hosts, x.request().host())) {
                return;
            }
            relevant.incrementAndGet();
            TokenFacts token = HarExchanges.token(x.request());
            Optional<Verdict> verdict = x.recorded().isPresent() || x.tokenRedacted() ? x.recorded()
                    : engine.diagnose(x.request(), x.response(), token);
            if (verdict.isEmpty()) {
                return;
            }
            if (token.state() == TokenFacts.State.UNSEEN && !x.request().toIdentityPlatform()) {
                withoutToken.incrementAndGet();
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("entry", x.index());
            o.put("method", x.request().method());
            o.put("url", Redaction.url(x.url()));
            o.put("status", x.response().status());
            o.putAll(fields(verdict.get()));
            if (why && x.recorded().isEmpty() && !x.tokenRedacted()) {
                o.put("why", engine.why(x.request(), x.response(), token));
            }
            failed.add(o);
        });
        Map<String, Long> byCode = failed.stream().collect(Collectors.groupingBy(f -> (String) f.get("code"), TreeMap::new, Collectors.counting()));
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("file", har.toString());
            o.put("entries", entries);
            o.put("graphEntries", relevant.get());
            o.put("failedWithoutToken", withoutToken.get());
            o.put("byCode", byCode);
            o.put("diagnosed", failed);
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
            return 0;
        }
        out.println(har + ": " + entries + (entries == 1 ? " entry, " : " entries, ") + relevant.get()
                + " with Graph or the identity platform, " + failed.size() + " failed.");
        if (byCode.size() > 1) {
            // Most frequent first: in a long session that is the cause to fix first.
            out.println("By code: " + String.join(", ", byCode.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getKey() + " " + e.getValue()).toList()));
        }
        if (withoutToken.get() > 0) {
            out.println(withoutToken.get() + " of the failed calls have no token in the file: Chrome and Edge leave Authorization headers out"
                    + " of a HAR unless DevTools Settings > Preferences > Network allows it, so their verdicts rest on Graph's words.");
        }
        for (Map<String, Object> f : failed) {
            out.println();
            out.println("#" + f.get("entry") + " " + f.get("method") + " " + f.get("url") + " -> " + f.get("status") + ":");
            print(out, f);
            if (f.get("why") instanceof List<?> rules) {
                printWhy(out, rules);
            }
        }
        return 0;
    }

    private static void printWhy(PrintStream out, List<?> rules) {
        out.println("  rules, in order (the first that holds decides):");
        rules.forEach(line -> out.println("    " + Redaction.text(String.valueOf(line))));
    }

    /** For exp and nbf, how far from now, so nobody has to compare UTC times by eye. */
    private static String whenRelative(String claim, TokenFacts token, Instant now) {
        if (claim.equals("exp") && token.exp() != null) {
            String span = Durations.words(Duration.between(now, token.exp()));
            return token.exp().isAfter(now) ? "  (expires in " + span + ")" : "  (expired " + span + " ago)";
        }
        if (claim.equals("nbf") && token.nbf() != null && token.nbf().isAfter(now)) {
            return "  (not valid for another " + Durations.words(Duration.between(now, token.nbf())) + ")";
        }
        return "";
    }

    /** What explain shows of a verdict, in text and JSON alike. */
    private static Map<String, Object> fields(Verdict v) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("code", v.code().name());
        o.put("confidence", v.confidence().label());
        o.put("summary", v.summary());
        o.put("fix", v.fix());
        o.put("alternatives", v.alternatives().stream().map(a -> Map.of("code", a.code().name(), "tell", a.tell())).toList());
        o.put("docs", v.docs());
        return o;
    }

    private static void print(PrintStream out, Map<String, Object> f) {
        out.println("  " + f.get("code") + " (" + f.get("confidence") + ")");
        out.println("  cause: " + f.get("summary"));
        out.println("  fix:   " + f.get("fix"));
        if (f.get("alternatives") instanceof List<?> alternatives) {
            for (Object a : alternatives) {
                Map<?, ?> alt = (Map<?, ?>) a;
                out.println("  or maybe " + alt.get("code") + ": " + alt.get("tell"));
            }
        }
        out.println("  docs:  " + f.get("docs"));
    }

    private String readToken() throws IOException {
        String text = null;
        if (tokenFile != null) {
            text = Files.readString(tokenFile);
        } else if ("-".equals(token)) {
            text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } else if (token != null) {
            text = token;
        }
        return text == null ? null : text.trim();
    }
}
