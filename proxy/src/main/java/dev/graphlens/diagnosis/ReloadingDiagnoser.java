package dev.graphlens.diagnosis;

import dev.graphlens.config.ConfigException;
import dev.graphlens.config.Settings;
import dev.graphlens.exchange.Diagnoser;
import dev.graphlens.exchange.Headers;
import dev.graphlens.exchange.RequestFacts;
import dev.graphlens.exchange.ResponseFacts;
import dev.graphlens.exchange.UpstreamFailure;
import dev.graphlens.exchange.Verdict;
import dev.graphlens.permissions.PermissionCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The engine of the data files as they are now. rules.json, aadsts.json and the permission
 * catalogs are looked at every few seconds and the engine is rebuilt when one of them changed,
 * so a user writing a rule sees it decide the next exchange without restarting the proxy. A file
 * that no longer validates leaves the last good engine in place, and the reason is said once.
 */
public final class ReloadingDiagnoser implements Diagnoser, AutoCloseable {
    private final Settings settings;
    private final Clock clock;
    private final Consumer<String> say;
    private final List<Path> files;
    private final ScheduledExecutorService watcher;
    private volatile DiagnosisEngine engine;
    /** Only the watcher thread (or a test calling {@link #reloadIfChanged()}) touches this. */
    private Map<Path, Stamp> stamps;

    /** Size as well as time: an editor's two writes can fall in one tick of the file system's clock. */
    private record Stamp(FileTime modified, long size) {
    }

    private ReloadingDiagnoser(Settings settings, Clock clock, Consumer<String> say, ScheduledExecutorService watcher)
            throws ConfigException {
        this.settings = settings;
        this.clock = clock;
        this.say = say;
        this.watcher = watcher;
        this.files = Knowledge.dataFiles(settings);
        this.stamps = stamps();
        this.engine = Knowledge.engine(settings, clock);
    }

    /** Loads the data files now (a bad file is a start-up error, as always) and then watches them. */
    public static ReloadingDiagnoser start(Settings settings, Clock clock, Duration every, Consumer<String> say) throws ConfigException {
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "graphlens-rules-watch");
            t.setDaemon(true);
            return t;
        });
        try {
            ReloadingDiagnoser d = new ReloadingDiagnoser(settings, clock, say, watcher);
            watcher.scheduleWithFixedDelay(d::reloadIfChanged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
            return d;
        } catch (ConfigException | RuntimeException e) {
            watcher.shutdownNow();
            throw e;
        }
    }

    /** Rebuilds the engine if a watched file changed since the last look; true when it did and the files validated. */
    boolean reloadIfChanged() {
        Map<Path, Stamp> now = stamps();
        if (now.equals(stamps)) {
            return false;
        }
        List<String> changed = files.stream().filter(f -> !now.get(f).equals(stamps.get(f))).map(f -> f.getFileName().toString()).toList();
        stamps = now;
        try {
            engine = Knowledge.engine(settings, clock);
            say.accept("graphlens: reloaded after a change to " + String.join(", ", changed) + " (" + engine.ruleCount() + " rules)");
            return true;
        } catch (ConfigException | RuntimeException e) {
            say.accept("graphlens: " + e.getMessage() + " (still using the rules and data loaded before)");
            return false;
        }
    }

    private Map<Path, Stamp> stamps() {
        Map<Path, Stamp> out = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                out.put(f, new Stamp(Files.getLastModifiedTime(f), Files.size(f)));
            } catch (IOException missing) {
                out.put(f, new Stamp(FileTime.fromMillis(0), -1));
            }
        }
        return out;
    }

    /** The permission catalog of the data as loaded last. */
    public PermissionCatalog permissions() {
        return engine.permissions();
    }

    @Override
    public int requestBodyToInspect(RequestFacts request) {
        return engine.requestBodyToInspect(request);
    }

    @Override
    public boolean wantsReadableEncoding(RequestFacts request) {
        return engine.wantsReadableEncoding(request);
    }

    @Override
    public boolean wantsResponseBody(RequestFacts request, int status, Headers responseHeaders) {
        return engine.wantsResponseBody(request, status, responseHeaders);
    }

    @Override
    public Optional<Verdict> diagnose(RequestFacts request, ResponseFacts response) {
        return engine.diagnose(request, response);
    }

    @Override
    public Verdict upstreamFailure(RequestFacts request, UpstreamFailure failure) {
        return engine.upstreamFailure(request, failure);
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
