package dev.graphlens.cli;

import dev.graphlens.tls.CaException;
import dev.graphlens.tls.CertificateAuthority;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Shell exports that point this shell's clients at the proxy: eval "$(graphlens env)". */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Print shell exports for the proxy and its CA: eval \"$(graphlens env)\"")
public final class EnvCommand implements Callable<Integer> {

    @Mixin
    CommonOptions.CertsDir certs;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "The proxy's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() {
        try {
            CertificateAuthority ca = certs.loadOrCreate();
            System.out.println(new TrustInstructions(ca, "127.0.0.1", port).env(ca.bundle(CaCommand.SYSTEM_BUNDLE)));
            return 0;
        } catch (CaException | IOException e) {
            System.err.println("graphlens: " + e.getMessage());
            return 3;
        }
    }
}
