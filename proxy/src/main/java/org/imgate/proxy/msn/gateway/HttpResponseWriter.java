package org.imgate.proxy.msn.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a {@link GatewayResponse} as an HTTP/1.1 response (RFC 9112 §4): status line, the response's
 * headers, {@code Content-Length} (recomputed from the body), {@code Connection} and the body. Stateless
 * and thread-safe.
 */
public final class HttpResponseWriter {

    private HttpResponseWriter() {
    }

    /** @param close whether the connection closes after this response */
    public static byte[] encode(GatewayResponse response, boolean close) {
        byte[] body = response.body();
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                .append(reason(response.status())).append("\r\n");
        for (Map.Entry<String, String> h : response.headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("Content-Length") && !h.getKey().equalsIgnoreCase("Connection")) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("Connection: ").append(close ? "close" : "keep-alive").append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** An error response with a plain-text body saying what was wrong (never a session id or body bytes). */
    public static GatewayResponse error(int status, String reason) {
        byte[] text = (reason + "\r\n").getBytes(StandardCharsets.UTF_8);
        return new GatewayResponse(status, Map.of("Content-Type", "text/plain; charset=utf-8"), text);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
