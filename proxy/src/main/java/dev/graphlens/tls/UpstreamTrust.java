package dev.graphlens.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The client-side TLS context GraphLens uses towards upstreams: the JDK's trust plus --upstream-trust files. */
public final class UpstreamTrust {
    private UpstreamTrust() {
    }

    public static SslContext clientContext(List<Path> extraCaFiles) throws GeneralSecurityException, IOException {
        List<X509ExtendedTrustManager> managers = new ArrayList<>();
        managers.add(defaultTrustManager(null));
        if (!extraCaFiles.isEmpty()) {
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            int n = 0;
            for (Path file : extraCaFiles) {
                for (X509Certificate cert : readCertificates(file)) {
                    extra.setCertificateEntry("extra-" + n++, cert);
                }
            }
            managers.add(defaultTrustManager(extra));
        }
        return SslContextBuilder.forClient()
                .trustManager(new CompositeTrustManager(managers))
                .sslProvider(TlsProvider.best())
                .endpointIdentificationAlgorithm("HTTPS")
                .applicationProtocolConfig(TlsProvider.HTTP_1_1_ONLY)
                .build();
    }

    static Collection<X509Certificate> readCertificates(Path file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<X509Certificate> certs = new ArrayList<>();
            try {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    certs.add((X509Certificate) c);
                }
            } catch (CertificateException e) {
                throw new CertificateException(file + " is not a PEM certificate file: " + e.getMessage(), e);
            }
            if (certs.isEmpty()) {
                throw new CertificateException(file + " holds no PEM certificate");
            }
            return certs;
        }
    }

    private static X509ExtendedTrustManager defaultTrustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return Arrays.stream(tmf.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast)
                .findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no X509ExtendedTrustManager available"));
    }

    /**
     * Trusts a chain when any of its managers does. An extended trust manager, so the JDK's own
     * managers check the host name against the engine's endpoint identification; Netty refuses a
     * plain one with endpoint identification on JDKs where it cannot wrap it (JDK 25).
     */
    private static final class CompositeTrustManager extends X509ExtendedTrustManager {
        private final List<X509ExtendedTrustManager> managers;

        CompositeTrustManager(List<X509ExtendedTrustManager> managers) {
            this.managers = List.copyOf(managers);
        }

        private interface Check {
            void run(X509ExtendedTrustManager manager) throws CertificateException;
        }

        private void anyTrusts(Check check) throws CertificateException {
            CertificateException last = null;
            for (X509ExtendedTrustManager m : managers) {
                try {
                    check.run(m);
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            throw last;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            anyTrusts(m -> m.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            anyTrusts(m -> m.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            anyTrusts(m -> m.checkServerTrusted(chain, authType));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("GraphLens does not accept client certificates upstream");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream().flatMap(m -> Arrays.stream(m.getAcceptedIssuers())).toArray(X509Certificate[]::new);
        }
    }
}
