package org.imgate.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IT staff create or import the enterprise CA and export its certificate for the desktops. */
class CaVerbsTest {
    @TempDir
    Path dir;

    private TestInstallation installation;

    @BeforeEach
    void install() throws IOException {
        installation = new TestInstallation(dir, "", TestInstallation.MINIMAL_POLICY);
    }

    private TestInstallation.Run run(Path workingDir, String... args) {
        return installation.runFrom(workingDir, args);
    }

    @Test
    void initCreatesAnOwnerOnlyKeyAndExportPrintsTheCertificate() throws Exception {
        TestInstallation.Run init = run(dir, "ca", "init", "--name", "Example Corp IM CA");
        assertEquals(0, init.code(), init.err());
        assertTrue(init.out().startsWith("created CA ") && init.out().contains("CN=Example Corp IM CA, valid until "), init.out());
        assertTrue(init.out().contains("SHA-256 fingerprint "), init.out());
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(dir.resolve("data/keys/ca-key.pem")));

        TestInstallation.Run export = run(dir, "ca", "export");
        assertEquals(0, export.code(), export.err());
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(export.out().getBytes(StandardCharsets.US_ASCII)));
        assertTrue(cert.getSubjectX500Principal().getName().contains("CN=Example Corp IM CA"));
        assertTrue(cert.getBasicConstraints() >= 0, "it is a CA certificate");

        TestInstallation.Run again = run(dir, "ca", "init");
        assertEquals(2, again.code(), "an existing CA is never replaced silently");
        assertTrue(again.err().contains("ca"), again.err());
    }

    @Test
    void importTakesAnotherNodesCaAndRefusesMissingFiles() throws Exception {
        Path other = dir.resolve("other");
        Files.createDirectories(other.resolve("conf"));
        Files.copy(dir.resolve("conf/imgate.yaml"), other.resolve("conf/imgate.yaml"));
        Files.copy(dir.resolve("conf/policy.yaml"), other.resolve("conf/policy.yaml"));
        assertEquals(0, run(other, "ca", "init", "--name", "Shared CA").code());
        Path pem = dir.resolve("shared-ca.pem");
        Files.writeString(pem, Files.readString(other.resolve("data/keys/ca.pem"))
                + Files.readString(other.resolve("data/keys/ca-key.pem")));

        TestInstallation.Run imported = run(dir, "ca", "import", "shared-ca.pem");
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().startsWith("imported CA ") && imported.out().contains("CN=Shared CA"), imported.out());
        assertEquals(run(other, "ca", "export").out(), run(dir, "ca", "export").out());

        TestInstallation.Run missing = run(dir, "ca", "import", "nope.p12");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.p12: no such file"), missing.err());
    }

    @Test
    void exportWithoutACaSaysSo() {
        TestInstallation.Run export = run(dir, "ca", "export");
        assertEquals(2, export.code());
        assertTrue(export.err().contains(dir.resolve("data/keys").toString()), export.err());
    }
}
