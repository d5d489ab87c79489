package org.imgate.proxy.msn.identify;

import java.util.List;
import java.util.Objects;

/**
 * The fields of a client's {@code CVR}:
 * {@code CVR trid <LCID> <osType> <osVer> <arch> <libraryName> <clientVer> <clientName> [<email>]}
 * (msnp.md §2; MSNP8+ sends the email and sends CVR before USR, MSNP≤7 after login without email).
 * Immutable and thread-safe.
 *
 * @param handle the sign-in name, or {@code null} when the client did not send it (MSNP≤7)
 */
public record CvrFields(String locale, String osType, String osVersion, String arch, String libraryName,
                        String clientVersion, String clientName, String handle) {

    public CvrFields {
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(osType, "osType");
        Objects.requireNonNull(osVersion, "osVersion");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(libraryName, "libraryName");
        Objects.requireNonNull(clientVersion, "clientVersion");
        Objects.requireNonNull(clientName, "clientName");
    }

    /**
     * Reads the args of a client CVR (after the transaction id).
     *
     * @throws IllegalArgumentException if fewer than seven fields are present
     */
    public static CvrFields parse(List<String> args) {
        if (args.size() < 7) {
            throw new IllegalArgumentException("CVR has " + args.size() + " fields, expected at least 7");
        }
        return new CvrFields(args.get(0), args.get(1), args.get(2), args.get(3), args.get(4), args.get(5),
                args.get(6), args.size() > 7 && !args.get(7).isBlank() ? args.get(7) : null);
    }
}
