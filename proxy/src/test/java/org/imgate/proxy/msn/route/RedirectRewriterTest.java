package org.imgate.proxy.msn.route;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.SteppingClock;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.MsnEncoder;
import org.imgate.proxy.msn.codec.Origin;
import org.junit.jupiter.api.Test;

class RedirectRewriterTest {

    private final SteppingClock clock = new SteppingClock();
    private final NsPortAllocator nsPorts = new NsPortAllocator(18630, 18631);
    private final SwitchboardRoutes switchboards = new SwitchboardRoutes(clock, Duration.ofMinutes(2), 100);
    private final RedirectRewriter rewriter = new RedirectRewriter("im.corp.example", nsPorts, 1864, switchboards);

    private static MsnCommand server(String line) throws Exception {
        List<MsnCommand> commands = new MsnDecoder(Origin.SERVER).decode((line + "\r\n").getBytes(UTF_8));
        assertEquals(1, commands.size());
        return commands.get(0);
    }

    private static String wire(MsnCommand command) {
        return new String(MsnEncoder.encode(command), UTF_8);
    }

    private static MsnCommand redecode(MsnCommand command) throws Exception {
        return new MsnDecoder(Origin.SERVER).decode(MsnEncoder.encode(command)).get(0);
    }

    @Test
    void xfrNsPointsTheClientAtTheUpstreamsOwnImgatePort() throws Exception {
        RedirectResult result = rewriter.rewrite(server("XFR 3 NS 207.46.106.118:1863 0 207.46.104.20:1863"));

        RedirectResult.Redirected redirected = assertInstanceOf(RedirectResult.Redirected.class, result);
        assertEquals("XFR 3 NS im.corp.example:18630 0 207.46.104.20:1863\r\n", wire(redirected.command()));
        assertEquals(new Route(RouteKind.NOTIFICATION, new HostPort("im.corp.example", 18630),
                new HostPort("207.46.106.118", 1863)), redirected.route());
        assertEquals(new HostPort("207.46.106.118", 1863), nsPorts.upstreamFor(18630).orElseThrow());
        assertEquals(redirected.command().args(), redecode(redirected.command()).args());
    }

    @Test
    void theSameNotificationServerKeepsItsPortAndAnotherGetsTheNext() throws Exception {
        rewriter.rewrite(server("XFR 3 NS 207.46.106.118:1863 0 207.46.104.20:1863"));
        RedirectResult again = rewriter.rewrite(server("XFR 9 NS 207.46.106.118:1863 0 207.46.104.20:1863"));
        RedirectResult other = rewriter.rewrite(server("XFR 3 NS 207.46.106.119:1863 0 207.46.104.20:1863"));

        assertEquals(18630, ((RedirectResult.Redirected) again).route().advertised().port());
        assertEquals(18631, ((RedirectResult.Redirected) other).route().advertised().port());
    }

    @Test
    void aFullPortRangeRefusesTheRedirectInsteadOfLettingTheClientBypassImgate() throws Exception {
        rewriter.rewrite(server("XFR 3 NS 10.0.0.1:1863 0 10.0.0.9:1863"));
        rewriter.rewrite(server("XFR 3 NS 10.0.0.2:1863 0 10.0.0.9:1863"));

        RedirectResult result = rewriter.rewrite(server("XFR 3 NS 10.0.0.3:1863 0 10.0.0.9:1863"));

        RedirectResult.Unroutable refused = assertInstanceOf(RedirectResult.Unroutable.class, result);
        assertTrue(refused.reason().contains("18630-18631"), refused.reason());
        assertTrue(refused.reason().contains("10.0.0.3:1863"), refused.reason());
    }

    @Test
    void xfrSbFromTheLoopbackTranscriptIsRewrittenAndItsCookieRoutesTheUsr() throws Exception {
        RedirectResult result = rewriter.rewrite(server("XFR 8 SB 127.0.0.1:1864 CKI 138be2a6268e48cbdb72"));

        RedirectResult.Redirected redirected = assertInstanceOf(RedirectResult.Redirected.class, result);
        assertEquals("XFR 8 SB im.corp.example:1864 CKI 138be2a6268e48cbdb72\r\n", wire(redirected.command()));
        assertEquals(RouteKind.SWITCHBOARD, redirected.route().kind());
        MsnCommand usr = MsnCommand.of("USR", 1L, "alice@corp.example", "138be2a6268e48cbdb72");
        assertEquals(new HostPort("127.0.0.1", 1864), switchboards.claim(usr).orElseThrow());
        assertTrue(switchboards.claim(usr).isEmpty(), "a cookie admits one connection");
    }

