package org.imgate.proxy.msn.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.SteppingClock;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.route.NsPortAllocator;
import org.imgate.proxy.msn.route.SwitchboardRoutes;
import org.imgate.proxy.msn.route.SwitchboardTicket;
import org.junit.jupiter.api.Test;

class GatewaySessionsTest {

    private static final HostPort DISPATCH = new HostPort("messenger.hotmail.com", 1863);
    private static final HostPort NS = new HostPort("207.46.106.118", 1863);

    private final SteppingClock clock = new SteppingClock();
    private final GatewaySessions sessions = new GatewaySessions(clock, Duration.ofSeconds(60), 2,
            new SplittableRandom(1));

    private GatewaySession open() {
        return sessions.open(GatewayServer.NS, DISPATCH).orElseThrow();
    }

    @Test
    void oneRequestAtATimePerSession() {
        GatewaySession session = open();

        assertInstanceOf(GatewaySessions.Begin.Busy.class, sessions.begin(session.id()), "the open is in flight");
        sessions.finish(session.id(), null);
        assertInstanceOf(GatewaySessions.Begin.Begun.class, sessions.begin(session.id()));
        assertInstanceOf(GatewaySessions.Begin.Busy.class, sessions.begin(session.id()));
        sessions.finish(session.id(), null);
        assertInstanceOf(GatewaySessions.Begin.Unknown.class, sessions.begin("not-issued"));
    }

    @Test
    void sessionIdsAreLongRandomAndNeverShown() {
        GatewaySession a = open();
        GatewaySession b = open();

        assertEquals(32, a.id().length());
        assertNotEquals(a.id(), b.id());
        assertFalse(a.toString().contains(a.id()));
    }

    @Test
    void theUpstreamGatewaysLatestIdAndAddressAreKept() {
        GatewaySession session = open();

        sessions.finish(session.id(), MessengerHeader.parse("SessionID=954547325.13160; GW-IP=207.46.110.18"));
        sessions.begin(session.id());
        GatewaySession updated = sessions.finish(session.id(), MessengerHeader.parse("SessionID=954547325.13161"))
                .orElseThrow();

        assertEquals("954547325.13161", updated.upstreamSessionId());
        assertEquals("207.46.110.18", updated.upstreamGatewayIp());
        GatewayRequest poll = UpstreamGatewayRequests.poll(updated);
        assertEquals("/gateway/gateway.dll?Action=poll&SessionID=954547325.13161", poll.target());
        assertEquals("207.46.110.18", poll.header("host"));
    }

    @Test
    void anUpstreamCloseEndsTheSession() {
        GatewaySession session = open();

        assertTrue(sessions.finish(session.id(), MessengerHeader.parse("Session=close")).isEmpty());
        assertInstanceOf(GatewaySessions.Begin.Unknown.class, sessions.begin(session.id()));
    }

    @Test
    void idleSessionsExpireAndTheTableIsBounded() {
        GatewaySession first = open();
        sessions.finish(first.id(), null);
        clock.advance(Duration.ofSeconds(30));
        GatewaySession second = open();
        sessions.finish(second.id(), null);

        assertTrue(sessions.open(GatewayServer.NS, DISPATCH).isEmpty(), "full at 2 sessions");
        clock.advance(Duration.ofSeconds(30));
        assertInstanceOf(GatewaySessions.Begin.Unknown.class, sessions.begin(first.id()));
        assertEquals(1, sessions.expire().size());
        assertEquals(1, sessions.size());
        assertTrue(sessions.open(GatewayServer.NS, DISPATCH).isPresent());
    }

    @Test
    void upstreamRequestsNameTheRealServerAndLookLikeMsnMessenger() {
        GatewayRequest open = UpstreamGatewayRequests.open("gateway.messenger.hotmail.com", GatewayServer.SB,
                new HostPort("207.46.108.37", 1863), "USR 1 alice@corp.example 1.2.3\r\n".getBytes(UTF_8));
        GatewayRequest openOtherPort = UpstreamGatewayRequests.open("gw.example", GatewayServer.NS,
                new HostPort("10.0.0.5", 1864), new byte[0]);

        assertEquals("/gateway/gateway.dll?Action=open&Server=SB&IP=207.46.108.37", open.target());
        assertEquals("application/x-msn-messenger", open.header("Content-Type"));
        assertEquals("MSMSGS", open.header("User-Agent"));
        assertEquals("gateway.messenger.hotmail.com", open.header("Host"));
        assertEquals("/gateway/gateway.dll?Action=open&Server=NS&IP=10.0.0.5%3A1864", openOtherPort.target());
        GatewaySession fresh = open();
        assertThrows(IllegalStateException.class, () -> UpstreamGatewayRequests.send(fresh, new byte[0]));
    }

    @Test
    void theRouterNeverLetsTheClientPickTheUpstream() {
        NsPortAllocator nsPorts = new NsPortAllocator(18630, 18639);
        SwitchboardRoutes switchboards = new SwitchboardRoutes(clock, Duration.ofMinutes(1), 10);
        GatewayRouter router = new GatewayRouter("im.corp.example", DISPATCH, nsPorts, switchboards);
        nsPorts.portFor(NS);
        switchboards.register(new SwitchboardTicket("17262740.1050826919.32308", null), new HostPort("207.46.108.37",
                1863));
        MsnCommand usr = MsnCommand.of("USR", 1L, "alice@corp.example", "17262740.1050826919.32308");

        assertEquals(DISPATCH, router.upstreamFor(new GatewayCall.Open(GatewayServer.NS, "messenger.hotmail.com",
                new byte[0]), null).orElseThrow());
        assertEquals(NS, router.upstreamFor(new GatewayCall.Open(GatewayServer.NS, "im.corp.example:18630",
                new byte[0]), null).orElseThrow());
        assertEquals(DISPATCH, router.upstreamFor(new GatewayCall.Open(GatewayServer.NS, "intranet.corp.example:25",
                new byte[0]), null).orElseThrow());
        assertEquals(DISPATCH, router.upstreamFor(new GatewayCall.Open(GatewayServer.NS, "im.corp.example:18631",
                new byte[0]), null).orElseThrow());
        GatewayRouter v6 = new GatewayRouter("::1", DISPATCH, nsPorts, switchboards);
        assertEquals(NS, v6.upstreamFor(new GatewayCall.Open(GatewayServer.NS, "[::1]:18630", new byte[0]), null)
                .orElseThrow());
        GatewayCall.Open sb = new GatewayCall.Open(GatewayServer.SB, "im.corp.example:1864", new byte[0]);
        assertTrue(router.upstreamFor(sb, null).isEmpty());
        assertEquals(new HostPort("207.46.108.37", 1863), router.upstreamFor(sb, usr).orElseThrow());
        assertTrue(router.upstreamFor(sb, usr).isEmpty(), "the cookie was used");
    }
}
