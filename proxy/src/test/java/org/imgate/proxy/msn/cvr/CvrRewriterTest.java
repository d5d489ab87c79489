package org.imgate.proxy.msn.cvr;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.imgate.core.Version;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.MsnEncoder;
import org.imgate.proxy.msn.codec.Origin;
import org.imgate.proxy.msn.identify.CvrFields;
import org.imgate.proxy.msn.identify.KnownClients;
import org.junit.jupiter.api.Test;

class CvrRewriterTest {

    private static final String MIRROR = "http://mirror.corp.example/msn/MsnMsgs-7.0.0816.msi";
    private static final CvrFields MSN_50 = CvrFields.parse(List.of("0x0409", "winnt", "5.1", "i386", "MSNMSGR",
            "5.0.0544", "MSMSGS", "alice@corp.example"));
    private static final CvrFields WM_47 = CvrFields.parse(List.of("0x0409", "winnt", "5.1", "i386", "MSMSGS",
            "4.7.3001", "WindowsMessenger", "bob@corp.example"));
    private static final CvrFields GAIM = CvrFields.parse(List.of("0x0409", "winnt", "5.1", "i386", "GAIM",
            "1.5.0", "GAIM", "eve@corp.example"));

    private static MsnCommand reply(String line) throws Exception {
        return new MsnDecoder(Origin.SERVER).decode((line + "\r\n").getBytes(UTF_8)).get(0);
    }

    private static final String MSNP8_REPLY =
            "CVR 2 6.0.0602 6.0.0602 5.0.0540 http://dl.example/SetupDl.exe http://messenger.msn.com";

    @Test
    void minimumAndDownloadUrlPointTheClientAtTheInternalMirror() throws Exception {
        CvrRewriter rewriter = new CvrRewriter(List.of(new CvrOverride(KnownClients.MSN_MESSENGER,
                Version.parse("7.0.0816"), Version.parse("7.0.0816"), MIRROR, "http://intranet.corp.example/im")));

        MsnCommand rewritten = rewriter.rewrite(MSN_50, reply(MSNP8_REPLY));

        assertEquals("CVR 2 7.0.0816 7.0.0816 7.0.0816 " + MIRROR + " http://intranet.corp.example/im\r\n",
                new String(MsnEncoder.encode(rewritten), UTF_8));
        MsnCommand redecoded = new MsnDecoder(Origin.SERVER).decode(MsnEncoder.encode(rewritten)).get(0);
        assertEquals(rewritten.args(), redecoded.args());
    }

    @Test
    void aMinimumAboveTheUpstreamsRecommendationRaisesTheRecommendationToo() throws Exception {
        CvrRewriter rewriter = new CvrRewriter(List.of(new CvrOverride(KnownClients.MSN_MESSENGER, null,
                Version.parse("6.2.0208"), null, null)));

        MsnCommand rewritten = rewriter.rewrite(MSN_50, reply(MSNP8_REPLY));

        assertEquals(List.of("6.2.0208", "6.2.0208", "6.2.0208", "http://dl.example/SetupDl.exe",
                "http://messenger.msn.com"), rewritten.args());
        assertEquals(2L, rewritten.trId());
    }

    @Test
    void onlyTheClientsOwnFamilyIsRewritten() throws Exception {
        CvrRewriter rewriter = new CvrRewriter(List.of(
                new CvrOverride(KnownClients.MSN_MESSENGER, null, Version.parse("7.0.0816"), MIRROR, null),
                new CvrOverride(KnownClients.WINDOWS_MESSENGER, null, Version.parse("4.7.3001"), null, null)));

        assertEquals("4.7.3001", rewriter.rewrite(WM_47, reply(MSNP8_REPLY)).arg(2));
        assertEquals("7.0.0816", rewriter.rewrite(MSN_50, reply(MSNP8_REPLY)).arg(2));
    }

    @Test
    void unchangedRepliesPassByteForByte() throws Exception {
        CvrRewriter rewriter = new CvrRewriter(List.of(new CvrOverride(KnownClients.MSN_MESSENGER, null,
                Version.parse("5.0.0540"), "http://dl.example/SetupDl.exe", null)));
        MsnCommand escargot = reply("CVR 2 5.0.0544 5.0.0544 5.0.0544 https://escargot.log1p.xyz "
                + "https://escargot.log1p.xyz");
        MsnCommand original = reply(MSNP8_REPLY);

        assertSame(escargot, new CvrRewriter(List.of()).rewrite(MSN_50, escargot));
        assertSame(original, rewriter.rewrite(GAIM, original), "an unknown family keeps the upstream's reply");
        assertSame(original, rewriter.rewrite(MSN_50, original), "values equal to the upstream's change nothing");
        assertSame(original, rewriter.rewrite(null, original));
        MsnCommand error = reply("710 2");
        assertSame(error, rewriter.rewrite(MSN_50, error));
        MsnCommand shortReply = reply("CVR 2 1.0.0000");
        assertArrayEquals(shortReply.raw(), MsnEncoder.encode(rewriter.rewrite(MSN_50, shortReply)));
    }

    @Test
    void badOverridesAreRefusedNamingTheFamilyAndTheValue() {
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class, () -> new CvrOverride(
                KnownClients.MSN_MESSENGER, null, null, "file:///c:/setup.exe", null));
        IllegalArgumentException space = assertThrows(IllegalArgumentException.class, () -> new CvrOverride(
                KnownClients.MSN_MESSENGER, null, null, "http://x.example/a b", null));
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> new CvrOverride(
                KnownClients.MSN_MESSENGER, Version.parse("6.0"), Version.parse("7.0"), null, null));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> new CvrRewriter(List.of(
                new CvrOverride(KnownClients.MSN_MESSENGER, null, null, null, null),
                new CvrOverride(KnownClients.MSN_MESSENGER, null, null, null, null))));

        assertTrue(url.getMessage().contains("MSN Messenger") && url.getMessage().contains("file:///c:/setup.exe"));
        assertTrue(space.getMessage().contains("without spaces"));
        assertTrue(order.getMessage().contains("older than the minimum"));
        assertTrue(twice.getMessage().contains("two CVR overrides"));
    }
}
