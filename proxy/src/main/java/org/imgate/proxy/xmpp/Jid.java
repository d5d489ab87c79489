package org.imgate.proxy.xmpp;

import java.util.Locale;
import java.util.Objects;

/**
 * An XMPP address {@code [local@]domain[/resource]} (RFC 7622). Parsing is deliberately lenient about
 * character classes (the server enforces PRECIS); it splits, lower-cases local part and domain for
 * comparison, and rejects what cannot be an address at all. Immutable and thread-safe.
 *
 * @param local    the local part, or {@code null} for a domain or server address
 * @param domain   the domain, never blank
 * @param resource the resource, or {@code null} for a bare JID
 */
public record Jid(String local, String domain, String resource) {

    private static final int MAX_PART = 1023;

    public Jid {
        Objects.requireNonNull(domain, "domain");
        if (domain.isEmpty() || domain.length() > MAX_PART) {
            throw new IllegalArgumentException("a JID needs a domain of 1 to 1023 characters");
        }
        if (local != null && (local.isEmpty() || local.length() > MAX_PART)) {
            throw new IllegalArgumentException("a JID's local part must be 1 to 1023 characters");
        }
        if (resource != null && (resource.isEmpty() || resource.length() > MAX_PART)) {
            throw new IllegalArgumentException("a JID's resource must be 1 to 1023 characters");
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException when it is not a JID
     */
    public static Jid parse(String text) {
        Objects.requireNonNull(text, "jid");
        int slash = text.indexOf('/');
        String resource = slash < 0 ? null : text.substring(slash + 1);
        String rest = slash < 0 ? text : text.substring(0, slash);
        int at = rest.indexOf('@');
        String local = at < 0 ? null : rest.substring(0, at).toLowerCase(Locale.ROOT);
        String domain = (at < 0 ? rest : rest.substring(at + 1)).toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.contains("@")) {
            throw new IllegalArgumentException("'" + text + "' is not a JID: two '@'");
        }
        return new Jid(local, domain, resource);
    }

    /** Parses {@code text}, or returns {@code null} when it is absent or not a JID. */
    public static Jid parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** This address without its resource. */
    public Jid bare() {
        return resource == null ? this : new Jid(local, domain, null);
    }

    public boolean isBare() {
        return resource == null;
    }

    @Override
    public String toString() {
        return (local == null ? "" : local + "@") + domain + (resource == null ? "" : "/" + resource);
    }
}
