package dev.graphlens.diagnosis;

import dev.graphlens.config.ConfigException;
import dev.graphlens.config.Settings;
import dev.graphlens.permissions.CatalogLoader;
import dev.graphlens.permissions.DirectoryRoles;
import dev.graphlens.permissions.PermissionCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Loads and validates the data the engine runs on (rules, AADSTS table, permission catalogs, directory roles). */
public final class Knowledge {
    private Knowledge() {
    }

    public static DiagnosisEngine engine(Settings settings, Clock clock) throws ConfigException {
        RuleSet rules = RuleSet.load(existing(settings.resolve(settings.rules()), "rules"));
        AadstsCatalog aadsts = AadstsCatalog.load(existing(settings.resolve(settings.aadsts()), "aadsts"));
        PermissionCatalog permissions = permissions(settings);
        DirectoryRoles roles = roles(settings, permissions);
        return new DiagnosisEngine(rules, aadsts, permissions, roles, clock, Duration.ofSeconds(settings.clockSkewSeconds()));
    }

    /** Every listed catalog, later ones merged over earlier ones (so Microsoft's file can refine the default). */
    public static PermissionCatalog permissions(Settings settings) throws ConfigException {
        PermissionCatalog catalog = new PermissionCatalog(List.of());
        List<String> files = new ArrayList<>(settings.permissions());
        for (String file : files) {
            catalog = catalog.mergedWith(CatalogLoader.load(existing(settings.resolve(file), "permissions")));
        }
        return catalog;
    }

    /** The directory roles file, its endpoints checked against {@code catalog}. */
    public static DirectoryRoles roles(Settings settings, PermissionCatalog catalog) throws ConfigException {
        return DirectoryRoles.load(existing(settings.resolve(settings.roles()), "roles"), catalog);
    }

    /** The data files the engine is built from: rules, AADSTS table, each catalog in merge order, then the roles. */
    public static List<Path> dataFiles(Settings settings) {
        List<Path> files = new ArrayList<>(List.of(settings.resolve(settings.rules()), settings.resolve(settings.aadsts())));
        settings.permissions().forEach(p -> files.add(settings.resolve(p)));
        files.add(settings.resolve(settings.roles()));
        return List.copyOf(files);
    }

    /** The facts rules may test, with their meaning, under the label of the group each belongs to. */
    public static Map<String, Map<String, String>> factsByGroup() {
        return Collections.unmodifiableMap(FactSheet.BY_GROUP);
    }

    private static Path existing(Path file, String setting) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + " does not exist: fix \"" + setting + "\" in the settings file, or restore the file");
        }
        return file;
    }
}
