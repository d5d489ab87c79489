package org.imgate.proxy.msn.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a client's gateway request (msnp.md §1 "HTTP gateway", checked against the Escargot
 * open/send/poll transcript): {@code POST /gateway/gateway.dll?Action=open&Server=NS&IP=…} opens a session,
 * {@code ?SessionID=…} sends commands, {@code ?Action=poll&SessionID=…} collects what the server sent.
 * Bounded: the target and the body have maximum sizes, and a query with too many fields is refused.
 * Stateless and thread-safe.
 */
public final class GatewayRequestParser {

    public static final String PATH = "/gateway/gateway.dll";

    private static final int MAX_TARGET_CHARS = 2048;
    private static final int MAX_QUERY_FIELDS = 16;

    private final int maxBodyBytes;

    /** @param maxBodyBytes the largest request body accepted (one request carries a few commands) */
    public GatewayRequestParser(int maxBodyBytes) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, was " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * @throws GatewayRequestException with 405 for another method, 404 for another path, 413 for an
     *                                 oversized body, 400 for a query that is not open, send or poll
     */
    public GatewayCall parse(GatewayRequest request) throws GatewayRequestException {
        if (!"POST".equalsIgnoreCase(request.method())) {
            throw new GatewayRequestException(405, "the gateway takes POST only, not " + printable(request.method()));
        }
        String target = request.target();
        if (target.length() > MAX_TARGET_CHARS) {
            throw new GatewayRequestException(400, "request target longer than " + MAX_TARGET_CHARS + " characters");
        }
        byte[] body = request.body();
        if (body.length > maxBodyBytes) {
            throw new GatewayRequestException(413, "request body of " + body.length + " bytes exceeds the limit of "
                    + maxBodyBytes);
        }
        int query = target.indexOf('?');
        String path = pathOf(query < 0 ? target : target.substring(0, query));
        if (!path.equalsIgnoreCase(PATH)) {
            throw new GatewayRequestException(404, "not the gateway path: " + printable(path));
        }
        Map<String, String> fields = query < 0 ? Map.of() : queryFields(target.substring(query + 1));
        String action = fields.getOrDefault("action", "").toLowerCase(Locale.ROOT);
        String sessionId = fields.get("sessionid");
        if (action.equals("open")) {
            if (sessionId != null) {
                throw new GatewayRequestException(400, "Action=open must not name a SessionID");
            }
            return open(fields, body);
        }
        if (sessionId == null || sessionId.isBlank()) {
            throw new GatewayRequestException(400, action.isEmpty() ? "request names neither Action=open nor a SessionID"
                    : "Action=" + printable(action) + " needs a SessionID");
        }
        if (action.equals("poll")) {
            return new GatewayCall.Poll(sessionId);
        }
        if (!action.isEmpty()) {
            throw new GatewayRequestException(400, "unknown gateway Action=" + printable(action));
        }
        return new GatewayCall.Send(sessionId, body);
    }

    private static GatewayCall open(Map<String, String> fields, byte[] body) throws GatewayRequestException {
        String server = fields.getOrDefault("server", "");
        GatewayServer role;
        if (server.equalsIgnoreCase("NS")) {
            role = GatewayServer.NS;
        } else if (server.equalsIgnoreCase("SB")) {
            role = GatewayServer.SB;
        } else {
            throw new GatewayRequestException(400, "Action=open needs Server=NS or Server=SB, not '"
                    + printable(server) + "'");
        }
        String ip = fields.get("ip");
        if (ip == null || ip.isBlank() || ip.chars().anyMatch(c -> c <= ' ')) {
            throw new GatewayRequestException(400, "Action=open needs an IP= naming the server");
        }
        return new GatewayCall.Open(role, ip, body);
    }

    /** The path of an origin-form or absolute-form target. */
    private static String pathOf(String target) {
        int scheme = target.indexOf("://");
        if (scheme < 0) {
            return target;
        }
        int slash = target.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : target.substring(slash);
    }

    private static Map<String, String> queryFields(String query) throws GatewayRequestException {
        Map<String, String> out = new HashMap<>();
        String[] pairs = query.split("&", -1);
        if (pairs.length > MAX_QUERY_FIELDS) {
            throw new GatewayRequestException(400, "query with more than " + MAX_QUERY_FIELDS + " fields");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.put(URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new GatewayRequestException(400, "query field '" + printable(name) + "' is badly escaped");
            }
        }
        return out;
    }

    /** At most 32 printable characters, so an error never echoes a long or binary value. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 32; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 32 ? sb + "…" : sb.toString();
    }
}
