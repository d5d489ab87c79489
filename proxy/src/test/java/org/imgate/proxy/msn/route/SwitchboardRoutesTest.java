package org.imgate.proxy.msn.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.CapturingLogger;
import org.imgate.proxy.msn.SteppingClock;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.junit.jupiter.api.Test;

class SwitchboardRoutesTest {

    private static final HostPort SB1 = new HostPort("207.46.108.37", 1863);
    private static final HostPort SB2 = new HostPort("207.46.108.38", 1863);

    private final SteppingClock clock = new SteppingClock();
    private final SwitchboardRoutes routes = new SwitchboardRoutes(clock, Duration.ofSeconds(60), 2);

    @Test
    void aRouteExpiresAfterItsTimeToLive() {
        routes.register(new SwitchboardTicket("c1", null), SB1);
        clock.advance(Duration.ofSeconds(59));
        routes.register(new SwitchboardTicket("c2", null), SB2);
        clock.advance(Duration.ofSeconds(1));

        assertTrue(routes.claim(new SwitchboardTicket("c1", null)).isEmpty());
        assertEquals(SB2, routes.claim(new SwitchboardTicket("c2", null)).orElseThrow());
    }

    @Test
    void aFullTableDropsTheOldestRouteAndCountsIt() {
        routes.register(new SwitchboardTicket("c1", null), SB1);
        routes.register(new SwitchboardTicket("c2", null), SB1);
        routes.register(new SwitchboardTicket("c3", null), SB2);

        assertEquals(2, routes.size());
        assertEquals(1, routes.evicted());
        assertTrue(routes.claim(new SwitchboardTicket("c1", null)).isEmpty());
        assertEquals(SB2, routes.claim(new SwitchboardTicket("c3", null)).orElseThrow());
    }

    @Test
    void ticketsAreReadFromUsrAndAnsOnly() {
        assertEquals(new SwitchboardTicket("849102291.520491113", "11752013"), SwitchboardRoutes.ticketOf(
                MsnCommand.of("ANS", 1L, "bob@corp.example", "849102291.520491113", "11752013")).orElseThrow());
        assertEquals(new SwitchboardTicket("17262740.1050826919.32308", null), SwitchboardRoutes.ticketOf(
                MsnCommand.of("USR", 1L, "alice@corp.example", "17262740.1050826919.32308")).orElseThrow());
        assertTrue(SwitchboardRoutes.ticketOf(MsnCommand.of("VER", 1L, "MSNP8", "CVR0")).isEmpty());
        assertTrue(SwitchboardRoutes.ticketOf(MsnCommand.of("ANS", 1L, "bob@corp.example", "c")).isEmpty());
        assertTrue(SwitchboardRoutes.ticketOf(MsnCommand.of("USR", 1L, "alice@corp.example")).isEmpty());
    }

    @Test
    void anUnknownCookieRoutesNowhere() {
        routes.register(new SwitchboardTicket("c1", null), SB1);

        assertTrue(routes.claim(MsnCommand.of("USR", 1L, "mallory@corp.example", "guess")).isEmpty());
        assertEquals(1, routes.size());
    }

    @Test
    void badConfigurationIsRefusedWithTheNameOfTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SwitchboardRoutes(clock, Duration.ZERO, 1));
        assertTrue(e.getMessage().contains("time to live"));
        assertThrows(IllegalArgumentException.class, () -> new NsPortAllocator(2000, 1999));
        assertThrows(IllegalArgumentException.class, () -> new SwitchboardTicket(" ", null));
    }

    @Test
    void aFullTableIsReportedWithoutAnyCookie() {
        CapturingLogger log = new CapturingLogger();
        SwitchboardRoutes small = new SwitchboardRoutes(clock, Duration.ofSeconds(60), 1, log);
        RedirectRewriter rewriter = new RedirectRewriter("im.corp.example", new NsPortAllocator(18630, 18630), 1864,
                small);

        rewriter.rewrite(MsnCommand.of("XFR", 8L, "SB", "207.46.108.37:1863", "CKI", "17262740.1050826919.32308"));
        rewriter.rewrite(MsnCommand.of("RNG", null, "11752013", "207.46.108.37:1863", "CKI", "849102291.520491113",
                "alice@corp.example", "Alice"));
        small.claim(MsnCommand.of("ANS", 1L, "bob@corp.example", "849102291.520491113", "11752013"));

        assertEquals(1, log.lines().size(), log.all());
        assertTrue(log.all().contains("switchboard route table full"), log.all());
        assertFalse(log.all().contains("17262740"), log.all());
        assertFalse(log.all().contains("849102291"), log.all());
    }
}
