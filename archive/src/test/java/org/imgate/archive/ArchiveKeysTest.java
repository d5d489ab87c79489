package org.imgate.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchiveKeysTest {

    @TempDir
    Path keys;

    @Test
    void aNewKeyIsCreatedWithMode600AndItsPublicKeyExported() throws Exception {
        ArchiveKeys k = ArchiveKeys.loadOrCreate(keys, null);
        Path priv = keys.resolve(ArchiveKeys.PRIVATE_KEY_FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
        assertTrue(Files.readString(priv).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(k.publicKeyPem(), Files.readString(k.publicKeyFile()));
        assertArrayEquals(k.publicKey().getEncoded(), ArchiveKeys.readPublicKey(k.publicKeyFile()).getEncoded());
        byte[] msg = "head".getBytes();
        assertTrue(ArchiveKeys.verify(k.publicKey(), msg, k.sign(msg)));
        ArchiveKeys again = ArchiveKeys.loadOrCreate(keys, null);
        assertArrayEquals(k.publicKey().getEncoded(), again.publicKey().getEncoded(), "loaded, not re-created");
    }

    @Test
    void aPassphraseEncryptsTheKey() throws Exception {
        ArchiveKeys k = ArchiveKeys.loadOrCreate(keys, "correct horse".toCharArray());
        String pem = Files.readString(keys.resolve(ArchiveKeys.PRIVATE_KEY_FILE));
        assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), pem);
        ArchiveKeys loaded = ArchiveKeys.loadOrCreate(keys, "correct horse".toCharArray());
        assertArrayEquals(k.publicKey().getEncoded(), loaded.publicKey().getEncoded());
        byte[] msg = "x".getBytes();
        assertTrue(ArchiveKeys.verify(k.publicKey(), msg, loaded.sign(msg)));
    }

    @Test
    void aWrongPassphraseNamesTheFile() throws Exception {
        ArchiveKeys.loadOrCreate(keys, "right".toCharArray());
        Path priv = keys.resolve(ArchiveKeys.PRIVATE_KEY_FILE);
        JournalException e = assertThrows(JournalException.class,
                () -> ArchiveKeys.loadOrCreate(keys, "wrong".toCharArray()));
        assertTrue(e.getMessage().contains(priv.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
        JournalException missing = assertThrows(JournalException.class, () -> ArchiveKeys.loadOrCreate(keys, null));
        assertTrue(missing.getMessage().contains(priv + " is encrypted"), missing.getMessage());
    }

    @Test
    void aJournalWithAWrongPassphraseDoesNotOpen(@TempDir Path data) throws Exception {
        Journal.open(new JournalSettings(data, Journals.NODE, null, null, "one".toCharArray())).close();
        JournalException e = assertThrows(JournalException.class,
                () -> Journal.open(new JournalSettings(data, Journals.NODE, null, null, "two".toCharArray())));
        assertTrue(e.getMessage().contains(ArchiveKeys.PRIVATE_KEY_FILE), e.getMessage());
        Journal.open(new JournalSettings(data, Journals.NODE, null, null, "one".toCharArray())).close();
    }

    @Test
    void aSwappedPublicKeyFileIsRefused(@TempDir Path otherKeys) throws Exception {
        ArchiveKeys.loadOrCreate(keys, null);
        ArchiveKeys other = ArchiveKeys.loadOrCreate(otherKeys, null);
        Files.writeString(keys.resolve(ArchiveKeys.PUBLIC_KEY_FILE), other.publicKeyPem());
        JournalException e = assertThrows(JournalException.class, () -> ArchiveKeys.loadOrCreate(keys, null));
        assertTrue(e.getMessage().contains(keys.resolve(ArchiveKeys.PUBLIC_KEY_FILE).toString()), e.getMessage());
    }

    @Test
    void aDamagedKeyFileNamesTheFile() throws Exception {
        Files.createDirectories(keys);
        Files.writeString(keys.resolve(ArchiveKeys.PRIVATE_KEY_FILE), "garbage\n");
        JournalException e = assertThrows(JournalException.class, () -> ArchiveKeys.loadOrCreate(keys, null));
        assertTrue(e.getMessage().contains(keys.resolve(ArchiveKeys.PRIVATE_KEY_FILE).toString()), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
