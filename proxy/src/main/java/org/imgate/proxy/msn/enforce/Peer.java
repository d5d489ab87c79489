package org.imgate.proxy.msn.enforce;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A sign-in name and display name as they appear as the sender of a switchboard {@code MSG}
 * ({@code MSG handle name length}, msnp.md §1). Immutable and thread-safe.
 *
 * @param handle      the sign-in name, e.g. {@code compliance@corp.example}
 * @param displayName the name clients show, plain text (URL-encoded on the wire)
 */
public record Peer(String handle, String displayName) {
    public Peer {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(displayName, "displayName");
        if (handle.isBlank() || handle.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("a sign-in name must not be blank or contain spaces: '" + handle + "'");
        }
        if (displayName.isBlank()) {
            throw new IllegalArgumentException("display name of " + handle + " must not be blank");
        }
    }

    /** The display name as MSNP carries it: URL-encoded, spaces as {@code %20}. */
    public String wireName() {
        return URLEncoder.encode(displayName, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
