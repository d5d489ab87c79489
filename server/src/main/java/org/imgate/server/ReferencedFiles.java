package org.imgate.server;

import org.imgate.server.config.ImgateConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks that the files the configuration names ({@code policy.file}, {@code xmpp.upstream-trust})
 * exist and are readable, so that {@code config check} and {@code serve} stop with the key to fix
 * instead of failing later inside a module.
 *
 * <p>Thread-safe: stateless.
 */
public final class ReferencedFiles {
    private ReferencedFiles() {
    }

    /**
     * @param configFile the configuration file as the operator named it, for the message
     * @throws ConfigurationException naming the configuration file, the key and the missing path
     */
    public static void check(ImgateConfig config, Path configFile) throws ConfigurationException {
        requireReadable(configFile, "policy.file", config.policy().file());
        List<Path> trust = config.xmpp().upstreamTrust();
        for (int i = 0; i < trust.size(); i++) {
            requireReadable(configFile, "xmpp.upstream-trust[" + i + "]", trust.get(i));
        }
    }

    private static void requireReadable(Path configFile, String key, Path file) throws ConfigurationException {
        String problem = !Files.exists(file) ? " does not exist"
                : !Files.isRegularFile(file) ? " is not a file"
                : !Files.isReadable(file) ? " is not readable by this user"
                : null;
        if (problem != null) {
            throw new ConfigurationException(configFile + ": " + key + ": " + file + problem);
        }
    }
}
