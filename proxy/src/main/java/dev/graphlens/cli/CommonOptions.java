package dev.graphlens.cli;

import dev.graphlens.config.ConfigException;
import dev.graphlens.config.Settings;
import dev.graphlens.tls.CaException;
import dev.graphlens.tls.CertificateAuthority;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options several commands share, declared once and mixed in with picocli's @Mixin. */
final class CommonOptions {
    private CommonOptions() {
    }

    /** --certs-dir: where the root CA lives. */
    static final class CertsDir {
        @Option(names = "--certs-dir", defaultValue = "${sys:graphlens.home:-.}/certs",
                description = "Where the root CA lives (default: ${DEFAULT-VALUE}).")
        Path dir;

        CertificateAuthority loadOrCreate() throws CaException {
            return CertificateAuthority.loadOrCreate(dir);
        }
    }

    /** --config: the settings file, and through it the data files. */
    static final class Config {
        @Option(names = "--config", defaultValue = "${sys:graphlens.home:-.}/config/graphlens.json",
                description = "Settings file (default: ${DEFAULT-VALUE}).")
        Path file;

        Settings load() throws ConfigException {
            return Settings.load(file);
        }
    }
}
