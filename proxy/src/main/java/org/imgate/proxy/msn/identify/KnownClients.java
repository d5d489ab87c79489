package org.imgate.proxy.msn.identify;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.imgate.core.Version;

/**
 * What is known about MSN client programs, each fact with its source in
 * shared/reference/msnp.md (§1 "Client ID", §1 "CHL/QRY", §2 table and "Fingerprints"). Nothing here is
 * guessed: a client that matches no entry is reported as unknown by {@link ClientIdentifier}.
 * Immutable and thread-safe.
 */
public final class KnownClients {

    public static final String MSN_MESSENGER = "MSN Messenger";
    public static final String WINDOWS_LIVE_MESSENGER = "Windows Live Messenger";
    public static final String WINDOWS_MESSENGER = "Windows Messenger";
    public static final String MSN_FOR_MAC = "MSN for Mac";

    /**
     * An official release line, matched by version prefix.
     *
     * @param family            the family the CVR names
     * @param versionPrefix     matches {@code 6.2} against {@code 6.2.0208}
     * @param lowestTopProtocol the lowest MSNP version this release offers first in VER
     * @param highestTopProtocol the highest one (the same for most releases)
     * @param generation        the client-id top byte it sends in CHG, or -1 when unknown
     * @param needsWindowsXp    whether it installs only on Windows XP or later
     * @param source            where the facts come from
     */
    public record Release(String family, String versionPrefix, int lowestTopProtocol, int highestTopProtocol,
                          int generation, boolean needsWindowsXp, String source) {

        public boolean matches(String family, String version) {
            return this.family.equals(family)
                    && (version.equals(versionPrefix) || version.startsWith(versionPrefix + "."));
        }
    }

    /** Official releases. VER top versions from msnp.md §2; generations from §1 "Client ID" (Pidgin msn.h). */
    public static final List<Release> RELEASES = List.of(
            new Release(MSN_MESSENGER, "5.0", 8, 8, 0x00, false, "msnp.md §2 (captures of 5.0.0544/0575), §1 client id 0"),
            new Release(MSN_MESSENGER, "6.0", 9, 9, 0x10, false, "msnp.md §2 (MSNP9 MSNP8), §1 client id 268435500"),
            new Release(MSN_MESSENGER, "6.1", 10, 10, 0x20, false, "msnp.md §2 (MSNP10 MSNP9), §1 generation 0x20"),
            new Release(MSN_MESSENGER, "6.2", 10, 10, 0x30, false, "msnp.md §2 (capture of 6.2.0208), §1 805306404"),
            new Release(MSN_MESSENGER, "7.0", 11, 11, 0x40, false, "msnp.md §2 (MSNP11 MSNP10), §1 1073791012"),
            new Release(MSN_MESSENGER, "7.5", 12, 12, 0x50, true, "msnp.md §2 (MSNP12, XP only), §1 generation 0x50"),
            new Release(WINDOWS_LIVE_MESSENGER, "8.0", 13, 14, 0x60, true, "msnp.md §2 (WLM 8 beta MSNP14 MSNP13), §1 0x60"),
            new Release(WINDOWS_MESSENGER, "4.7", 7, 8, 0x00, false,
                    "msnp.md §2: MSNP8 in a capture of 4.7.3001, MSNP7 on the revival server; §1 client id 32"),
            new Release(MSN_MESSENGER, "4.6", 7, 7, -1, false, "msnp.md §2 (MSNP7 MSNP6 MSNP5 MSNP4, Escargot grid)"),
            new Release(MSN_MESSENGER, "4.7", 7, 7, -1, false, "msnp.md §2 (MSNP7 MSNP6 MSNP5 MSNP4, Escargot grid)"));

    /** A CHL answer's product id and the release line it belongs to (msnp.md §1 "CHL/QRY"). */
    public record Product(String productId, String family, String versionPrefix, int fromProtocol, int toProtocol) {
    }

    public static final List<Product> PRODUCTS = List.of(
            new Product("msmsgs@msnmsgr.com", null, null, 8, 10),
            new Product("PROD0090YUAUV{2B", MSN_MESSENGER, "7.0", 11, 15),
            new Product("PROD0101{0RM?UBW", MSN_MESSENGER, "7.5", 11, 15),
            new Product("PROD0119GSJUC$18", WINDOWS_LIVE_MESSENGER, "8.5", 11, 15));

