package org.imgate.proxy.msn.cvr;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

import org.imgate.core.Version;

/**
 * What imgate writes into the server's CVR reply for one client family (msnp.md §2: an official client
 * older than the minimum offers or forces an upgrade from the download URL). Every value is optional:
 * {@code null} keeps the upstream's. Immutable and thread-safe.
 *
 * @param family      the client family as {@code KnownClients} names it ({@code MSN Messenger},
 *                    {@code Windows Messenger}, {@code Windows Live Messenger}, {@code MSN for Mac})
 * @param recommended the version offered as an upgrade
 * @param minimum     the oldest version allowed to sign in without upgrading
 * @param downloadUrl where the installer is fetched, e.g. an internal MSI share's web mirror
 * @param infoUrl     the page shown about the upgrade
 */
public record CvrOverride(String family, Version recommended, Version minimum, String downloadUrl, String infoUrl) {

    public CvrOverride {
        Objects.requireNonNull(family, "family");
        if (family.isBlank()) {
            throw new IllegalArgumentException("CVR override needs a client family");
        }
        checkToken(recommended == null ? null : recommended.text(), family, "recommended version");
        checkToken(minimum == null ? null : minimum.text(), family, "minimum version");
        checkUrl(downloadUrl, family, "download URL");
        checkUrl(infoUrl, family, "info URL");
        if (recommended != null && minimum != null && recommended.isOlderThan(minimum)) {
            throw new IllegalArgumentException("CVR override for " + family + ": recommended version "
                    + recommended + " is older than the minimum " + minimum);
        }
    }

    private static void checkToken(String value, String family, String what) {
        if (value != null && value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("CVR override for " + family + ": " + what + " '" + value
                    + "' must be one word without spaces or control characters");
        }
    }

    private static void checkUrl(String value, String family, String what) {
        if (value == null) {
            return;
        }
        checkToken(value, family, what);
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("CVR override for " + family + ": " + what + " '" + value
                        + "' must be an absolute http or https URL");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("CVR override for " + family + ": " + what + " '" + value
                    + "' is not a URL: " + e.getReason());
        }
    }
}
