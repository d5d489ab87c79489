package org.imgate.server;

import org.imgate.server.config.ImgateConfig;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Checks and prepares {@code data-dir} for the verbs: {@code serve} creates it, {@code verify}
 * and {@code keys export} need an existing one, {@code config check} only reports on it. Every
 * failure names the path and the {@code data-dir} key.
 *
 * <p>Thread-safe: stateless.
 */
public final class DataDirectory {
    private DataDirectory() {
    }

    /** One line on the state of the data directory, for {@code config check}. */
    public static String describe(ImgateConfig config) throws ConfigurationException {
        Path dir = config.dataDir();
        if (!Files.exists(dir)) {
            Path parent = nearestExisting(dir);
            if (parent != null && !Files.isWritable(parent)) {
                throw new ConfigurationException("data-dir " + dir + " does not exist and cannot be created: "
                        + parent + " is not writable");
            }
            return dir + " (does not exist yet; serve creates it)";
        }
        requireWritableDirectory(dir);
        return dir + (Files.isDirectory(config.journalDir()) ? " (journal present)" : " (no journal yet)");
    }

    /**
     * Creates the data directory and its journal/, index/, keys/ and state/ children; keys/ is
     * owner-only because it holds private keys.
     */
    public static void prepare(ImgateConfig config) throws ConfigurationException {
        Path dir = config.dataDir();
        if (Files.exists(dir)) {
            requireWritableDirectory(dir);
        }
        for (Path child : List.of(config.journalDir(), config.indexDir(), config.keysDir(), config.stateDir())) {
            try {
                Files.createDirectories(child);
            } catch (IOException e) {
                throw new ConfigurationException("data-dir " + dir + ": cannot create " + child + ": " + e.getMessage(), e);
            }
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.setPosixFilePermissions(config.keysDir(), PosixFilePermissions.fromString("rwx------"));
            } catch (IOException e) {
                throw new ConfigurationException("cannot restrict " + config.keysDir() + " to its owner: " + e.getMessage(), e);
            }
        }
    }

    /** Fails unless the data directory exists: verbs that read the archive never create an empty one. */
    public static void requireExisting(ImgateConfig config) throws ConfigurationException {
        Path dir = config.dataDir();
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("data-dir " + dir + " does not exist"
                    + " (is data-dir right, and has 'imgate serve' run on this node?)");
        }
    }

    private static void requireWritableDirectory(Path dir) throws ConfigurationException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("data-dir " + dir + " is not a directory");
        }
        if (!Files.isWritable(dir)) {
            throw new ConfigurationException("data-dir " + dir + " is not writable by this user");
        }
    }

    private static Path nearestExisting(Path dir) {
        Path p = dir.getParent();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }
}