    @Test
    void rngIsRewrittenAndRoutesTheAnsByCookieAndSessionId() throws Exception {
        String line = "RNG a4b1f93563e849f929fb51c4b095b4f 127.0.0.1:1864 CKI 020279218ed039622768 t1e@example.com T1e";

        RedirectResult.Redirected redirected = (RedirectResult.Redirected) rewriter.rewrite(server(line));

        assertEquals("RNG a4b1f93563e849f929fb51c4b095b4f im.corp.example:1864 CKI 020279218ed039622768 "
                + "t1e@example.com T1e\r\n", wire(redirected.command()));
        MsnCommand wrongSession = MsnCommand.of("ANS", 1L, "bob@corp.example", "020279218ed039622768", "999");
        assertTrue(switchboards.claim(wrongSession).isEmpty());
        MsnCommand ans = MsnCommand.of("ANS", 1L, "bob@corp.example", "020279218ed039622768",
                "a4b1f93563e849f929fb51c4b095b4f");
        assertEquals(new HostPort("127.0.0.1", 1864), switchboards.claim(ans).orElseThrow());
    }

    @Test
    void msnp13TrailingFieldsSurviveTheRewrite() throws Exception {
        RedirectResult.Redirected redirected = (RedirectResult.Redirected) rewriter.rewrite(
                server("XFR 10 SB 65.54.171.30:1863 CKI 1743299.7483 U messenger.msn.com 1"));

        assertEquals("XFR 10 SB im.corp.example:1864 CKI 1743299.7483 U messenger.msn.com 1\r\n",
                wire(redirected.command()));
    }

    @Test
    void anAddressWithoutPortMeans1863() throws Exception {
        RedirectResult.Redirected redirected = (RedirectResult.Redirected) rewriter.rewrite(
                server("XFR 3 NS 207.46.106.118 0 207.46.104.20:1863"));

        assertEquals(new HostPort("207.46.106.118", 1863), redirected.route().upstream());
    }

    @Test
    void otherCommandsAndTheClientsOwnXfrAreNotRedirects() throws Exception {
        assertInstanceOf(RedirectResult.NotARedirect.class, rewriter.rewrite(server("CAL 2 RINGING 11752013")));
        assertInstanceOf(RedirectResult.NotARedirect.class, rewriter.rewrite(MsnCommand.of("XFR", 8L, "SB")));
        assertInstanceOf(RedirectResult.NotARedirect.class, rewriter.rewrite(server("XFR 8 XX 1.2.3.4:1")));
        assertEquals(0, nsPorts.allocated());
        assertEquals(0, switchboards.size());
    }

    @Test
    void aSwitchboardRedirectWithoutCookieOrWithAGarbledAddressIsUnroutable() throws Exception {
        RedirectResult noCookie = rewriter.rewrite(server("XFR 8 SB 127.0.0.1:1864 CKI"));
        RedirectResult garbled = rewriter.rewrite(server("XFR 8 SB 127.0.0.1:port CKI 1.2"));

        assertTrue(((RedirectResult.Unroutable) noCookie).reason().contains("no CKI cookie"));
        assertTrue(((RedirectResult.Unroutable) garbled).reason().contains("127.0.0.1:port"));
        assertEquals(0, switchboards.size());
    }

    @Test
    void theCookieNeverAppearsInResultsOrRoutes() throws Exception {
        String cookie = "17262740.1050826919.32308";
        RedirectResult ok = rewriter.rewrite(server("XFR 8 SB 207.46.108.37:1863 CKI " + cookie));
        RedirectResult bad = rewriter.rewrite(server("RNG 1 207.46.108.37:x CKI " + cookie + " a@b.c A"));

        assertFalse(ok.toString().contains(cookie), ok.toString());
        assertFalse(bad.toString().contains(cookie), bad.toString());
        assertFalse(new SwitchboardTicket(cookie, "11752013").toString().contains(cookie));
    }
}
