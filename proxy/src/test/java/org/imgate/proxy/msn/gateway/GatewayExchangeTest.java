package org.imgate.proxy.msn.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * imgate between a gateway client and the upstream gateway of the Escargot transcript (open, send, poll),
 * using the pure parts the transport will wire: the client sees imgate's own session id and GW-IP,
 * the upstream sees its own session id and the real server, and the MSNP in between goes through the
 * same decoder and rewriters as a TCP session (here: the CVR reply points at the internal mirror).
 */
class GatewayExchangeTest {

    private static final String ADVERTISED = "im.corp.example";
    private static final String MIRROR = "http://mirror.corp.example/msn/setup.msi";

    private final SteppingClock clock = new SteppingClock();
    private final GatewayRequestParser parser = new GatewayRequestParser(64 * 1024);
    private final GatewaySessions sessions = new GatewaySessions(clock, Duration.ofMinutes(1), 100,
            new SplittableRandom(3));
    private final GatewayRouter router = new GatewayRouter(ADVERTISED, new HostPort("127.0.0.1", 1863),
            new NsPortAllocator(18630, 18639), new SwitchboardRoutes(clock, Duration.ofMinutes(1), 100));
    private final CvrRewriter cvr = new CvrRewriter(List.of(new CvrOverride(KnownClients.MSN_MESSENGER,
            Version.parse("7.0.0816"), Version.parse("7.0.0816"), MIRROR, null)));
    private final MsnDecoder fromClient = new MsnDecoder(Origin.CLIENT);
    private final MsnDecoder fromServer = new MsnDecoder(Origin.SERVER);
    private CvrFields clientCvr;

    /** The recorded upstream replies: X-MSN-Messenger and body of each. */
    private static List<GatewayResponse> upstreamReplies() throws IOException {
        List<GatewayResponse> out = new ArrayList<>();
        Pattern header = Pattern.compile("^200 (SessionID=[^;]+; GW-IP=\\S+)");
        try (InputStream in = GatewayExchangeTest.class.getResourceAsStream("/msn/escargot-gateway.txt")) {
            for (String line : new String(in.readAllBytes(), UTF_8).split("\n")) {
                Matcher m = header.matcher(line);
                if (m.find()) {
                    out.add(GatewayResponse.of(MessengerHeader.parse(m.group(1)),
                            Transcript.pythonBytes(line.substring(line.lastIndexOf(" b'") + 1))));
                }
            }
        }
        return out;
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
        List<GatewayResponse> upstream = upstreamReplies();
        assertEquals(3, upstream.size());

        // open
        GatewayCall.Open open = (GatewayCall.Open) parser.parse(clientPost("http://gateway.messenger.hotmail.com"
                + "/gateway/gateway.dll?Action=open&Server=NS&IP=messenger.hotmail.com", "VER 1 MSNP8 CVR0\r\n"));
        HostPort target = router.upstreamFor(open, null).orElseThrow();
        GatewaySession session = sessions.open(open.server(), target).orElseThrow();
        GatewayRequest upOpen = UpstreamGatewayRequests.open("gateway.messenger.hotmail.com", open.server(), target,
                up(open.msnp()));
        assertEquals("/gateway/gateway.dll?Action=open&Server=NS&IP=127.0.0.1", upOpen.target());
        assertArrayEquals("VER 1 MSNP8 CVR0\r\n".getBytes(UTF_8), upOpen.body());
        GatewayResponse reply = respond(session.id(), upstream.get(0));
        assertEquals("VER 1 MSNP8\r\n", new String(reply.body(), UTF_8));
        String clientSession = reply.messenger().orElseThrow().sessionId();
        assertEquals(ADVERTISED, reply.messenger().orElseThrow().gatewayIp());
        assertFalse(clientSession.contains("9998288e"));

        // send
        GatewayCall.Send send = (GatewayCall.Send) parser.parse(clientPost("/gateway/gateway.dll?SessionID="
                + clientSession, "CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 5.0.0544 MSMSGS t1e@example.com\r\n"
                + "USR 3 TWN I t1e@example.com\r\n"));
        GatewaySession begun = ((GatewaySessions.Begin.Begun) sessions.begin(send.sessionId())).session();
        GatewayRequest upSend = UpstreamGatewayRequests.send(begun, up(send.msnp()));
        assertEquals("/gateway/gateway.dll?SessionID=9998288e-1412-4e1a-ba5a-958db9d16f6d", upSend.target());
        assertEquals("127.0.0.1", upSend.header("Host"));
        reply = respond(begun.id(), upstream.get(1));
        assertEquals("CVR 2 7.0.0816 7.0.0816 7.0.0816 " + MIRROR + " https://escargot.log1p.xyz\r\n"
                + "USR 3 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1\r\n", new String(reply.body(), UTF_8));
        assertEquals(Integer.toString(reply.body().length), reply.header("Content-Length"));

        // poll
        GatewayCall.Poll poll = (GatewayCall.Poll) parser.parse(clientPost("/gateway/gateway.dll?Action=poll&SessionID="
                + clientSession, ""));
        GatewaySession polling = ((GatewaySessions.Begin.Begun) sessions.begin(poll.sessionId())).session();
        assertEquals("/gateway/gateway.dll?Action=poll&SessionID=9998288e-1412-4e1a-ba5a-958db9d16f6d",
                UpstreamGatewayRequests.poll(polling).target());
        reply = respond(polling.id(), upstream.get(2));
        assertEquals(0, reply.body().length);
        assertEquals("SessionID=" + clientSession + "; GW-IP=" + ADVERTISED, reply.header("X-MSN-Messenger"));
        assertInstanceOf(GatewaySessions.Begin.Begun.class, sessions.begin(clientSession));
    }

    private GatewayResponse respond(String id, GatewayResponse fromUpstream) throws Exception {
        GatewaySession done = sessions.finish(id, fromUpstream.messenger().orElseThrow()).orElseThrow();
        return GatewayResponse.of(new MessengerHeader(done.id(), ADVERTISED, false), down(fromUpstream.body()));
    }
}
