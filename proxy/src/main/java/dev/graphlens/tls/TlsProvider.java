package dev.graphlens.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * BoringSSL (netty-tcnative) when its native library loads here, else the JDK's TLS. Measured
 * by bench/run.sh: the proxy does four TLS record operations per request, so this matters.
 */
public final class TlsProvider {
    private TlsProvider() {
    }

    public static SslProvider best() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    public static String describe() {
        return OpenSsl.isAvailable() ? "BoringSSL " + OpenSsl.versionString() : "JDK TLS (" + OpenSsl.unavailabilityCause() + ")";
    }
}
