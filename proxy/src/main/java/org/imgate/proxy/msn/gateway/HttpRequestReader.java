package org.imgate.proxy.msn.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 requests (RFC 9112) from one connection's bytes, however they are split, for the gateway
 * listener. Bounded: the request line, the header section, the number of header fields and the body each
 * have a maximum, so a client cannot make imgate buffer more than about {@code maxHeaderBytes +
 * maxBodyBytes} per connection. Only {@code Content-Length} bodies are accepted (MSN Messenger sends no
 * other); a request that is not HTTP, or breaks a bound, raises a {@link GatewayRequestException} and the
 * connection must be closed, since its framing is lost. An HTTP/1.0 request, or one with
 * {@code Connection: close}, is returned with a {@code Connection: close} header so the caller closes
 * after replying. Not thread-safe: one instance per connection, fed by one thread at a time.
 */
public final class HttpRequestReader {

    private static final int MAX_HEADER_FIELDS = 64;

    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    /**
     * @param maxHeaderBytes the largest request line plus header section accepted
     * @param maxBodyBytes   the largest body accepted
     */
    public HttpRequestReader(int maxHeaderBytes, int maxBodyBytes) {
        if (maxHeaderBytes < 256 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("header limit must be at least 256 and body limit positive");
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Adds bytes read from the connection and returns every request now complete, in order. */
    public List<GatewayRequest> feed(byte[] data) throws GatewayRequestException {
        buffer.writeBytes(data);
        List<GatewayRequest> out = new ArrayList<>();
        while (true) {
            byte[] all = buffer.toByteArray();
            int headerEnd = indexOf(all, Math.min(all.length, maxHeaderBytes + 4));
            if (headerEnd < 0) {
                if (all.length > maxHeaderBytes) {
                    throw new GatewayRequestException(431, "request header section longer than " + maxHeaderBytes
                            + " bytes");
                }
                return out;
            }
            Head head = parseHead(new String(all, 0, headerEnd, StandardCharsets.ISO_8859_1));
            int bodyStart = headerEnd + 4;
            if (all.length - bodyStart < head.contentLength) {
                return out;
            }
            byte[] body = java.util.Arrays.copyOfRange(all, bodyStart, bodyStart + head.contentLength);
            buffer.reset();
            buffer.write(all, bodyStart + head.contentLength, all.length - bodyStart - head.contentLength);
            out.add(new GatewayRequest(head.method, head.target, head.headers, body));
        }
    }

    /** Whether bytes of an unfinished request are waiting. */
    public boolean midRequest() {
        return buffer.size() > 0;
    }

    private record Head(String method, String target, Map<String, String> headers, int contentLength) {
    }

    private Head parseHead(String text) throws GatewayRequestException {
        String[] lines = text.split("\r\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || requestLine[0].isEmpty() || requestLine[1].isEmpty()
                || !requestLine[0].chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
            throw new GatewayRequestException(400, "not an HTTP request line");
        }
        String version = requestLine[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new GatewayRequestException(400, "unsupported HTTP version "
                    + GatewayRequestParser.printable(version));
        }
        if (lines.length - 1 > MAX_HEADER_FIELDS) {
            throw new GatewayRequestException(431, "more than " + MAX_HEADER_FIELDS + " header fields");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t'
                    || line.substring(0, colon).chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
                throw new GatewayRequestException(400, "malformed header field on line " + (i + 1));
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            String previous = headers.keySet().stream().filter(name::equalsIgnoreCase).findFirst().orElse(null);
            if (previous != null && name.equalsIgnoreCase("Content-Length") && !headers.get(previous).equals(value)) {
                throw new GatewayRequestException(400, "conflicting Content-Length fields");
            }
            headers.put(previous != null ? previous : name, value);
        }
        String encoding = header(headers, "Transfer-Encoding");
        if (encoding != null) {
            throw new GatewayRequestException(411, "Transfer-Encoding is not supported; send a Content-Length");
        }
        int length = contentLength(header(headers, "Content-Length"));
        String connection = header(headers, "Connection");
        boolean close = connection != null ? connection.toLowerCase(Locale.ROOT).contains("close")
                : version.equals("HTTP/1.0");
        if (version.equals("HTTP/1.0") && connection != null
                && connection.toLowerCase(Locale.ROOT).contains("keep-alive")) {
            close = false;
        }
        headers.keySet().removeIf("Connection"::equalsIgnoreCase);
        if (close) {
            headers.put("Connection", "close");
        }
        return new Head(requestLine[0], requestLine[1], headers, length);
    }

    private int contentLength(String value) throws GatewayRequestException {
        if (value == null) {
            return 0;
        }
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(Character::isDigit)) {
            throw new GatewayRequestException(400, "Content-Length is not a number");
        }
        long length = Long.parseLong(value);
        if (length > maxBodyBytes) {
            throw new GatewayRequestException(413, "request body of " + length + " bytes exceeds the limit of "
                    + maxBodyBytes);
        }
        return (int) length;
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Where CRLF CRLF starts within the first {@code limit} bytes, or -1. */
    private static int indexOf(byte[] data, int limit) {
        for (int i = 0; i + 3 < limit; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
