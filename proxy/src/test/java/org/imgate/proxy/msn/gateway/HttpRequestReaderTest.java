package org.imgate.proxy.msn.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The gateway's HTTP/1.1 request reader with split, pipelined, oversized and garbage input. */
class HttpRequestReaderTest {

    private static final String OPEN = "POST http://gateway.messenger.hotmail.com/gateway/gateway.dll?Action=open"
            + "&Server=NS&IP=messenger.hotmail.com HTTP/1.1\r\n"
            + "Content-Type: application/x-msn-messenger\r\nUser-Agent: MSMSGS\r\nContent-Length: 18\r\n\r\n"
            + "VER 1 MSNP8 CVR0\r\n";

    private final HttpRequestReader reader = new HttpRequestReader(1024, 4096);

    @Test
    void readsMsnMessengersOpenRequest() throws Exception {
        List<GatewayRequest> requests = reader.feed(OPEN.getBytes(UTF_8));
        assertEquals(1, requests.size());
        GatewayRequest r = requests.get(0);
        assertEquals("POST", r.method());
        assertTrue(r.target().endsWith("IP=messenger.hotmail.com"));
        assertEquals("MSMSGS", r.header("user-agent"));
        assertArrayEquals("VER 1 MSNP8 CVR0\r\n".getBytes(UTF_8), r.body());
        assertNull(r.header("Connection"), "HTTP/1.1 keeps the connection by default");
        assertFalse(reader.midRequest());
    }

    @Test
    void aRequestSplitAtEveryByteIsReadOnceComplete() throws Exception {
        byte[] bytes = OPEN.getBytes(UTF_8);
        List<GatewayRequest> requests = new ArrayList<>();
        for (byte b : bytes) {
            requests.addAll(reader.feed(new byte[] {b}));
        }
        assertEquals(1, requests.size());
        assertEquals(18, requests.get(0).body().length);
    }

    @Test
    void pipelinedRequestsComeOutInOrder() throws Exception {
        String poll = "POST /gateway/gateway.dll?Action=poll&SessionID=a HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
        List<GatewayRequest> requests = reader.feed((OPEN + poll + poll.substring(0, 10)).getBytes(UTF_8));
        assertEquals(2, requests.size());
        assertTrue(requests.get(1).target().contains("Action=poll"));
        assertTrue(reader.midRequest());
        assertEquals(1, reader.feed(poll.substring(10).getBytes(UTF_8)).size());
    }

    @Test
    void http10AndConnectionCloseAskForTheConnectionToClose() throws Exception {
        GatewayRequest old = reader.feed("POST /gateway/gateway.dll HTTP/1.0\r\n\r\n".getBytes(UTF_8)).get(0);
        assertEquals("close", old.header("Connection"));
        GatewayRequest closing = reader.feed("POST / HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(UTF_8)).get(0);
        assertEquals("close", closing.header("Connection"));
    }

    @Test
    void garbageIsABadRequest() {
        GatewayRequestException e = assertThrows(GatewayRequestException.class,
                () -> reader.feed(new byte[] {0, 1, 2, (byte) 0xff, '\r', '\n', '\r', '\n'}));
        assertEquals(400, e.status());
        assertEquals(400, assertThrows(GatewayRequestException.class, () -> new HttpRequestReader(1024, 4096)
                .feed("POST / HTTP/1.1\r\nno colon here\r\n\r\n".getBytes(UTF_8))).status());
        assertEquals(400, assertThrows(GatewayRequestException.class, () -> new HttpRequestReader(1024, 4096)
                .feed("POST / SPDY/3\r\n\r\n".getBytes(UTF_8))).status());
    }

    @Test
    void anEndlessHeaderIsRefusedAtTheBoundWithoutWaitingForItsEnd() throws Exception {
        assertTrue(reader.feed("POST / HTTP/1.1\r\nX-Long: ".getBytes(UTF_8)).isEmpty());
        GatewayRequestException e = assertThrows(GatewayRequestException.class,
                () -> reader.feed("a".repeat(2000).getBytes(UTF_8)));
        assertEquals(431, e.status());
    }

    @Test
    void anOversizedBodyIsRefusedFromItsLengthAlone() {
        GatewayRequestException e = assertThrows(GatewayRequestException.class,
                () -> reader.feed("POST / HTTP/1.1\r\nContent-Length: 4097\r\n\r\n".getBytes(UTF_8)));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("4097"));
    }

    @Test
    void chunkedAndConflictingLengthsAreRefused() {
        assertEquals(411, assertThrows(GatewayRequestException.class, () -> reader.feed(
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(UTF_8))).status());
        assertEquals(400, assertThrows(GatewayRequestException.class, () -> new HttpRequestReader(1024, 4096).feed(
                "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n".getBytes(UTF_8))).status());
        assertEquals(400, assertThrows(GatewayRequestException.class, () -> new HttpRequestReader(1024, 4096).feed(
                "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n".getBytes(UTF_8))).status());
    }

    @Test
    void responsesAreWrittenAsHttp11WithTheGatewayHeaders() {
        GatewayResponse response = GatewayResponse.of(new MessengerHeader("abc", "im.corp.example", false),
                "VER 1 MSNP8\r\n".getBytes(UTF_8));
        String text = new String(HttpResponseWriter.encode(response, false), UTF_8);
        assertTrue(text.startsWith("HTTP/1.1 200 OK\r\n"));
        assertTrue(text.contains("X-MSN-Messenger: SessionID=abc; GW-IP=im.corp.example\r\n"));
        assertTrue(text.contains("Content-Type: application/x-msn-messenger\r\n"));
        assertTrue(text.contains("Content-Length: 13\r\nConnection: keep-alive\r\n\r\nVER 1 MSNP8\r\n"));
        String error = new String(HttpResponseWriter.encode(HttpResponseWriter.error(400, "no such session"), true),
                UTF_8);
        assertTrue(error.startsWith("HTTP/1.1 400 Bad Request\r\n"));
        assertTrue(error.contains("Connection: close\r\n"));
        assertTrue(error.endsWith("no such session\r\n"));
    }
}
