package org.imgate.proxy.msn.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.Origin;
import org.junit.jupiter.api.Test;

class GatewayResponseTest {

    @Test
    void aReplyCarriesSessionGatewayAddressContentTypeAndTheMsnpBytes() throws Exception {
        byte[] msnp = "VER 1 MSNP8\r\n".getBytes(UTF_8);

        GatewayResponse response = GatewayResponse.of(new MessengerHeader("954547325.13160", "im.corp.example", false),
                msnp);

        assertEquals(200, response.status());
        assertEquals("SessionID=954547325.13160; GW-IP=im.corp.example", response.header("x-msn-messenger"));
        assertEquals("application/x-msn-messenger", response.header("Content-Type"));
        assertEquals("13", response.header("Content-Length"));
        List<MsnCommand> commands = new MsnDecoder(Origin.SERVER).decode(response.body());
        assertEquals("VER", commands.get(0).verb());
        assertFalse(response.toString().contains("954547325"));
    }

    @Test
    void aClosingHeaderRoundTrips() {
        MessengerHeader closing = MessengerHeader.parse("SessionID=1.2; Session=close");

        assertTrue(closing.closed());
        assertEquals("SessionID=1.2; Session=close", closing.format());
        assertTrue(MessengerHeader.parse("Session=close").closed());
        assertThrows(IllegalArgumentException.class, () -> MessengerHeader.parse("GW-IP=1.2.3.4"));
        assertThrows(IllegalArgumentException.class, () -> new MessengerHeader("a;b", null, false));
        assertFalse(closing.toString().contains("1.2"));
    }

    @Test
    void errorRepliesHaveNoBody() {
        GatewayResponse busy = GatewayResponse.error(400);

        assertEquals(400, busy.status());
        assertEquals(0, busy.body().length);
        assertThrows(IllegalArgumentException.class, () -> GatewayResponse.error(200));
    }

    @Test
    void theOutboxHandsOverEverythingOnceAndRefusesToOverflow() {
        GatewayOutbox outbox = new GatewayOutbox(20);

        assertTrue(outbox.append("NLN NLN a@b.c A 0\r\n".getBytes(UTF_8)));
        assertFalse(outbox.append("QNG 50\r\n".getBytes(UTF_8)));
        assertEquals("NLN NLN a@b.c A 0\r\n", new String(outbox.drain(), UTF_8));
        assertEquals(0, outbox.drain().length);
        assertTrue(outbox.append("QNG 50\r\n".getBytes(UTF_8)));
    }
}
