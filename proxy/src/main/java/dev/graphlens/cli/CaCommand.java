package dev.graphlens.cli;

import dev.graphlens.tls.CaException;
import dev.graphlens.tls.CertificateAuthority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shows the CA (creating it if needed) and how every common client trusts it; can install it system-wide. */
@Command(name = "trust", aliases = "ca", mixinStandardHelpOptions = true,
        description = "Show the root CA's files and, for each runtime, how to trust it and use the proxy.")
public final class CaCommand implements Callable<Integer> {
    static final Path SYSTEM_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");
    static final Path DEBIAN_CA_DIR = Path.of("/usr/local/share/ca-certificates");

    @Mixin
    CommonOptions.CertsDir certs;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "The proxy's port, for the printed lines (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--install-system", description = "Add the CA to the Debian/Ubuntu system trust store (needs root). Only when asked (default: off).")
    boolean installSystem;

    @Option(names = "--ca-store-dir", defaultValue = "/usr/local/share/ca-certificates", hidden = true)
    Path caStoreDir;

    @Override
    public Integer call() {
        CertificateAuthority ca;
        try {
            ca = certs.loadOrCreate();
            ca.bundle(SYSTEM_BUNDLE);
        } catch (CaException | IOException e) {
            System.err.println("graphlens: " + e.getMessage());
            return 3;
        }
        TrustInstructions t = new TrustInstructions(ca, "127.0.0.1", port);
        System.out.println("certificate: " + ca.certificatePath().toAbsolutePath());
        System.out.println("key:         " + ca.keyPath().toAbsolutePath() + " (mode 0600; never share it)");
        System.out.println("truststore:  " + ca.truststorePath().toAbsolutePath() + " (PKCS12, password "
                + CertificateAuthority.TRUSTSTORE_PASSWORD + "; the JDK's CAs plus GraphLens's)");
        System.out.println("bundle:      " + ca.certificatePath().toAbsolutePath().resolveSibling(CertificateAuthority.BUNDLE_FILE)
                + " (the system's CAs plus GraphLens's)");
        System.out.println("subject:     " + ca.certificate().getSubjectX500Principal().getName());
        System.out.println();
        System.out.println("curl:        " + t.curl());
        System.out.println("Java:        " + t.java());
        System.out.println("Node:        " + t.node());
        System.out.println("Python:      " + t.python());
        System.out.println(".NET:        " + t.dotnet());
        System.out.println("PowerShell:  " + t.powershell());
        System.out.println("Debian/Ubuntu system trust: " + t.debianSystem());
        System.out.println("All at once in a shell:     eval \"$(" + Locations.command() + " env)\"");
        return installSystem ? install(ca) : 0;
    }

    private int install(CertificateAuthority ca) {
        Path target = caStoreDir.resolve("graphlens.crt");
        try {
            Files.createDirectories(caStoreDir);
            Files.copy(ca.certificatePath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("graphlens: cannot write " + target + " (" + e.getMessage() + "): run as root, e.g. sudo " + Locations.command() + " trust --install-system");
            return 4;
        }
        System.out.println("installed:   " + target);
        if (!caStoreDir.equals(DEBIAN_CA_DIR)) {
            return 0;
        }
        try {
            Process p = new ProcessBuilder("update-ca-certificates").inheritIO().start();
            int exit = p.waitFor();
            if (exit != 0) {
                System.err.println("graphlens: update-ca-certificates failed (exit " + exit + ")");
            }
            return exit == 0 ? 0 : 4;
        } catch (IOException e) {
            System.err.println("graphlens: update-ca-certificates not found: install the ca-certificates package");
            return 4;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 4;
        }
    }
}
