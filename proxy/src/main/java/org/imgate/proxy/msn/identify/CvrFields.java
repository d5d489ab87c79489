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
        // Every session keeps its client's CVR for as long as it lasts, and a company's clients send a
        // handful of distinct values: one shared copy of each (the JVM's string table, which drops
        // strings no longer referenced) instead of seven small strings per session (P6, idle memory).
        locale = Objects.requireNonNull(locale, "locale").intern();
        osType = Objects.requireNonNull(osType, "osType").intern();
        osVersion = Objects.requireNonNull(osVersion, "osVersion").intern();
        arch = Objects.requireNonNull(arch, "arch").intern();
        libraryName = Objects.requireNonNull(libraryName, "libraryName").intern();
        clientVersion = Objects.requireNonNull(clientVersion, "clientVersion").intern();
        clientName = Objects.requireNonNull(clientName, "clientName").intern();
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
