package org.imgate.proxy.xmpp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmppStreamReaderTest {

    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='example.test' from='alice@example.test' "
            + "version='1.0' xml:lang='en' id='s-1'>";
    private static final String MESSAGE = "<message to='bob@example.test' type='chat' id='m1'>"
            + "<body>h\u00e9llo &amp; \u65e5\u672c &#x1F600; &lt;b&gt;</body>"
            + "<thread>t-1</thread></message>";
    private static final String PRESENCE = "<presence><c xmlns='http://jabber.org/protocol/caps' "
            + "node='https://gajim.org' ver='abc='/></presence>";
    private static final String STREAM = HEADER + "\n  " + MESSAGE + " " + PRESENCE + "\n</stream:stream>";

    @Test
    void readsHeaderStanzasAndEndWhateverTheChunking() throws Exception {
        byte[] bytes = utf8(STREAM);
        List<List<StreamItem>> runs = List.of(
                feedInChunks(reader(true), bytes, bytes.length),
                feedInChunks(reader(true), bytes, 1),
                feedInChunks(reader(true), bytes, 7),
                feedRandomly(reader(true), bytes, new Random(42)));
        for (List<StreamItem> items : runs) {
            assertEquals(4, items.size(), items.toString());
            StreamHeader header = assertInstanceOf(StreamHeader.class, items.get(0));
            assertEquals(new StreamHeader("example.test", "alice@example.test", "1.0", "en", "s-1", "jabber:client"),
                    header);
            TopLevelElement message = assertInstanceOf(TopLevelElement.class, items.get(1));
            assertArrayEquals(utf8(MESSAGE), message.bytes(), "message bytes must be forwarded verbatim");
            XmlElement body = message.element().child("body", "jabber:client").orElseThrow();
            assertEquals("h\u00e9llo & \u65e5\u672c \uD83D\uDE00 <b>", body.text());
            assertEquals("bob@example.test", message.element().attribute("to"));
            TopLevelElement presence = assertInstanceOf(TopLevelElement.class, items.get(2));
            assertArrayEquals(utf8(PRESENCE), presence.bytes());
            assertEquals("abc=", presence.element().child("c", "http://jabber.org/protocol/caps").orElseThrow()
                    .attribute("ver"));
            assertInstanceOf(StreamEnd.class, items.get(3));
        }
    }

    @Test
    void billionLaughsNeverExpands() {
        StringBuilder doc = new StringBuilder("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>");
        for (int i = 1; i <= 9; i++) {
            doc.append("<!ENTITY lol").append(i).append(" '");
            for (int j = 0; j < 10; j++) {
                doc.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            doc.append("'>");
        }
        doc.append("]><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
                + "<message><body>&lol9;</body></message>");
        XmppStreamReader reader = reader(false);
        XmppStreamException e = assertThrows(XmppStreamException.class, () -> reader.feed(utf8(doc.toString())));
        assertEquals(StreamErrorCondition.RESTRICTED_XML, e.condition());
        assertThrows(IllegalStateException.class, () -> reader.feed(utf8("<x/>")), "a failed reader stays dead");
    }

    @Test
    void externalEntityIsRefusedAndNothingIsRead() {
        String doc = "<?xml version='1.0'?><!DOCTYPE s [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
                + HEADER.substring(HEADER.indexOf("<stream:stream")) + "<message><body>&xxe;</body></message>";
        XmppStreamException e = assertThrows(XmppStreamException.class, () -> reader(false).feed(utf8(doc)));
        assertEquals(StreamErrorCondition.RESTRICTED_XML, e.condition());
    }

    @Test
    void undeclaredEntityInsideStanzaIsRestrictedXml() throws Exception {
        XmppStreamReader reader = reader(true);
        reader.feed(utf8(HEADER));
        XmppStreamException e = assertThrows(XmppStreamException.class,
                () -> reader.feed(utf8("<message><body>&xxe;</body></message>")));
        assertEquals(StreamErrorCondition.RESTRICTED_XML, e.condition());
        assertTrue(e.getMessage().contains("xxe"), e.getMessage());
    }

    @Test
    void commentsAndProcessingInstructionsAreRestrictedXml() throws Exception {
        for (String bad : List.of("<message><!-- hidden --></message>", "<message><?pi data?></message>")) {
            XmppStreamReader reader = reader(true);
            reader.feed(utf8(HEADER));
            XmppStreamException e = assertThrows(XmppStreamException.class, () -> reader.feed(utf8(bad)));
            assertEquals(StreamErrorCondition.RESTRICTED_XML, e.condition(), bad);
        }
    }

    @Test
    void oversizedStanzaIsPolicyViolationEvenBeforeItCloses() throws Exception {
        XmppStreamReader reader = new XmppStreamReader(new XmlLimits(1000, 32, 50, 10_000), true);
        reader.feed(utf8(HEADER));
        reader.feed(utf8("<message><body>"));
        byte[] chunk = utf8("x".repeat(400));
        reader.feed(chunk);
        reader.feed(chunk);
        XmppStreamException e = assertThrows(XmppStreamException.class, () -> reader.feed(chunk));
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, e.condition());
    }

    @Test
    void oversizedUnfinishedStartTagIsPolicyViolation() throws Exception {
        XmppStreamReader reader = new XmppStreamReader(new XmlLimits(1000, 32, 50, 10_000), true);
        reader.feed(utf8(HEADER));
        byte[] chunk = utf8("<message to='" + "a".repeat(1200));
        XmppStreamException e = assertThrows(XmppStreamException.class, () -> reader.feed(chunk));
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, e.condition());
    }

    @Test
    void stanzaAtTheLimitPassesAndWhitespaceKeepalivesDoNotAccumulate() throws Exception {
        String stanza = "<message><body>" + "y".repeat(100) + "</body></message>";
        XmppStreamReader reader = new XmppStreamReader(new XmlLimits(stanza.length(), 32, 50, 10_000), true);
        reader.feed(utf8(HEADER));
        List<StreamItem> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.addAll(reader.feed(utf8(" ".repeat(50))));
            items.addAll(reader.feed(utf8(stanza)));
        }
        assertEquals(20, items.size());
    }

    @Test
    void deepNestingIsPolicyViolation() throws Exception {
        XmppStreamReader reader = new XmppStreamReader(new XmlLimits(10_000, 5, 50, 10_000), true);
        reader.feed(utf8(HEADER));
        assertEquals(1, reader.feed(utf8("<a><b><c><d/></c></b></a>")).size(), "depth 5 is allowed");
        XmppStreamException e = assertThrows(XmppStreamException.class,
                () -> reader.feed(utf8("<a><b><c><d><e/></d></c></b></a>")));
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, e.condition());
    }

    @Test
    void tooManyAttributesIsPolicyViolation() throws Exception {
        XmppStreamReader reader = new XmppStreamReader(new XmlLimits(10_000, 32, 3, 10_000), true);
        reader.feed(utf8(HEADER.replace(" xml:lang='en' id='s-1'", "")));
        assertEquals(1, reader.feed(utf8("<m a='1' b='2' c='3'/>")).size());
        XmppStreamException e = assertThrows(XmppStreamException.class,
                () -> reader.feed(utf8("<m a='1' b='2' c='3' d='4'/>")));
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, e.condition());
    }

    @Test
    void unauthenticatedStreamIsCappedInTotal() throws Exception {
        XmppStreamReader reader = reader(false);
        reader.feed(utf8(HEADER));
        String iq = "<iq type='get' id='x'><query xmlns='jabber:iq:version'/></iq>";
        int fed = HEADER.length();
        XmppStreamException e = null;
        while (e == null) {
            try {
                reader.feed(utf8(iq));
                fed += iq.length();
            } catch (XmppStreamException ex) {
                e = ex;
            }
        }
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, e.condition());
        assertTrue(fed <= XmlLimits.DEFAULT_MAX_BYTES_BEFORE_AUTH && fed > XmlLimits.DEFAULT_MAX_BYTES_BEFORE_AUTH - 100,
                "accepted " + fed + " bytes before refusing");

        XmppStreamReader afterAuth = reader(true);
        afterAuth.feed(utf8(HEADER));
        for (int i = 0; i < 500; i++) {
            afterAuth.feed(utf8(iq));
        }
    }

    @Test
    void malformedXmlIsNotWellFormed() throws Exception {
        XmppStreamReader reader = reader(true);
        reader.feed(utf8(HEADER));
        XmppStreamException e = assertThrows(XmppStreamException.class,
                () -> reader.feed(utf8("<message><body>hi</message>")));
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED, e.condition());
    }

    @Test
    void textAtStreamLevelIsBadFormat() throws Exception {
        XmppStreamReader reader = reader(true);
        reader.feed(utf8(HEADER));
        XmppStreamException e = assertThrows(XmppStreamException.class, () -> reader.feed(utf8("hello")));
        assertEquals(StreamErrorCondition.BAD_FORMAT, e.condition());
    }

    @Test
    void wrongStreamNamespaceIsInvalidNamespace() {
        XmppStreamException e = assertThrows(XmppStreamException.class,
                () -> reader(false).feed(utf8("<stream:stream xmlns:stream='urn:wrong' to='x'>")));
        assertEquals(StreamErrorCondition.INVALID_NAMESPACE, e.condition());
    }

    @Test
    void nonUtf8DeclarationIsUnsupportedEncoding() {
        XmppStreamException e = assertThrows(XmppStreamException.class, () -> reader(false)
                .feed(utf8("<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER.substring(21))));
        assertEquals(StreamErrorCondition.UNSUPPORTED_ENCODING, e.condition());
    }

    @Test
    void stopsAtProceedAndHandsOverTheBytesBehindIt() throws Exception {
        String serverHeader = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' from='example.test' id='abc' version='1.0'>";
        String features = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
                + "</starttls></stream:features>";
        String proceed = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
        byte[] tlsBytes = {0x16, 0x03, 0x01, 0x00, (byte) 0xff, 0x3c};
        byte[] all = concat(utf8(serverHeader + features + proceed), tlsBytes);

        XmppStreamReader reader = reader(false);
        List<StreamItem> items = reader.feed(all);
        assertEquals(3, items.size());
        TopLevelElement f = assertInstanceOf(TopLevelElement.class, items.get(1));
        assertTrue(f.element().is("features", XmppNamespaces.STREAMS));
        assertEquals("stream", f.element().prefix());
        assertTrue(((TopLevelElement) items.get(2)).element().is("proceed", XmppNamespaces.TLS));
        assertTrue(reader.restarted());
        assertArrayEquals(tlsBytes, reader.unconsumed(), "bytes after <proceed/> belong to TLS");
        assertThrows(IllegalStateException.class, () -> reader.feed(utf8(" ")));
    }

    @Test
    void newReaderAfterSaslSuccessReadsTheRestartedStream() throws Exception {
        String success = "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>";
        XmppStreamReader first = reader(false);
        first.feed(utf8(HEADER));
        List<StreamItem> items = first.feed(concat(utf8(success), utf8(HEADER)));
        assertEquals(1, items.size());
        assertTrue(first.restarted());

        XmppStreamReader second = reader(true);
        List<StreamItem> restarted = second.feed(first.unconsumed());
        assertEquals("s-1", assertInstanceOf(StreamHeader.class, restarted.get(0)).id());
    }

    @Test
    void saslPayloadIsForwardedButNeverShownByToString() throws Exception {
        String secret = "AGFsaWNlAGhvcnNlYmF0dGVyeXN0YXBsZQ==";
        String auth = "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + secret + "</auth>";
        XmppStreamReader reader = reader(false);
        reader.feed(utf8(HEADER));
        TopLevelElement element = (TopLevelElement) reader.feed(utf8(auth)).get(0);
        assertArrayEquals(utf8(auth), element.bytes());
        assertFalse(element.toString().contains(secret), element.toString());
        assertFalse(element.element().toString().contains(secret));
        assertFalse(element.element().children().toString().contains(secret));
        assertTrue(element.toString().contains("mechanism='PLAIN'"), element.toString());
    }

    @Test
    void emptyElementsAndCdataAreForwardedVerbatim() throws Exception {
        String empty = "<presence/>";
        String cdata = "<message><body><![CDATA[<not markup> & stuff]]></body></message>";
        XmppStreamReader reader = reader(true);
        reader.feed(utf8(HEADER));
        List<StreamItem> items = feedInChunks(reader, utf8(empty + "\n" + cdata + "\t" + empty), 3);
        assertEquals(3, items.size());
        assertArrayEquals(utf8(empty), ((TopLevelElement) items.get(0)).bytes());
        TopLevelElement message = (TopLevelElement) items.get(1);
        assertArrayEquals(utf8(cdata), message.bytes());
        assertEquals("<not markup> & stuff", message.element().elements().get(0).text());
        assertArrayEquals(utf8(empty), ((TopLevelElement) items.get(2)).bytes());
    }

    @Test
    void oneChunkWithManyStanzasIsReadInLinearTime() throws Exception {
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            burst.append("<message id='").append(i).append("'><body>").append(i).append("</body></message>");
        }
        XmppStreamReader reader = reader(true);
        reader.feed(utf8(HEADER));
        long start = System.nanoTime();
        List<StreamItem> items = reader.feed(utf8(burst.toString()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(20_000, items.size());
        assertEquals("19999", ((TopLevelElement) items.get(19_999)).element().attribute("id"));
        assertTrue(millis < 5_000, "took " + millis + " ms");
    }

    @Test
    void nothingIsReadAfterTheStreamEnds() throws Exception {
        XmppStreamReader reader = reader(true);
        List<StreamItem> items = reader.feed(utf8(HEADER + "</stream:stream>"));
        assertInstanceOf(StreamEnd.class, items.get(1));
        assertTrue(reader.ended());
        assertEquals(List.of(), reader.feed(utf8("<message/>")));
    }

    @Test
    void aViolationEndsOnlyItsOwnStream() throws Exception {
        XmppStreamReader attacker = reader(true);
        XmppStreamReader colleague = reader(true);
        attacker.feed(utf8(HEADER));
        colleague.feed(utf8(HEADER));
        assertThrows(XmppStreamException.class, () -> attacker.feed(utf8("<message>&bomb;</message>")));
        List<StreamItem> items = colleague.feed(utf8(MESSAGE));
        assertArrayEquals(utf8(MESSAGE), ((TopLevelElement) items.get(0)).bytes());
    }

    @Test
    void anIdleReaderHoldsNoParserAndReadsOnWithTheHeadersNamespaces() throws Exception {
        XmlParserFactory shared = new XmlParserFactory();
        XmppStreamReader reader = new XmppStreamReader(XmlLimits.defaults(), true, element -> false, shared);
        String header = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:db='jabber:server:dialback'"
                + " xmlns:stream='http://etherx.jabber.org/streams' to='example.test' version='1.0'>";
        assertInstanceOf(StreamHeader.class, reader.feed(utf8(header)).get(0));
        assertFalse(reader.holdsParser(), "between stanzas an idle session keeps no parser");
        String prefixed = "<db:result from='a.test' to='b.test'>key</db:result>";
        for (int round = 0; round < 3; round++) {
            List<StreamItem> items = reader.feed(utf8(MESSAGE));
            TopLevelElement message = assertInstanceOf(TopLevelElement.class, items.get(0));
            assertArrayEquals(utf8(MESSAGE), message.bytes(), "verbatim after a fresh parser too");
            assertEquals("jabber:client", message.element().namespace());
            assertFalse(reader.holdsParser());
            TopLevelElement result = (TopLevelElement) reader.feed(utf8(prefixed)).get(0);
            assertEquals("jabber:server:dialback", result.element().namespace(),
                    "a prefix declared on the real header still resolves");
            assertArrayEquals(utf8(prefixed), result.bytes());
        }
        byte[] split = utf8(PRESENCE);
        assertEquals(List.of(), reader.feed(split, 0, 10));
        assertTrue(reader.holdsParser(), "inside a stanza the parser stays");
        TopLevelElement presence = (TopLevelElement) reader.feed(split, 10, split.length - 10).get(0);
        assertArrayEquals(split, presence.bytes());
        assertFalse(reader.holdsParser());
        assertThrows(XmppStreamException.class, () -> reader.feed(utf8("<message>&bomb;</message>")),
                "a fresh parser is as strict as the first");
    }

    @Test
    void theStreamEndReachesAReaderThatReleasedItsParser() throws Exception {
        XmppStreamReader reader = reader(true);
        reader.feed(utf8(HEADER));
        reader.feed(utf8(MESSAGE));
        assertFalse(reader.holdsParser());
        List<StreamItem> items = reader.feed(utf8("</stream:stream>"));
        assertEquals(1, items.size(), items.toString());
        assertInstanceOf(StreamEnd.class, items.get(0));
        assertTrue(reader.ended());
    }

    @Test
    void limitsStillCountAcrossReleasedParsers() throws Exception {
        XmppStreamReader reader = new XmppStreamReader(new XmlLimits(10_000, 32, 50, HEADER.length() + 40), false);
        reader.feed(utf8(HEADER));
        XmppStreamException e = assertThrows(XmppStreamException.class, () -> reader.feed(utf8(MESSAGE)));
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, e.condition());
    }

    private static XmppStreamReader reader(boolean authenticated) {
        return new XmppStreamReader(XmlLimits.defaults(), authenticated);
    }

    private static List<StreamItem> feedInChunks(XmppStreamReader reader, byte[] bytes, int size) throws Exception {
        List<StreamItem> items = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += size) {
            items.addAll(reader.feed(bytes, i, Math.min(size, bytes.length - i)));
        }
        return items;
    }

    private static List<StreamItem> feedRandomly(XmppStreamReader reader, byte[] bytes, Random random)
            throws Exception {
        List<StreamItem> items = new ArrayList<>();
        byte[] padded = new byte[bytes.length + 16];
        for (int i = 0; i < bytes.length; ) {
            int n = Math.min(1 + random.nextInt(20), bytes.length - i);
            int at = random.nextInt(8);
            System.arraycopy(bytes, i, padded, at, n);
            items.addAll(reader.feed(padded, at, n));
            i += n;
        }
        return items;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
