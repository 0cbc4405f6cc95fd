package dev.graphlens.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.NetUtil;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Per-host server certificates signed by the root CA, issued on first use and cached as ready
 * Netty {@link SslContext}s. One EC key pair serves every host, so issuing costs one signature.
 */
public final class LeafCertificates {
    /** Below the 398 days that browsers and Apple's TLS stack accept for a leaf. */
    private static final Duration VALIDITY = Duration.ofDays(397);

    private final CertificateAuthority ca;
    private final KeyPair leafKey;
    private final ConcurrentMap<String, SslContext> contexts = new ConcurrentHashMap<>();

    public LeafCertificates(CertificateAuthority ca) throws GeneralSecurityException {
        this.ca = ca;
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        this.leafKey = gen.generateKeyPair();
    }

    /** A server context for {@code host}, offering only HTTP/1.1 over ALPN so HTTP/2 clients fall back. */
    public SslContext serverContext(String host) {
        return contexts.computeIfAbsent(host.toLowerCase(Locale.ROOT), this::newContext);
    }

    private SslContext newContext(String host) {
        try {
            X509Certificate leaf = issue(host);
            return SslContextBuilder.forServer(leafKey.getPrivate(), leaf, ca.certificate())
                    .sslProvider(TlsProvider.best())
                    .applicationProtocolConfig(TlsProvider.HTTP_1_1_ONLY)
                    .build();
        } catch (GeneralSecurityException | SSLException e) {
            throw new IllegalStateException("cannot issue a certificate for " + host + ": " + e.getMessage(), e);
        }
    }

    /** Issues a certificate for {@code host} (a DNS name or an IP literal). */
    public X509Certificate issue(String host) throws GeneralSecurityException {
        Instant now = Instant.now();
        Instant notAfter = now.plus(VALIDITY);
        Instant caEnd = ca.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caEnd)) {
            notAfter = caEnd;
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, host)
                .addRDN(BCStyle.O, "GraphLens (local development proxy)")
                .build();
        GeneralName san = NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)
                ? new GeneralName(GeneralName.iPAddress, host)
                : new GeneralName(GeneralName.dNSName, host);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            var holder = new JcaX509v3CertificateBuilder(new JcaX509CertificateHolder(ca.certificate()).getSubject(),
                    CertificateAuthority.randomSerial(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(notAfter), subject, leafKey.getPublic())
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(leafKey.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(ca.certificate()))
                    .build(new JcaContentSignerBuilder(ca.signatureAlgorithm()).build(ca.privateKey()));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException | CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
