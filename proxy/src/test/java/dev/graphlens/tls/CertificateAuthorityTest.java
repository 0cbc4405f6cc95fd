package dev.graphlens.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path dir;

    @Test
    void createdOnceThenReusedAcrossRestarts() throws Exception {
        CertificateAuthority first = CertificateAuthority.loadOrCreate(dir);
        CertificateAuthority second = CertificateAuthority.loadOrCreate(dir);
        assertEquals(first.certificate(), second.certificate());
        assertTrue(first.certificate().getSubjectX500Principal().getName().contains("GraphLens Root CA"));
    }

    @Test
    void eachInstallGetsItsOwnCa() throws Exception {
        CertificateAuthority a = CertificateAuthority.loadOrCreate(dir.resolve("a"));
        CertificateAuthority b = CertificateAuthority.loadOrCreate(dir.resolve("b"));
        assertNotEquals(a.certificate().getPublicKey(), b.certificate().getPublicKey());
        assertNotEquals(a.certificate().getSubjectX500Principal(), b.certificate().getSubjectX500Principal());
    }

    @Test
    void keyFileIsOwnerReadWriteOnly() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.keyPath())));
    }

    @Test
    void javaTruststoreHoldsTheCa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(ca.truststorePath())) {
            ks.load(in, CertificateAuthority.TRUSTSTORE_PASSWORD.toCharArray());
        }
        assertEquals(ca.certificate(), ks.getCertificate("graphlens-ca"));
    }

    @Test
    void missingKeyIsReportedNotReplaced() throws Exception {
        CertificateAuthority.loadOrCreate(dir);
        Files.delete(dir.resolve(CertificateAuthority.KEY_FILE));
        String before = Files.readString(dir.resolve(CertificateAuthority.CERT_FILE));
        CaException e = assertThrows(CaException.class, () -> CertificateAuthority.loadOrCreate(dir));
        assertTrue(e.getMessage().contains("graphlens-ca.key is missing"), e.getMessage());
        assertEquals(before, Files.readString(dir.resolve(CertificateAuthority.CERT_FILE)));
    }

    @Test
    void truncatedCertificateIsReported() throws Exception {
        CertificateAuthority.loadOrCreate(dir);
        Path cert = dir.resolve(CertificateAuthority.CERT_FILE);
        String pem = Files.readString(cert);
        Files.writeString(cert, pem.substring(0, pem.length() / 2));
        CaException e = assertThrows(CaException.class, () -> CertificateAuthority.loadOrCreate(dir));
        assertTrue(e.getMessage().contains("graphlens-ca.pem"), e.getMessage());
    }

    @Test
    void keyOfAnotherCaIsReported() throws Exception {
        CertificateAuthority.loadOrCreate(dir.resolve("one"));
        CertificateAuthority.loadOrCreate(dir.resolve("two"));
        Files.copy(dir.resolve("two").resolve(CertificateAuthority.KEY_FILE), dir.resolve("one").resolve(CertificateAuthority.KEY_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CaException e = assertThrows(CaException.class, () -> CertificateAuthority.loadOrCreate(dir.resolve("one")));
        assertTrue(e.getMessage().contains("is not the private key"), e.getMessage());
    }

    @Test
    void ownRsaCaMadeWithOpensslWorks() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "graphlens-ca.key", "-out", "graphlens-ca.pem",
                "-days", "30", "-subj", "/CN=Team RSA CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        assertIssuesVerifiableLeaf("Team RSA CA");
    }

    @Test
    void ownEcCaMadeWithOpensslWorks() throws Exception {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "graphlens-ca.key");
        openssl("req", "-x509", "-new", "-key", "graphlens-ca.key", "-out", "graphlens-ca.pem", "-days", "30",
                "-subj", "/CN=Team EC CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        assertIssuesVerifiableLeaf("Team EC CA");
    }

    @Test
    void leafSerialsAreUniqueAndValidityIsBrowserAcceptable() throws Exception {
        LeafCertificates leaves = new LeafCertificates(CertificateAuthority.loadOrCreate(dir));
        Set<BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            X509Certificate leaf = leaves.issue("graph.microsoft.com");
            assertTrue(serials.add(leaf.getSerialNumber()));
            long days = (leaf.getNotAfter().getTime() - leaf.getNotBefore().getTime()) / 86_400_000L;
            assertTrue(days <= 398, "validity " + days + " days");
        }
    }

    @Test
    void serverContextsAreCachedPerHost() throws Exception {
        LeafCertificates leaves = new LeafCertificates(CertificateAuthority.loadOrCreate(dir));
        assertTrue(leaves.serverContext("graph.microsoft.com") == leaves.serverContext("GRAPH.microsoft.com"));
    }

    private void assertIssuesVerifiableLeaf(String caName) throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir);
        assertTrue(ca.certificate().getSubjectX500Principal().getName().contains(caName));
        X509Certificate leaf = new LeafCertificates(ca).issue("graph.microsoft.com");
        leaf.verify(ca.certificate().getPublicKey());
        Files.writeString(dir.resolve("leaf.pem"), CertificateAuthority.pem(leaf));
        openssl("verify", "-purpose", "sslserver", "-CAfile", "graphlens-ca.pem", "leaf.pem");
        assertTrue(Files.exists(ca.truststorePath()));
    }

    private void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }
}
