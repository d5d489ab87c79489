package org.imgate.proxy.msn.transport;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.imgate.proxy.msn.identify.ClientEvidence;

/**
 * What a switchboard connection inherits from the notification session whose {@code XFR SB} or
 * {@code RNG} sent it: the negotiated protocol version (the decoder frames by it) and the client
 * evidence (the mapper identifies the client by it), keyed by the redirect's cookie. Bounded: the
 * oldest entry goes when {@code capacity} are pending. Thread-safe.
 */
final class SwitchboardOrigins {

    /** The notification session's state a switchboard starts from. Immutable. */
    record Origin(int protocolVersion, ClientEvidence evidence) {
    }

    private final int capacity;
    private final Map<String, Origin> byCookie = new LinkedHashMap<>();

    SwitchboardOrigins(int capacity) {
        this.capacity = capacity;
    }

    synchronized void put(String cookie, Origin origin) {
        byCookie.remove(cookie);
        while (byCookie.size() >= capacity) {
            Iterator<String> oldest = byCookie.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byCookie.put(cookie, origin);
    }

    synchronized Optional<Origin> take(String cookie) {
        return Optional.ofNullable(byCookie.remove(cookie));
    }
}
