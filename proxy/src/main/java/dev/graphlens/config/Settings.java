package dev.graphlens.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings file (config/graphlens.json). Every key is optional; an unknown key or a bad
 * value is a start-up error that names it, so a typo never silently falls back to a default.
 * The settings file and each data file it names are read from the settings file's directory
 * where they exist there, else from the copy built into the jar ({@link BuiltInConfig}).
 */
public record Settings(List<String> interceptHosts, String otherHosts, List<Integer> tunnelPorts,
                       int inspectCapBytes, int connectTimeoutSeconds, int upstreamReadTimeoutSeconds,
                       int clientIdleTimeoutSeconds, int maxInitialLineLength, int maxHeaderSize,
                       int clockSkewSeconds, String rules, String aadsts, List<String> permissions,
                       String roles, Map<String, String> reverseRoutes, Path baseDir) {

    /** The settings file's name in a config directory, and in the built-in config. */
    public static final String SETTINGS_FILE = "graphlens.json";

    public static final List<String> DEFAULT_INTERCEPT = List.of(
            "graph.microsoft.com", "canary.graph.microsoft.com", "graph.microsoft.us", "dod-graph.microsoft.us",
            "microsoftgraph.chinacloudapi.cn", "login.microsoftonline.com", "login.microsoftonline.us",
            "login.chinacloudapi.cn", "login.partner.microsoftonline.cn", "login.windows.net", "login.microsoft.com",
            "sts.windows.net", "login.live.com", "*.ciamlogin.com", "*.b2clogin.com");

    /** Reverse mode's default routes: Graph's versions to Graph, everything else to the login host. */
    public static final Map<String, String> DEFAULT_REVERSE = Map.of("/v1.0/", "graph.microsoft.com",
            "/beta/", "graph.microsoft.com", "/", "login.microsoftonline.com");

    /** The on-disk shape; absent keys stay null and take the defaults. */
    private record Raw(List<String> interceptHosts, String otherHosts, List<Integer> tunnelPorts,
                       Integer inspectCapBytes, Integer connectTimeoutSeconds, Integer upstreamReadTimeoutSeconds,
                       Integer clientIdleTimeoutSeconds, Integer maxInitialLineLength, Integer maxHeaderSize,
                       Integer clockSkewSeconds, String rules, String aadsts, List<String> permissions,
                       String roles, Map<String, String> reverseRoutes) {
    }

    public static Settings defaults(Path baseDir) {
        return from(new Raw(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null), baseDir);
    }

    /**
     * Loads {@code file}, or the built-in settings when it does not exist; either way data files
     * are looked for next to {@code file} first.
     */
    public static Settings load(Path file) throws ConfigException {
        Path base = file.toAbsolutePath().getParent();
        Path source = Files.exists(file) ? file : BuiltInConfig.file(SETTINGS_FILE).orElse(null);
        if (source == null) {
            return defaults(base);
        }
        try (InputStream in = Files.newInputStream(source)) {
            Raw raw = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, Raw.class);
            return from(raw, base);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(source + ": unknown setting \"" + e.getPropertyName() + "\"; known settings are "
                    + e.getKnownPropertyIds());
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read: " + e.getMessage());
        }
    }

    private static Settings from(Raw r, Path base) {
        return new Settings(
                r.interceptHosts != null ? List.copyOf(r.interceptHosts) : DEFAULT_INTERCEPT,
                r.otherHosts != null ? r.otherHosts : "tunnel",
                r.tunnelPorts != null ? List.copyOf(r.tunnelPorts) : List.of(443),
                orDefault(r.inspectCapBytes, 1 << 20),
                orDefault(r.connectTimeoutSeconds, 10),
                orDefault(r.upstreamReadTimeoutSeconds, 60),
                orDefault(r.clientIdleTimeoutSeconds, 120),
                orDefault(r.maxInitialLineLength, 16 * 1024),
                orDefault(r.maxHeaderSize, 64 * 1024),
                orDefault(r.clockSkewSeconds, 300),
                r.rules != null ? r.rules : "rules.json",
                r.aadsts != null ? r.aadsts : "aadsts.json",
                r.permissions != null ? List.copyOf(r.permissions) : List.of("permissions.json"),
                r.roles != null ? r.roles : "roles.json",
                r.reverseRoutes != null ? Map.copyOf(r.reverseRoutes) : DEFAULT_REVERSE,
                base);
    }

    private static int orDefault(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    public Settings {
        List<String> problems = new ArrayList<>();
        if (!otherHosts.equals("tunnel") && !otherHosts.equals("refuse")) {
            problems.add("otherHosts must be \"tunnel\" or \"refuse\", not \"" + otherHosts + "\"");
        }
        for (int port : tunnelPorts) {
            if (port < 1 || port > 65535) {
                problems.add("tunnelPorts holds " + port + ", not a TCP port");
            }
        }
        positive(problems, "inspectCapBytes", inspectCapBytes);
        positive(problems, "connectTimeoutSeconds", connectTimeoutSeconds);
        positive(problems, "upstreamReadTimeoutSeconds", upstreamReadTimeoutSeconds);
        positive(problems, "clientIdleTimeoutSeconds", clientIdleTimeoutSeconds);
        positive(problems, "maxInitialLineLength", maxInitialLineLength);
        positive(problems, "maxHeaderSize", maxHeaderSize);
        if (clockSkewSeconds < 0) {
            problems.add("clockSkewSeconds must not be negative");
        }
        if (interceptHosts.stream().anyMatch(h -> h.isBlank() || h.contains("/") || h.contains(":"))) {
            problems.add("interceptHosts takes host names (e.g. graph.microsoft.com or *.example.com), no scheme or port");
        }
        reverseRoutes.forEach((prefix, host) -> {
            if (!prefix.startsWith("/") || host.isBlank() || host.contains("/") || host.contains(":")) {
                problems.add("reverseRoutes maps a path prefix starting with / to a host name, not \"" + prefix + "\": \"" + host + "\"");
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static void positive(List<String> problems, String name, int value) {
        if (value <= 0) {
            problems.add(name + " must be positive, not " + value);
        }
    }

    /**
     * A data file named in the settings: the one beside the settings file if it is there, else the
     * built-in one of that name, else the path beside the settings file (so the error names it).
     */
    public Path resolve(String dataFile) {
        Path onDisk = baseDir.resolve(dataFile);
        if (Files.exists(onDisk)) {
            return onDisk;
        }
        return BuiltInConfig.file(dataFile).orElse(onDisk);
    }
}
