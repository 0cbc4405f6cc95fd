package dev.graphlens.cli;

import dev.graphlens.tls.CertificateAuthority;
import java.io.PrintStream;
import java.nio.file.Path;

/** Ready-to-copy lines that point common clients at the proxy and make them trust its CA. */
final class TrustInstructions {
    private final CertificateAuthority ca;
    private final String proxy;

    TrustInstructions(CertificateAuthority ca, String hostPort) {
        this.ca = ca;
        this.proxy = "http://" + hostPort;
    }

    void printStartup(PrintStream out, Path logFile) {
        out.println("GraphLens CA certificate: " + ca.certificatePath().toAbsolutePath()
                + " (Java truststore: " + ca.truststorePath().toAbsolutePath() + ", password "
                + CertificateAuthority.TRUSTSTORE_PASSWORD + ")");
        out.println("  curl:   " + curl());
        out.println("  Java:   " + java());
        out.println("  Node:   " + node());
        out.println("  Python: " + python());
        out.println("Diagnoses are logged to " + logFile.toAbsolutePath() + "  (tail -f it); more: graphlens ca, graphlens explain");
    }

    String curl() {
        return "curl -x " + proxy + " --cacert " + ca.certificatePath().toAbsolutePath()
                + " https://graph.microsoft.com/v1.0/me -H \"Authorization: Bearer $TOKEN\"";
    }

    String java() {
        String hostPort = proxy.substring("http://".length());
        int colon = hostPort.lastIndexOf(':');
        return "java -Dhttps.proxyHost=" + hostPort.substring(0, colon) + " -Dhttps.proxyPort=" + hostPort.substring(colon + 1)
                + " -Djavax.net.ssl.trustStore=" + ca.truststorePath().toAbsolutePath()
                + " -Djavax.net.ssl.trustStorePassword=" + CertificateAuthority.TRUSTSTORE_PASSWORD + " ...";
    }

    String node() {
        return "HTTPS_PROXY=" + proxy + " NODE_EXTRA_CA_CERTS=" + ca.certificatePath().toAbsolutePath()
                + " node app.js   (fetch() ignores HTTPS_PROXY: use an agent such as undici's EnvHttpProxyAgent)";
    }

    String python() {
        return "HTTPS_PROXY=" + proxy + " REQUESTS_CA_BUNDLE=" + ca.certificatePath().toAbsolutePath()
                + " SSL_CERT_FILE=" + ca.certificatePath().toAbsolutePath() + " python app.py";
    }
}
