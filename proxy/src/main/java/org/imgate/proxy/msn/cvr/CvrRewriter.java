package org.imgate.proxy.msn.cvr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.imgate.core.Version;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.identify.CvrFields;
import org.imgate.proxy.msn.identify.KnownClients;

/**
 * Rewrites the server's reply to a client's {@code CVR}:
 * {@code CVR trid <recommended> <recommended> <minimum> <downloadURL> <infoURL>} (msnp.md §2, MSNP8+;
 * the same layout answers the optional CVR of MSNP≤7). The family of the client's own {@code CVR} picks
 * the {@link CvrOverride}; a family without one, a reply of another shape or an error reply passes
 * unchanged, byte for byte. When only the minimum is configured and it is newer than the upstream's
 * recommended version, the recommended version is raised to it: a client must never be told to
 * "upgrade" to a version it may not use. Immutable and thread-safe.
 */
public final class CvrRewriter {

    /** Fields of a CVR reply after the transaction id. */
    private static final int RECOMMENDED = 0;
    private static final int RECOMMENDED_AGAIN = 1;
    private static final int MINIMUM = 2;
    private static final int DOWNLOAD_URL = 3;
    private static final int INFO_URL = 4;

    private final Map<String, CvrOverride> byFamily;

    /** @throws IllegalArgumentException if two overrides name the same family */
    public CvrRewriter(List<CvrOverride> overrides) {
        Map<String, CvrOverride> map = new LinkedHashMap<>();
        for (CvrOverride override : overrides) {
            if (map.put(override.family(), override) != null) {
                throw new IllegalArgumentException("two CVR overrides for client family " + override.family());
            }
        }
        this.byFamily = Map.copyOf(map);
    }

    /** The override that applies to a client that sent {@code clientCvr}. */
    public Optional<CvrOverride> overrideFor(CvrFields clientCvr) {
        return KnownClients.familyOf(clientCvr).map(byFamily::get);
    }

    /**
     * The reply the client gets.
     *
     * @param clientCvr   what the client sent in its own {@code CVR}, or {@code null} when not known
     * @param serverReply the upstream's {@code CVR} reply
     * @return {@code serverReply} itself when nothing changes, else the rewritten command
     */
    public MsnCommand rewrite(CvrFields clientCvr, MsnCommand serverReply) {
        Objects.requireNonNull(serverReply, "serverReply");
        if (clientCvr == null || !"CVR".equals(serverReply.verb()) || serverReply.args().size() < 5) {
            return serverReply;
        }
        Optional<CvrOverride> found = overrideFor(clientCvr);
        if (found.isEmpty()) {
            return serverReply;
        }
        CvrOverride override = found.get();
        List<String> args = new ArrayList<>(serverReply.args());
        String recommended = args.get(RECOMMENDED);
        if (override.recommended() != null) {
            recommended = override.recommended().text();
        } else if (override.minimum() != null && isOlder(recommended, override.minimum())) {
            recommended = override.minimum().text();
        }
        args.set(RECOMMENDED, recommended);
        args.set(RECOMMENDED_AGAIN, recommended);
        if (override.minimum() != null) {
            args.set(MINIMUM, override.minimum().text());
        }
        if (override.downloadUrl() != null) {
            args.set(DOWNLOAD_URL, override.downloadUrl());
        }
        if (override.infoUrl() != null) {
            args.set(INFO_URL, override.infoUrl());
        }
        return args.equals(serverReply.args()) ? serverReply : serverReply.replaceArgs(args);
    }

    /** Whether the upstream's version text is older than {@code other}; unreadable text counts as older. */
    private static boolean isOlder(String text, Version other) {
        try {
            return Version.parse(text).isOlderThan(other);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
