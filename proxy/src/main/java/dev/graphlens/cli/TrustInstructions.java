package dev.graphlens.cli;

import dev.graphlens.tls.CertificateAuthority;
import java.io.PrintStream;
import java.nio.file.Path;

/** Ready-to-copy lines that point common clients at the proxy and make them trust its CA. */
final class TrustInstructions {
    private final CertificateAuthority ca;
    private final String host;
    private final int port;
    private final String proxy;

    TrustInstructions(CertificateAuthority ca, String host, int port) {
        this.ca = ca;
        this.host = host;
        this.port = port;
        this.proxy = "http://" + host + ":" + port;
    }

    void printStartup(PrintStream out, Path logFile) {
        out.println("GraphLens CA certificate: " + ca.certificatePath().toAbsolutePath()
                + " (Java truststore: " + ca.truststorePath().toAbsolutePath() + ", password "
                + CertificateAuthority.TRUSTSTORE_PASSWORD + ")");
        out.println("  curl:   " + curl());
        out.println("  Java:   " + java());
        out.println("  Node:   " + node());
        out.println("  Python: " + python());
        out.println("Diagnoses are logged to " + logFile.toAbsolutePath() + " (tail -f it)");
        String graphlens = Locations.command();
        out.println("Next: eval \"$(" + graphlens + " env)\" (set up this shell) | " + graphlens + " explain \"$TOKEN\" | " + graphlens + " report");
    }

    /** Shell exports for eval: proxy, CA bundle for clients that replace their trust, and Node/Java settings. */
    String env(Path bundle) {
        return String.join("\n",
                "export HTTPS_PROXY=" + proxy,
                "export https_proxy=" + proxy,
                "export NO_PROXY=localhost,127.0.0.1,::1",
                "export SSL_CERT_FILE=" + bundle.toAbsolutePath(),
                "export REQUESTS_CA_BUNDLE=" + bundle.toAbsolutePath(),
                "export CURL_CA_BUNDLE=" + bundle.toAbsolutePath(),
                "export NODE_EXTRA_CA_CERTS=" + ca.certificatePath().toAbsolutePath(),
                "export JAVA_TOOL_OPTIONS=\"-Dhttps.proxyHost=" + host + " -Dhttps.proxyPort=" + port
                        + " -Djavax.net.ssl.trustStore=" + ca.truststorePath().toAbsolutePath()
                        + " -Djavax.net.ssl.trustStorePassword=" + CertificateAuthority.TRUSTSTORE_PASSWORD + "\"");
    }

    String curl() {
        return "curl -x " + proxy + " --cacert " + ca.certificatePath().toAbsolutePath()
                + " https://graph.microsoft.com/v1.0/me -H \"Authorization: Bearer $TOKEN\"";
    }

    String java() {
        return "java -Dhttps.proxyHost=" + host + " -Dhttps.proxyPort=" + port
                + " -Djavax.net.ssl.trustStore=" + ca.truststorePath().toAbsolutePath()
                + " -Djavax.net.ssl.trustStorePassword=" + CertificateAuthority.TRUSTSTORE_PASSWORD + " ...";
    }

    String node() {
        return "HTTPS_PROXY=" + proxy + " NODE_EXTRA_CA_CERTS=" + ca.certificatePath().toAbsolutePath()
                + " node app.js   (fetch() ignores HTTPS_PROXY: use an agent such as undici's EnvHttpProxyAgent)";
    }

    String dotnet() {
        return "HTTPS_PROXY=" + proxy + " SSL_CERT_FILE=" + bundleHint() + " dotnet run   (.NET on Linux reads SSL_CERT_FILE;"
                + " or add the CA to the system store below)";
    }

    String powershell() {
        return "$env:HTTPS_PROXY=\"" + proxy + "\"; Import-Certificate -FilePath " + ca.certificatePath().toAbsolutePath()
                + " -CertStoreLocation Cert:\\CurrentUser\\Root   (Windows; on Linux use SSL_CERT_FILE)";
    }

    String debianSystem() {
        return "sudo cp " + ca.certificatePath().toAbsolutePath() + " /usr/local/share/ca-certificates/graphlens.crt"
                + " && sudo update-ca-certificates   (or: graphlens trust --install-system)";
    }

    private String bundleHint() {
        return ca.certificatePath().toAbsolutePath().getParent().resolve(CertificateAuthority.BUNDLE_FILE).toString();
    }

    String python() {
        return "HTTPS_PROXY=" + proxy + " REQUESTS_CA_BUNDLE=" + bundleHint() + " SSL_CERT_FILE=" + bundleHint()
                + " python app.py   (the bundle is the system CAs plus GraphLens's, so tunnelled hosts still verify)";
    }
}
