package org.imgate.proxy.msn.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
        sessions.finish(session.id());
        assertInstanceOf(GatewaySessions.Begin.Begun.class, sessions.begin(session.id()));
        assertInstanceOf(GatewaySessions.Begin.Busy.class, sessions.begin(session.id()));
        sessions.finish(session.id());
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
    void anEndedSessionTakesNoMoreRequestsAndFreesItsPlace() {
        GatewaySession ended = open();
        GatewaySession other = open();
        sessions.finish(other.id());

        assertEquals(ended.id(), sessions.close(ended.id()).orElseThrow().id());
        assertTrue(sessions.finish(ended.id()).isEmpty(), "a reply racing the end learns the session is gone");
        assertInstanceOf(GatewaySessions.Begin.Unknown.class, sessions.begin(ended.id()));
        assertInstanceOf(GatewaySessions.Begin.Begun.class, sessions.begin(other.id()));
        assertTrue(sessions.open(GatewayServer.NS, DISPATCH).isPresent(), "the ended session's place is free");
    }

    @Test
    void idleSessionsExpireAndTheTableIsBounded() {
        GatewaySession first = open();
        sessions.finish(first.id());
        clock.advance(Duration.ofSeconds(30));
        GatewaySession second = open();
        sessions.finish(second.id());

        assertTrue(sessions.open(GatewayServer.NS, DISPATCH).isEmpty(), "full at 2 sessions");
        clock.advance(Duration.ofSeconds(30));
        assertInstanceOf(GatewaySessions.Begin.Unknown.class, sessions.begin(first.id()));
        assertEquals(1, sessions.expire().size());
        assertEquals(1, sessions.size());
        assertTrue(sessions.open(GatewayServer.NS, DISPATCH).isPresent());
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
