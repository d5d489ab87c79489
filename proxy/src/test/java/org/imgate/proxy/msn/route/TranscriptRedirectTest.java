package org.imgate.proxy.msn.route;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.SteppingClock;
import org.imgate.proxy.msn.Transcript;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.MsnEncoder;
import org.imgate.proxy.msn.codec.Origin;
import org.junit.jupiter.api.Test;

/**
 * Replays the server side of every notification connection of the loopback transcript through decoder,
 * rewriter and encoder in odd-sized chunks, as the transport will: only the switchboard addresses change,
 * every other byte passes unchanged, and the recorded switchboard logins find their routes.
 */
class TranscriptRedirectTest {

    private final SteppingClock clock = new SteppingClock();
    private final SwitchboardRoutes switchboards = new SwitchboardRoutes(clock, Duration.ofMinutes(2), 100);
    private final RedirectRewriter rewriter = new RedirectRewriter("im.corp.example",
            new NsPortAllocator(18630, 18639), 1864, switchboards);
    private final Transcript transcript = Transcript.load("escargot-loopback.txt");

    private byte[] relay(byte[] serverStream, int chunkSize) throws Exception {
        MsnDecoder decoder = new MsnDecoder(Origin.SERVER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int from = 0; from < serverStream.length; from += chunkSize) {
            byte[] chunk = Arrays.copyOfRange(serverStream, from, Math.min(serverStream.length, from + chunkSize));
            for (MsnCommand command : decoder.decode(ByteBuffer.wrap(chunk))) {
                RedirectResult result = rewriter.rewrite(command);
                out.writeBytes(MsnEncoder.encode(result instanceof RedirectResult.Redirected r ? r.command() : command));
            }
        }
        decoder.endOfInput();
        return out.toByteArray();
    }

    @Test
    void onlySwitchboardAddressesChangeWhateverTheChunking() throws Exception {
        for (String connection : List.of("NS-A", "NS-B", "NS-C", "NS-D")) {
            byte[] original = transcript.stream(connection, Origin.SERVER);
            String expected = new String(original, ISO_8859_1)
                    .replace(" 127.0.0.1:1864 CKI ", " im.corp.example:1864 CKI ");
            for (int chunkSize : new int[] {1, 7, 1000, original.length + 1}) {
                assertEquals(expected, new String(relay(original, chunkSize), ISO_8859_1),
                        connection + " in chunks of " + chunkSize);
            }
        }
    }

    @Test
    void theRecordedSwitchboardLoginsFindTheirUpstream() throws Exception {
        relay(transcript.stream("NS-A", Origin.SERVER), 13);
        relay(transcript.stream("NS-B", Origin.SERVER), 13);
        assertNotEquals(0, switchboards.size());

        for (String connection : List.of("SB-A", "SB-B")) {
            MsnCommand first = new MsnDecoder(Origin.CLIENT).decode(transcript.stream(connection, Origin.CLIENT)).get(0);
            assertEquals(new HostPort("127.0.0.1", 1864), switchboards.claim(first).orElseThrow(), connection);
        }
    }
}
