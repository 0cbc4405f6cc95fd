package dev.graphlens.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The root CA that signs GraphLens's per-host certificates: created once per install, or
 * brought by the user (PEM certificate and key, RSA or EC), and never silently replaced.
 */
public final class CertificateAuthority {
    public static final String CERT_FILE = "graphlens-ca.pem";
    public static final String KEY_FILE = "graphlens-ca.key";
    public static final String TRUSTSTORE_FILE = "graphlens-truststore.p12";
    public static final String TRUSTSTORE_PASSWORD = "changeit";
    public static final String BUNDLE_FILE = "graphlens-bundle.pem";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final Path directory;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, Path directory) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.directory = directory;
    }

    /**
     * Loads the CA in {@code dir}, or creates one when the directory holds neither file.
     *
     * @throws CaException when only one of the two files exists, or either cannot be read
     */
    public static CertificateAuthority loadOrCreate(Path dir) throws CaException {
        Path cert = dir.resolve(CERT_FILE);
        Path key = dir.resolve(KEY_FILE);
        boolean hasCert = Files.exists(cert);
        boolean hasKey = Files.exists(key);
        try {
            CertificateAuthority ca;
            if (!hasCert && !hasKey) {
                ca = create(dir);
            } else if (hasCert != hasKey) {
                Path missing = hasCert ? key : cert;
                throw new CaException("the CA in " + dir + " is incomplete: " + missing.getFileName()
                        + " is missing. Restore it, or move " + dir + " aside to let GraphLens create a new CA"
                        + " (clients that trusted the old one must then trust the new one).");
            } else {
                ca = load(dir);
            }
            ca.writeTruststoreIfMissing();
            return ca;
        } catch (IOException | GeneralSecurityException e) {
            throw new CaException("cannot use the CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static CertificateAuthority load(Path dir) throws CaException, IOException, GeneralSecurityException {
        Path certPath = dir.resolve(CERT_FILE);
        Path keyPath = dir.resolve(KEY_FILE);
        X509Certificate cert = readCertificate(certPath);
        PrivateKey key = readPrivateKey(keyPath);
        if (!matches(key, cert.getPublicKey())) {
            throw new CaException(keyPath + " is not the private key of " + certPath
                    + ". Put the matching pair there, or move " + dir + " aside to create a new CA.");
        }
        if (cert.getBasicConstraints() < 0) {
            throw new CaException(certPath + " is not a CA certificate (basicConstraints CA:TRUE is missing).");
        }
        cert.checkValidity();
        return new CertificateAuthority(cert, key, dir);
    }

    private static CertificateAuthority create(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        Instant now = Instant.now();
        String made = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC).format(now);
        X500Name name = new X500Name("CN=GraphLens Root CA " + made + " UTC,O=GraphLens (local development proxy),OU="
                + Long.toHexString(new SecureRandom().nextLong()));
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, randomSerial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            // Key first: a crash between the two writes leaves "key without cert", which load() reports.
            writeAtomically(dir.resolve(KEY_FILE), pem(pair.getPrivate()), true);
            writeAtomically(dir.resolve(CERT_FILE), pem(cert), false);
            return new CertificateAuthority(cert, pair.getPrivate(), dir);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    static BigInteger randomSerial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static X509Certificate readCertificate(Path path) throws IOException, CaException, CertificateException {
        Object parsed = parsePem(path);
        if (!(parsed instanceof X509CertificateHolder holder)) {
            throw new CaException(path + " does not hold a PEM certificate (BEGIN CERTIFICATE).");
        }
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static PrivateKey readPrivateKey(Path path) throws IOException, CaException {
        Object parsed = parsePem(path);
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (parsed instanceof PEMKeyPair pair) {
            return converter.getKeyPair(pair).getPrivate();
        }
        if (parsed instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        throw new CaException(path + " does not hold an unencrypted PEM private key"
                + " (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY).");
    }

    private static Object parsePem(Path path) throws IOException, CaException {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object parsed = parser.readObject();
            if (parsed == null) {
                throw new CaException(path + " is empty or not PEM: it may have been cut short."
                        + " Restore it, or move " + path.getParent() + " aside to create a new CA.");
            }
            return parsed;
        } catch (IOException e) {
            throw new CaException(path + " cannot be parsed (" + e.getMessage() + "): it may be corrupt."
                    + " Restore it, or move " + path.getParent() + " aside to create a new CA.", e);
        }
    }

    private static boolean matches(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
        String alg = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "graphlens-key-check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(alg);
        signer.initSign(key);
        signer.update(probe);
        byte[] sig = signer.sign();
        Signature verifier = Signature.getInstance(alg);
        verifier.initVerify(pub);
        verifier.update(probe);
        try {
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void writeTruststoreIfMissing() throws IOException, GeneralSecurityException {
        Path store = directory.resolve(TRUSTSTORE_FILE);
        if (Files.exists(store)) {
            return;
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        // The JDK's own anchors too: a Java client pointed at this store must still trust the
        // hosts GraphLens only tunnels, whose certificates are the real ones.
        int n = 0;
        for (X509Certificate anchor : jdkTrustAnchors()) {
            ks.setCertificateEntry("jdk-" + n++, anchor);
        }
        ks.setCertificateEntry("graphlens-ca", certificate);
        Path tmp = Files.createTempFile(directory, ".truststore", ".tmp");
        try (var out = Files.newOutputStream(tmp)) {
            ks.store(out, TRUSTSTORE_PASSWORD.toCharArray());
        }
        move(tmp, store);
    }

    private static List<X509Certificate> jdkTrustAnchors() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        List<X509Certificate> anchors = new ArrayList<>();
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                anchors.addAll(List.of(x.getAcceptedIssuers()));
            }
        }
        return anchors;
    }

    /**
     * Writes (once) a PEM bundle of the system's CAs plus this CA, for clients whose CA setting
     * replaces rather than adds (SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE).
     */
    public Path bundle(Path systemBundle) throws IOException {
        Path bundle = directory.resolve(BUNDLE_FILE);
        StringBuilder pem = new StringBuilder();
        if (Files.isReadable(systemBundle)) {
            pem.append(Files.readString(systemBundle, StandardCharsets.US_ASCII).strip()).append('\n');
        }
        pem.append(pem(certificate));
        Path tmp = Files.createTempFile(directory, ".bundle", ".tmp");
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        move(tmp, bundle);
        return bundle;
    }

    private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
        Path dir = target.getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (secret) {
            // Created 0600 from the first byte, never widened later.
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        move(tmp, target);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (Writer w = out; JcaPEMWriter writer = new JcaPEMWriter(w)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public Path certificatePath() {
        return directory.resolve(CERT_FILE);
    }

    public Path keyPath() {
        return directory.resolve(KEY_FILE);
    }

    public Path truststorePath() {
        return directory.resolve(TRUSTSTORE_FILE);
    }

    /** The signature algorithm that fits this CA's key. */
    String signatureAlgorithm() {
        return "EC".equals(privateKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }
}
