package dev.graphlens.cli;

import dev.graphlens.config.ConfigException;
import dev.graphlens.config.Settings;
import dev.graphlens.diagnosis.ReloadingDiagnoser;
import dev.graphlens.proxy.ProxyOptions;
import dev.graphlens.proxy.ProxyServer;
import dev.graphlens.report.ConsoleReporter;
import dev.graphlens.report.HarLog;
import dev.graphlens.report.JsonLinesLog;
import dev.graphlens.report.LiveFeed;
import dev.graphlens.report.ReportQueue;
import dev.graphlens.report.SessionSummary;
import dev.graphlens.tls.CaException;
import dev.graphlens.tls.CertificateAuthority;
import dev.graphlens.tls.LeafCertificates;
import dev.graphlens.tls.UpstreamTrust;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the proxy until interrupted. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the proxy (the default command).")
public final class RunCommand implements Callable<Integer> {
    /** How often the rules and data files are looked at for changes (they take effect without a restart). */
    private static final Duration RULES_WATCH = Duration.ofSeconds(2);

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Proxy port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--listen", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "Bind address (default: ${DEFAULT-VALUE}).")
    String listen;

    @Mixin
    CommonOptions.CertsDir certs;

    @Mixin
    CommonOptions.Config config;

    @Option(names = "--upstream-override", paramLabel = "HOST=HOST2:PORT",
            description = "Connect to HOST2:PORT whenever a client asks for HOST (SNI and Host stay HOST). Repeatable (default: none).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--upstream-trust", paramLabel = "FILE.pem", description = "Extra CA certificates to trust upstream, besides the JDK's. Repeatable (default: none).")
    List<Path> upstreamTrust = new ArrayList<>();

    @Option(names = "--upstream-proxy", paramLabel = "http://HOST:PORT", description = "Chain through this HTTP proxy (CONNECT) (default: none, connect directly).")
    String upstreamProxy;

    @Option(names = "--log-file", paramLabel = "FILE", defaultValue = Locations.LOG_FILE, description = "JSON lines log of diagnosed exchanges; the calls log and session summary go beside it (default: ${DEFAULT-VALUE}).")
    Path logFile;

    @Option(names = "--har", paramLabel = "FILE", defaultValue = Locations.HAR_FILE,
            description = "HAR 1.2 file of failed exchanges, secrets redacted, for browser dev tools (default: ${DEFAULT-VALUE}).")
    Path har;

    @Option(names = "--har-all", description = "Record every exchange in the HAR file, not only failures (default: off).")
    boolean harAll;

    @Option(names = "--console", defaultValue = "all", paramLabel = "all|failures|none",
            description = "Which exchanges to print on stdout: every one, failures only, or none (default: ${DEFAULT-VALUE}).")
    ConsoleReporter.Shows console;

    @Option(names = "--no-inject", description = "Log only; do not add X-Graph-Diagnosis headers (default: off: headers are added).")
    boolean noInject;

