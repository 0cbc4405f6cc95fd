package dev.graphlens.cli;

import dev.graphlens.config.ConfigException;
import dev.graphlens.config.Settings;
import dev.graphlens.tls.CaException;
import dev.graphlens.tls.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options several commands share, declared once and mixed in with picocli's @Mixin. */
final class CommonOptions {
    private CommonOptions() {
    }

    /** --certs-dir: where the root CA lives. */
    static final class CertsDir {
        @Option(names = "--certs-dir", paramLabel = "DIR", defaultValue = Locations.CERTS_DIR,
                description = "Where the root CA lives (default: ${DEFAULT-VALUE}).")
        Path dir;

        CertificateAuthority loadOrCreate() throws CaException {
            return CertificateAuthority.loadOrCreate(dir);
        }
    }

    /** --config: the settings file, and through it the data files. */
    static final class Config {
        @Option(names = "--config", paramLabel = "FILE", defaultValue = Locations.CONFIG_FILE,
                description = "Settings file; it and the data files it names are read from its directory, or where absent"
                        + " from the copy built into the jar (default: ${DEFAULT-VALUE}).")
        Path file;

        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        /** The settings; a default file that is absent means the built-in settings, a --config file that is absent a typo. */
        Settings load() throws ConfigException {
            if (!Files.exists(file) && command.commandLine().getParseResult().hasMatchedOption("--config")) {
                throw new ConfigException(file + ": no such settings file (--config)");
            }
            return Settings.load(file);
        }
    }
}
