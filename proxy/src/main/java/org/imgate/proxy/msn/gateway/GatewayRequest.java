package org.imgate.proxy.msn.gateway;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP request of a gateway client as the transport received it, independent of the HTTP server
 * that carries it. Header names are matched case-insensitively. The body holds MSNP commands, which
 * include Passport tickets at login, so {@link #toString()} shows only the method, the path and the body
 * size (never the query, which holds the session id). Immutable and thread-safe.
 *
 * @param method  {@code POST}, as the gateway protocol uses
 * @param target  the request target: origin form {@code /gateway/gateway.dll?…} or absolute form
 *                {@code http://host/gateway/gateway.dll?…} (clients that think they talk to a proxy)
 * @param headers the request headers, one value per name
 * @param body    the request body (possibly empty)
 */
public record GatewayRequest(String method, String target, Map<String, String> headers, byte[] body) {

    public GatewayRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(copy);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The value of a header, or {@code null}. */
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayRequest r && method.equals(r.method) && target.equals(r.target)
                && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, target, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        int query = target.indexOf('?');
        return "GatewayRequest[" + method + " " + (query < 0 ? target : target.substring(0, query)) + ", "
                + body.length + " body bytes]";
    }
}