    /**
     * Third-party clients by the start of the {@code Client-Name} they announce in
     * {@code text/x-clientcaps} (msnp.md §1 MSG table and §2: {@code Gaim/1.5.0},
     * {@code Miranda IM … (MSN v.x)}; Kopete and msn-pecan send the same message type).
     */
    private static final List<String[]> CAPS_PREFIXES = List.of(
            new String[] {"gaim", "Gaim"},
            new String[] {"pidgin", "Pidgin"},
            new String[] {"purple", "Pidgin"},
            new String[] {"libpurple", "Pidgin"},
            new String[] {"miranda", "Miranda IM"},
            new String[] {"kopete", "Kopete"},
            new String[] {"msn-pecan", "msn-pecan"},
            new String[] {"trillian", "Trillian"},
            new String[] {"amsn", "aMSN"});

    private KnownClients() {
    }

    /** The family a CVR names, if any (msnp.md §2 table). */
    public static Optional<String> familyOf(CvrFields cvr) {
        String library = cvr.libraryName().toUpperCase(Locale.ROOT);
        String name = cvr.clientName().toUpperCase(Locale.ROOT);
        if (library.equals("MSNMSGR")) {
            return Optional.of(majorOf(cvr.clientVersion()) >= 8 ? WINDOWS_LIVE_MESSENGER : MSN_MESSENGER);
        }
        if (library.equals("MSG80BETA")) {
            return Optional.of(WINDOWS_LIVE_MESSENGER);
        }
        if (library.equals("MSMSGS") && name.equals("WINDOWSMESSENGER")) {
            return Optional.of(WINDOWS_MESSENGER);
        }
        if (library.equals("MSMSGS") && name.equals("MSMSGS")) {
            return Optional.of(MSN_MESSENGER);
        }
        if (library.equals("MACMSGS")) {
            return Optional.of(MSN_FOR_MAC);
        }
        return Optional.empty();
    }

    public static Optional<Release> release(String family, String version) {
        return RELEASES.stream().filter(r -> r.matches(family, version)).findFirst();
    }

    public static Optional<Product> product(String productId) {
        return PRODUCTS.stream().filter(p -> p.productId().equals(productId)).findFirst();
    }

    /** The third-party family a client-caps {@code Client-Name} names, if known. */
    public static Optional<String> capsFamily(String clientName) {
        String lower = clientName.strip().toLowerCase(Locale.ROOT);
        for (String[] entry : CAPS_PREFIXES) {
            if (lower.startsWith(entry[0])) {
                return Optional.of(entry[1]);
            }
        }
        return Optional.empty();
    }

    /** The version inside a client-caps name: after a slash ({@code Gaim/1.5.0}) or the first numeric word. */
    public static String capsVersion(String clientName) {
        int slash = clientName.indexOf('/');
        if (slash >= 0) {
            String rest = clientName.substring(slash + 1).strip();
            return rest.isEmpty() ? null : rest.split(" ")[0];
        }
        for (String word : clientName.split(" ")) {
            if (!word.isEmpty() && Character.isDigit(word.charAt(0))) {
                return word;
            }
        }
        return null;
    }

    /**
     * A readable operating system for CVR's osType and osVer ({@code winnt 5.1} is Windows XP), or the
     * two fields as sent when the pair is not one Windows or Mac release.
     */
    public static String osName(String osType, String osVersion) {
        String type = osType.toLowerCase(Locale.ROOT);
        String named = switch (type + " " + osVersion) {
            case "winnt 4.0" -> "Windows NT 4.0";
            case "winnt 5.0" -> "Windows 2000";
            case "winnt 5.1" -> "Windows XP";
            case "winnt 5.2" -> "Windows Server 2003";
            case "winnt 6.0" -> "Windows Vista";
            case "winnt 6.1" -> "Windows 7";
            case "win 4.00", "win 4.0" -> "Windows 95";
            case "win 4.10" -> "Windows 98";
            case "win 4.90" -> "Windows Me";
            default -> null;
        };
        if (named != null) {
            return named;
        }
        if (type.equals("mac")) {
            return osVersion.startsWith("10.") ? "Mac OS X " + osVersion : "Mac OS " + osVersion;
        }
        return osType + " " + osVersion;
    }

    /** Whether the CVR's OS is Windows XP or later. */
    public static boolean isWindowsXpOrLater(String osType, String osVersion) {
        if (!osType.equalsIgnoreCase("winnt")) {
            return false;
        }
        try {
            return !Version.parse(osVersion).isOlderThan(Version.parse("5.1"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static int majorOf(String version) {
        try {
            return Version.parse(version).parts().get(0);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