    @Option(names = "--reverse", description = {"Also serve plain HTTP requests addressed to GraphLens itself:",
            "/v1.0/... and /beta/... go to Graph, other paths to the login host (reverseRoutes in the settings).",
            "Point an SDK's base URL at http://127.0.0.1:PORT/v1.0; no CA needed (default: off)."})
    boolean reverse;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Settings settings;
        ProxyOptions options;
        try {
            settings = config.load();
            options = options(settings);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("graphlens: " + e.getMessage());
            return 2;
        }
        CertificateAuthority ca;
        try {
            ca = certs.loadOrCreate();
            ca.bundle(CaCommand.SYSTEM_BUNDLE);
        } catch (CaException | java.io.IOException e) {
            System.err.println("graphlens: " + e.getMessage());
            return 3;
        }
        ReloadingDiagnoser diagnoser = ReloadingDiagnoser.start(settings, Clock.systemUTC(), RULES_WATCH, System.err::println);
        JsonLinesLog jsonLogs = new JsonLinesLog(logFile, logFile.resolveSibling("graphlens-calls.jsonl"));
        SessionSummary summary = new SessionSummary(diagnoser::permissions);
        HarLog harLog = new HarLog(har, harAll);
        LiveFeed live = new LiveFeed();
        ReportQueue reporting = new ReportQueue(List.of(new ConsoleReporter(out, System.console() != null, console),
                jsonLogs, harLog, summary, live));
        ProxyServer server = ProxyServer.start(options, new LeafCertificates(ca),
                UpstreamTrust.clientContext(upstreamTrust), diagnoser, reporting, live);
        if (pointsAtItself(options.upstreamProxy(), server.address())) {
            server.close();
            reporting.close();
            System.err.println("graphlens: --upstream-proxy " + upstreamProxy + " is GraphLens itself: that would loop."
                    + " Give the address of your company's proxy instead.");
            return 2;
        }
        String hostPort = server.address().getHostString() + ":" + server.port();
        new TrustInstructions(ca, server.address().getHostString(), server.port()).printStartup(out, logFile);
        if (reverse) {
            out.println("Reverse mode: set your Graph SDK's base URL to http://" + hostPort + "/v1.0 (no proxy, no CA needed)");
        }
        out.println("Live view: http://" + hostPort + "/_graphlens/");
        out.println("GraphLens listening on " + hostPort);
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            diagnoser.close();
            reporting.close();
            printSummary(summary);
            stopped.countDown();
        }, "graphlens-shutdown"));
        stopped.await();
        return 0;
    }

    /** On shutdown: needed versus granted permissions, as Markdown on stdout and JSON beside the log. */
    private void printSummary(SessionSummary summary) {
        if (summary.isEmpty()) {
            return;
        }
        System.out.println(summary.toMarkdown());
        Path json = logFile.resolveSibling("graphlens-session.json");
        try {
            summary.writeJson(json);
            System.out.println("Session summary written to " + json.toAbsolutePath());
        } catch (java.io.IOException e) {
            System.err.println("graphlens: cannot write " + json + ": " + e.getMessage());
        }
    }

    ProxyOptions options(Settings s) throws UnknownHostException {
        InetAddress bind = InetAddress.getByName(listen);
        Map<String, InetSocketAddress> map = new LinkedHashMap<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            int colon = o.lastIndexOf(':');
            if (eq <= 0 || colon < eq) {
                throw new IllegalArgumentException("--upstream-override takes HOST=HOST2:PORT, not \"" + o + "\"");
            }
            map.put(o.substring(0, eq).toLowerCase(Locale.ROOT),
                    InetSocketAddress.createUnresolved(o.substring(eq + 1, colon), parsePort(o.substring(colon + 1), o)));
        }
        Optional<InetSocketAddress> chained = Optional.empty();
        if (upstreamProxy != null) {
            URI uri = URI.create(upstreamProxy.contains("://") ? upstreamProxy : "http://" + upstreamProxy);
            if (uri.getHost() == null || !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("--upstream-proxy takes http://HOST:PORT, not \"" + upstreamProxy + "\"");
            }
            chained = Optional.of(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 8080));
        }
        return new ProxyOptions(new InetSocketAddress(bind, port), new HashSet<>(s.interceptHosts()),
                s.otherHosts().equals("tunnel"), new HashSet<>(s.tunnelPorts()), map, chained,
                Duration.ofSeconds(s.connectTimeoutSeconds()), Duration.ofSeconds(s.upstreamReadTimeoutSeconds()),
                Duration.ofSeconds(s.clientIdleTimeoutSeconds()), s.inspectCapBytes(), s.maxInitialLineLength(),
                s.maxHeaderSize(), !noInject, reverse ? s.reverseRoutes() : Map.of());
    }

    private static int parsePort(String text, String whole) {
        try {
            int p = Integer.parseInt(text);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("bad port in \"" + whole + "\"");
    }

    private static boolean pointsAtItself(Optional<InetSocketAddress> chained, InetSocketAddress self) {
        if (chained.isEmpty() || chained.get().getPort() != self.getPort()) {
            return false;
        }
        InetAddress a = chained.get().getAddress();
        return a != null && (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.equals(self.getAddress())
                || self.getAddress().isAnyLocalAddress());
    }
}
