package org.imgate.core;

import java.util.Map;
import java.util.Optional;

/**
 * What imgate knows about the client program behind a session.
 *
 * @param network         the network the client speaks
 * @param family          the client family ({@code "MSN Messenger"}, {@code "Trillian"}, {@code "Gajim"} ...),
 *                        or {@link #UNKNOWN_FAMILY} when the evidence names no known client; never guessed
 * @param version         the client's version as it identified itself, or {@code null} when unknown
 * @param os              the operating system, or {@code null} when unknown
 * @param protocolVersion the negotiated protocol version ({@code "MSNP8"}, {@code "XMPP 1.0"}), or {@code null}
 * @param raw             the identification strings exactly as seen on the wire, by source
 *                        ({@code "CVR"}, {@code "VER"}, {@code "caps"}, {@code "resource"} ...), kept so
 *                        that a reviewer can check the classification; when {@code spoofed}, also the
 *                        contradiction that was found (key {@code "inconsistency"})
 * @param spoofed         true when the evidence contradicts itself (a client claiming one version while
 *                        behaving like another)
 */
public record ClientInfo(
        Network network,
        String family,
        String version,
        String os,
        String protocolVersion,
        Map<String, String> raw,
        boolean spoofed) {

    public static final String UNKNOWN_FAMILY = "unknown";

    public ClientInfo {
        java.util.Objects.requireNonNull(network, "network");
        Checks.notBlank(family, "client family");
        raw = Map.copyOf(raw);
    }

    /** A client nothing is known about yet. */
    public static ClientInfo unknown(Network network) {
        return new ClientInfo(network, UNKNOWN_FAMILY, null, null, null, Map.of(), false);
    }

    public boolean isUnknown() {
        return UNKNOWN_FAMILY.equals(family);
    }

    /** The version parsed for comparison, if the client gave one that starts with a number. */
    public Optional<Version> parsedVersion() {
        if (version == null || version.isBlank() || !Character.isDigit(version.strip().charAt(0))) {
            return Optional.empty();
        }
        return Optional.of(Version.parse(version));
    }
}
