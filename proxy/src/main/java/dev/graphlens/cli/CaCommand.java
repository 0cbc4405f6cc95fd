package dev.graphlens.cli;

import dev.graphlens.tls.CaException;
import dev.graphlens.tls.CertificateAuthority;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints where the CA is (creating it if needed) and how each client trusts it. */
@Command(name = "ca", aliases = "trust", mixinStandardHelpOptions = true,
        description = "Show the root CA's files and how to trust them (creates the CA on first use).")
public final class CaCommand implements Callable<Integer> {

    @Option(names = "--certs-dir", defaultValue = "${sys:graphlens.home:-.}/certs", description = "Where the root CA lives (default: ${DEFAULT-VALUE}).")
    Path certsDir;

    @Option(names = "--port", defaultValue = "8080", description = "The port the proxy runs on, for the printed lines.")
    int port;

    @Override
    public Integer call() {
        try {
            CertificateAuthority ca = CertificateAuthority.loadOrCreate(certsDir);
            TrustInstructions t = new TrustInstructions(ca, "127.0.0.1:" + port);
            System.out.println("certificate: " + ca.certificatePath().toAbsolutePath());
            System.out.println("key:         " + ca.keyPath().toAbsolutePath() + " (mode 0600; never share it)");
            System.out.println("truststore:  " + ca.truststorePath().toAbsolutePath() + " (PKCS12, password "
                    + CertificateAuthority.TRUSTSTORE_PASSWORD + ")");
            System.out.println("subject:     " + ca.certificate().getSubjectX500Principal().getName());
            System.out.println();
            System.out.println("curl:    " + t.curl());
            System.out.println("Java:    " + t.java());
            System.out.println("Node:    " + t.node());
            System.out.println("Python:  " + t.python());
            System.out.println("Debian/Ubuntu system trust (as root): cp " + ca.certificatePath().toAbsolutePath()
                    + " /usr/local/share/ca-certificates/graphlens.crt && update-ca-certificates");
            return 0;
        } catch (CaException e) {
            System.err.println("graphlens: " + e.getMessage());
            return 3;
        }
    }
}
