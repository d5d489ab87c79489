package org.imgate.proxy.msn.gateway;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.imgate.core.HostPort;

/**
 * The requests imgate sends as a gateway client when the upstream is itself reached through an HTTP
 * gateway, written the way MSN Messenger writes them (msnp.md §1 "HTTP gateway": {@code POST}, origin-form
 * target, {@code Content-Type: application/x-msn-messenger}, {@code User-Agent: MSMSGS}). The upstream
 * sees the real server in {@code IP=}, never imgate's advertised address. Stateless and thread-safe.
 */
public final class UpstreamGatewayRequests {

    /** The port an {@code IP=} without one means. */
    private static final int MSNP_PORT = 1863;

    private UpstreamGatewayRequests() {
    }

    /** {@code Action=open&Server=…&IP=<upstream>} to the upstream gateway at {@code gatewayHost}. */
    public static GatewayRequest open(String gatewayHost, GatewayServer server, HostPort upstream, byte[] msnp) {
        String ip = upstream.port() == MSNP_PORT ? upstream.host() : upstream.toString();
        return post(gatewayHost, "?Action=open&Server=" + server + "&IP=" + encode(ip), msnp);
    }

    /** Commands for the session, to the host its last reply named in GW-IP. */
    public static GatewayRequest send(GatewaySession session, byte[] msnp) {
        return post(hostOf(session), "?SessionID=" + encode(upstreamId(session)), msnp);
    }

    /** A poll for the session, to the host its last reply named in GW-IP. */
    public static GatewayRequest poll(GatewaySession session) {
        return post(hostOf(session), "?Action=poll&SessionID=" + encode(upstreamId(session)), new byte[0]);
    }

    private static GatewayRequest post(String host, String query, byte[] msnp) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", host);
        headers.put("Content-Type", GatewayResponse.CONTENT_TYPE);
        headers.put("User-Agent", "MSMSGS");
        headers.put("Content-Length", Integer.toString(msnp.length));
        return new GatewayRequest("POST", GatewayRequestParser.PATH + query, headers, msnp);
    }

    private static String hostOf(GatewaySession session) {
        if (session.upstreamGatewayIp() == null) {
            throw new IllegalStateException("the upstream gateway has not named its address (GW-IP) yet");
        }
        return session.upstreamGatewayIp();
    }

    private static String upstreamId(GatewaySession session) {
        return Objects.requireNonNull(session.upstreamSessionId(),
                "the upstream gateway has not issued a session id yet");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
