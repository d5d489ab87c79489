package org.imgate.proxy.msn.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.imgate.core.HostPort;
import org.imgate.core.Version;
import org.imgate.proxy.msn.SteppingClock;
import org.imgate.proxy.msn.Transcript;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.MsnEncoder;
import org.imgate.proxy.msn.codec.Origin;
import org.imgate.proxy.msn.cvr.CvrOverride;
import org.imgate.proxy.msn.cvr.CvrRewriter;
import org.imgate.proxy.msn.identify.CvrFields;
import org.imgate.proxy.msn.identify.KnownClients;
import org.imgate.proxy.msn.route.NsPortAllocator;
import org.imgate.proxy.msn.route.SwitchboardRoutes;
import org.junit.jupiter.api.Test;

/**
 * imgate between a gateway client and an upstream reached over TCP, replaying the MSNP of the Escargot
 * gateway transcript (open, send, poll) through the pure parts the transport wires: the client sees
 * imgate's own session id and GW-IP, the upstream server named by imgate's routes (never by the client)
 * gets the client's commands as a TCP client would send them, and the server's replies go through the
 * same decoder and rewriters as a TCP session (here: the CVR reply points at the internal mirror).
 */
class GatewayExchangeTest {

    private static final String ADVERTISED = "im.corp.example";
    private static final HostPort UPSTREAM = new HostPort("127.0.0.1", 1863);
    private static final String MIRROR = "http://mirror.corp.example/msn/setup.msi";

    private final SteppingClock clock = new SteppingClock();
    private final GatewayRequestParser parser = new GatewayRequestParser(64 * 1024);
    private final GatewaySessions sessions = new GatewaySessions(clock, Duration.ofMinutes(1), 100,
            new SplittableRandom(3));
    private final GatewayRouter router = new GatewayRouter(ADVERTISED, UPSTREAM,
            new NsPortAllocator(18630, 18639), new SwitchboardRoutes(clock, Duration.ofMinutes(1), 100));
    private final CvrRewriter cvr = new CvrRewriter(List.of(new CvrOverride(KnownClients.MSN_MESSENGER,
            Version.parse("7.0.0816"), Version.parse("7.0.0816"), MIRROR, null)));
    private final MsnDecoder fromClient = new MsnDecoder(Origin.CLIENT);
    private final MsnDecoder fromServer = new MsnDecoder(Origin.SERVER);
    private CvrFields clientCvr;

    /** The MSNP the server sent in each recorded reply: what the upstream sends imgate over TCP. */
    private static List<byte[]> serverMsnp() throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (InputStream in = GatewayExchangeTest.class.getResourceAsStream("/msn/escargot-gateway.txt")) {
            for (String line : new String(in.readAllBytes(), UTF_8).split("\n")) {
                if (line.startsWith("200 ")) {
                    out.add(Transcript.pythonBytes(line.substring(line.lastIndexOf(" b'") + 1)));
                }
            }
        }
        return out;
    }

    private static MessengerHeader messenger(GatewayResponse reply) {
        return MessengerHeader.parse(reply.header(GatewayResponse.MESSENGER_HEADER));
    }

    private static GatewayRequest clientPost(String target, String body) {
        return new GatewayRequest("POST", target, Map.of("Content-Type", GatewayResponse.CONTENT_TYPE),
                body.getBytes(UTF_8));
    }

    /** Client MSNP on its way up: decoded (what the mapper sees), re-encoded byte for byte. */
    private byte[] up(byte[] msnp) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MsnCommand command : fromClient.decode(msnp)) {
            if ("CVR".equals(command.verb())) {
                clientCvr = CvrFields.parse(command.args());
            }
            out.writeBytes(MsnEncoder.encode(command));
        }
        return out.toByteArray();
    }

    /** Server MSNP on its way down, through the CVR rewrite. */
    private byte[] down(byte[] msnp) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MsnCommand command : fromServer.decode(msnp)) {
            out.writeBytes(MsnEncoder.encode(cvr.rewrite(clientCvr, command)));
        }
        return out.toByteArray();
    }

    @Test
    void openSendAndPollThroughImgate() throws Exception {
        List<byte[]> fromUpstream = serverMsnp();
        assertEquals(3, fromUpstream.size());

        // open: the client names the dispatch server; imgate's routes pick the TCP upstream
        GatewayCall.Open open = (GatewayCall.Open) parser.parse(clientPost("http://gateway.messenger.hotmail.com"
                + "/gateway/gateway.dll?Action=open&Server=NS&IP=messenger.hotmail.com", "VER 1 MSNP8 CVR0\r\n"));
        HostPort target = router.upstreamFor(open, null).orElseThrow();
        assertEquals(UPSTREAM, target);
        GatewaySession session = sessions.open(open.server(), target).orElseThrow();
        assertArrayEquals("VER 1 MSNP8 CVR0\r\n".getBytes(UTF_8), up(open.msnp()));
        GatewayResponse reply = respond(session.id(), fromUpstream.get(0));
        assertEquals("VER 1 MSNP8\r\n", new String(reply.body(), UTF_8));
        String clientSession = messenger(reply).sessionId();
        assertEquals(session.id(), clientSession);
        assertEquals(ADVERTISED, messenger(reply).gatewayIp());

        // send: the commands reach the upstream unchanged, the CVR reply is rewritten on its way back
        GatewayCall.Send send = (GatewayCall.Send) parser.parse(clientPost("/gateway/gateway.dll?SessionID="
                + clientSession, "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 5.0.0544 MSMSGS t1e@example.com\r\n"
                + "USR 3 TWN I t1e@example.com\r\n"));
        GatewaySession begun = ((GatewaySessions.Begin.Begun) sessions.begin(send.sessionId())).session();
        assertEquals(UPSTREAM, begun.upstream());
        assertEquals("CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 5.0.0544 MSMSGS t1e@example.com\r\n"
                + "USR 3 TWN I t1e@example.com\r\n", new String(up(send.msnp()), UTF_8));
        reply = respond(begun.id(), fromUpstream.get(1));
        assertEquals("CVR 2 7.0.0816 7.0.0816 7.0.0816 " + MIRROR + " https://escargot.log1p.xyz\r\n"
                + "USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1\r\n", new String(reply.body(), UTF_8));
        assertEquals(Integer.toString(reply.body().length), reply.header("Content-Length"));

        // poll: one request at a time, then the session takes the next one
        GatewayCall.Poll poll = (GatewayCall.Poll) parser.parse(clientPost("/gateway/gateway.dll?Action=poll&SessionID="
                + clientSession, ""));
        GatewaySession polling = ((GatewaySessions.Begin.Begun) sessions.begin(poll.sessionId())).session();
        assertInstanceOf(GatewaySessions.Begin.Busy.class, sessions.begin(clientSession));
        reply = respond(polling.id(), fromUpstream.get(2));
        assertEquals(0, reply.body().length);
        assertEquals("SessionID=" + clientSession + "; GW-IP=" + ADVERTISED, reply.header("X-MSN-Messenger"));
        assertInstanceOf(GatewaySessions.Begin.Begun.class, sessions.begin(clientSession));
    }

    private GatewayResponse respond(String id, byte[] serverMsnp) throws Exception {
        GatewaySession done = sessions.finish(id).orElseThrow();
        return GatewayResponse.of(new MessengerHeader(done.id(), ADVERTISED, false), down(serverMsnp));
    }
}
