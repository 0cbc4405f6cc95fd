package dev.graphlens.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * What both of the proxy's TLS sides share: BoringSSL (netty-tcnative) when its native library
 * loads here, else the JDK's TLS (measured by bench/run.sh: the proxy does four TLS record
 * operations per request, so this matters), and the ALPN offer.
 */
public final class TlsProvider {
    /**
     * ALPN on both sides of the proxy names HTTP/1.1 alone: the relay speaks HTTP/1.1, so a client
     * offering h2 and HTTP/1.1 settles on HTTP/1.1 with GraphLens, and the upstream is never asked for h2.
     */
    public static final ApplicationProtocolConfig HTTP_1_1_ONLY = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_1_1);

    private TlsProvider() {
    }

    public static SslProvider best() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    public static String describe() {
        return OpenSsl.isAvailable() ? "BoringSSL " + OpenSsl.versionString() : "JDK TLS (" + OpenSsl.unavailabilityCause() + ")";
    }
}
