package org.imgate.server.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local host name, the default {@code node-id}. Asks the kernel first because a resolver lookup
 * can hang or fail on hosts whose name is not in DNS or /etc/hosts.
 */
public final class HostName {
    private HostName() {
    }

    /** The host name, or {@code ""} when it cannot be found (the loader then asks for a node-id). */
    public static String local() {
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | SecurityException e) {
            // not Linux, or /proc hidden: fall through to the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }
}
