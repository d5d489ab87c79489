package org.imgate.proxy.msn.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.Origin;
import org.junit.jupiter.api.Test;

class GatewayRequestParserTest {

    private final GatewayRequestParser parser = new GatewayRequestParser(64 * 1024);

    private static GatewayRequest post(String target, String body) {
        return new GatewayRequest("POST", target, Map.of("Content-Type", "application/x-msn-messenger",
                "User-Agent", "MSMSGS"), body.getBytes(UTF_8));
    }

    @Test
    void theOpenOfMsnpMdIsReadInAbsoluteForm() throws Exception {
        GatewayCall call = parser.parse(post("http://gateway.messenger.hotmail.com/gateway/gateway.dll?Action=open"
                + "&Server=NS&IP=messenger.hotmail.com", "VER 1 MSNP8 CVR0\r\n"));

        GatewayCall.Open open = assertInstanceOf(GatewayCall.Open.class, call);
        assertEquals(GatewayServer.NS, open.server());
        assertEquals("messenger.hotmail.com", open.ip());
        assertEquals(18, open.msnp().length);
        List<MsnCommand> commands = new MsnDecoder(Origin.CLIENT).decode(open.msnp());
        assertEquals(List.of("MSNP8", "CVR0"), commands.get(0).args());
    }

    @Test
    void aSwitchboardOpenNamesTheHostFromXfr() throws Exception {
        GatewayCall.Open open = (GatewayCall.Open) parser.parse(post(
                "/gateway/gateway.dll?Action=open&Server=SB&IP=im.corp.example%3A1864",
                "USR 1 alice@corp.example 17262740.1050826919.32308\r\n"));

        assertEquals(GatewayServer.SB, open.server());
        assertEquals("im.corp.example:1864", open.ip());
    }

    @Test
    void sendAndPollCarryTheSessionId() throws Exception {
        GatewayCall send = parser.parse(post("/gateway/gateway.dll?SessionID=954547325.13160",
                "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 5.0.0544 MSMSGS alice@corp.example\r\n"));
        GatewayCall poll = parser.parse(post("/gateway/gateway.dll?Action=poll&SessionID=954547325.13160", ""));

        assertEquals("954547325.13160", ((GatewayCall.Send) send).sessionId());
        assertEquals(new GatewayCall.Poll("954547325.13160"), poll);
        assertArrayEquals(new byte[0], poll.msnp());
    }

    @Test
    void requestsThatAreNotGatewayCallsGetTheRightStatus() {
        assertEquals(405, status(new GatewayRequest("GET", "/gateway/gateway.dll?Action=poll&SessionID=1", Map.of(),
                new byte[0])));
        assertEquals(404, status(post("/index.html?SessionID=1", "")));
        assertEquals(400, status(post("/gateway/gateway.dll?Action=open&Server=XX&IP=a", "")));
        assertEquals(400, status(post("/gateway/gateway.dll?Action=open&Server=NS", "")));
        assertEquals(400, status(post("/gateway/gateway.dll?Action=open&Server=NS&IP=a&SessionID=1", "")));
        assertEquals(400, status(post("/gateway/gateway.dll", "VER 1 MSNP8 CVR0\r\n")));
        assertEquals(400, status(post("/gateway/gateway.dll?Action=poll", "")));
        assertEquals(400, status(post("/gateway/gateway.dll?SessionID=%zz", "")));
        assertEquals(400, status(post("/gateway/gateway.dll?" + "a=1&".repeat(20), "")));
        assertEquals(413, status(new GatewayRequest("POST", "/gateway/gateway.dll?SessionID=1", Map.of(),
                new byte[64 * 1024 + 1])));
    }

    @Test
    void errorsNeverEchoTheSessionId() {
        GatewayRequestException e = assertThrows(GatewayRequestException.class,
                () -> parser.parse(post("/gateway/gateway.dll?Action=bogus&SessionID=secret-954547325", "")));

        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        assertEquals(400, e.response().status());
        assertFalse(new GatewayCall.Poll("secret-954547325").toString().contains("secret"));
        assertFalse(new GatewayCall.Send("secret-954547325", new byte[0]).toString().contains("secret"));
        assertFalse(post("/gateway/gateway.dll?SessionID=secret-954547325", "USR 3 TWN S t=ticket")
                .toString().contains("secret"));
    }

    private int status(GatewayRequest request) {
        return assertThrows(GatewayRequestException.class, () -> parser.parse(request)).status();
    }
}
