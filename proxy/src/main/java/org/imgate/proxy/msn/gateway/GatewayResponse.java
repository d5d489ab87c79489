package org.imgate.proxy.msn.gateway;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP response of the gateway protocol to a client, independent of the HTTP server that sends it
 * (msnp.md §1 "HTTP gateway"): status 200, {@code X-MSN-Messenger} with the session id and gateway
 * address, {@code Content-Type: application/x-msn-messenger} and the MSNP bytes the server sent since the
 * last request. {@link #toString()} shows neither the session id nor the body. Immutable and thread-safe.
 */
public record GatewayResponse(int status, Map<String, String> headers, byte[] body) {

    public static final String MESSENGER_HEADER = "X-MSN-Messenger";
    public static final String CONTENT_TYPE = "application/x-msn-messenger";

    public GatewayResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status " + status + " is out of range");
        }
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        body = body.clone();
    }

    /** A gateway reply carrying {@code msnp} for the session named in {@code messenger}. */
    public static GatewayResponse of(MessengerHeader messenger, byte[] msnp) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(MESSENGER_HEADER, messenger.format());
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Content-Length", Integer.toString(msnp.length));
        return new GatewayResponse(200, headers, msnp);
    }

    /** An error reply without body ({@code 400} for an unknown session or a second request in flight). */
    public static GatewayResponse error(int status) {
        if (status < 400) {
            throw new IllegalArgumentException("an error status must be 4xx or 5xx, was " + status);
        }
        return new GatewayResponse(status, Map.of("Content-Length", "0"), new byte[0]);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The value of a header, matched case-insensitively, or {@code null}. */
    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayResponse r && status == r.status && headers.equals(r.headers)
                && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "GatewayResponse[" + status + ", " + body.length + " body bytes]";
    }
}
