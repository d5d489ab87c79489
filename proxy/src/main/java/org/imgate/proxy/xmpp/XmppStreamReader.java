package org.imgate.proxy.xmpp;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import org.codehaus.stax2.LocationInfo;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Reads one direction of one XMPP stream (RFC 6120 §4) incrementally: fed arbitrary byte chunks as
 * they arrive, it never blocks and returns the {@link StreamItem}s completed so far.
 *
 * <p>The XML is restricted as RFC 6120 §11.1 demands: a DTD, comment, processing instruction or entity
 * reference ends the stream with {@code restricted-xml}, so no entity is ever expanded; only the five
 * predefined entities and character references are resolved. {@link XmlLimits} bounds what one peer can
 * make the proxy hold. Any violation throws {@link XmppStreamException}, after which the reader is dead.
 *
 * <p>A stream restart (after {@code <proceed/>}, RFC 6120 §5.4.3.3, and after SASL {@code <success/>},
 * §6.4.6) needs a new reader: the XML document starts over. The reader therefore stops right after
 * either element; bytes that arrived behind it are kept in {@link #unconsumed()} for the next reader
 * (or, after {@code <proceed/>}, the TLS layer).
 *
 * <p>One exception to strictness, for peers that answer a question of the proxy's own with broken
 * XML (Smack 4.4 echoes an unknown query back escaped and unclosed): when malformed content appears
 * inside a top-level element that the {@code tolerated} predicate accepts (judged on its start tag and
 * the children complete so far), the reader skips to that element's end tag, emits what it could parse,
 * and reads on. Such an element must never be forwarded, as its bytes are not XML.
 *
 * <p>Between stanzas the reader holds no parser: whenever a chunk ends exactly at a stanza boundary it
 * closes its Aalto parser (returning its buffers and merging the names it learnt into the shared
 * {@link XmlParserFactory}), and the next chunk starts a fresh one behind a synthetic stream header that
 * redeclares the real header's namespaces. An idle session's reader therefore costs a few fields, not a
 * parser with its buffers and symbol tables.
 *
 * <p>Not thread-safe: one reader belongs to one direction of one session, fed by one thread at a time.
 */
public final class XmppStreamReader {

    private final XmlLimits limits;
    private final boolean authenticated;
    private final Predicate<XmlElement> tolerated;
    private final XmlParserFactory parsers;
    /** The current parser, or {@code null} between stanzas (see the class comment). */
    private AsyncXMLStreamReader<AsyncByteArrayFeeder> parser;
    /** The namespace declarations of the real stream header, for the synthetic ones. */
    private String headerDeclarations;
    /** Absolute stream offset minus the parser's own offset; non-zero once re-synchronised. */
    private long parserShift;
    private boolean resynced;
    private boolean skipping;
    private final PendingBytes pending = new PendingBytes();
    /** Small at first: an idle reader holds it, and stanzas rarely nest deeper than a few levels. */
    private final Deque<ElementBuilder> open = new ArrayDeque<>(4);

    private long fed;
    private int depth;
    private long elementStart;
    private boolean rootSeen;
    private boolean ended;
    private boolean restarted;
    private boolean failed;
    private byte[] unconsumed = PendingBytes.NONE;

    /**
     * @param limits        the bounds to enforce
     * @param authenticated whether the stream is already authenticated (a reader made after SASL
     *                      success); an unauthenticated reader accepts at most
     *                      {@link XmlLimits#maxBytesBeforeAuth()} bytes in total
     */
    public XmppStreamReader(XmlLimits limits, boolean authenticated) {
        this(limits, authenticated, element -> false);
    }

    /**
     * @param limits        the bounds to enforce
     * @param authenticated as for {@link #XmppStreamReader(XmlLimits, boolean)}
     * @param tolerated     which top-level elements may hold malformed content without ending the stream
     *                      (see the class comment); called with the start tag and complete children
     */
    public XmppStreamReader(XmlLimits limits, boolean authenticated, Predicate<XmlElement> tolerated) {
        this(limits, authenticated, tolerated, new XmlParserFactory());
    }

    /**
     * @param limits        the bounds to enforce
     * @param authenticated as for {@link #XmppStreamReader(XmlLimits, boolean)}
     * @param tolerated     as for {@link #XmppStreamReader(XmlLimits, boolean, Predicate)}
     * @param parsers       the parser factory shared by the proxy's sessions
     */
    public XmppStreamReader(XmlLimits limits, boolean authenticated, Predicate<XmlElement> tolerated,
                            XmlParserFactory parsers) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.authenticated = authenticated;
        this.tolerated = Objects.requireNonNull(tolerated, "tolerated");
        this.parsers = Objects.requireNonNull(parsers, "parsers");
    }

    /** Feeds all of {@code data}; see {@link #feed(byte[], int, int)}. */
    public List<StreamItem> feed(byte[] data) throws XmppStreamException {
        return feed(data, 0, data.length);
    }

    /**
     * Feeds the next bytes of the stream and returns the items they completed, possibly none.
     *
     * @throws XmppStreamException   when the bytes break the XML rules or a limit; the reader is then dead
     * @throws IllegalStateException when the reader already failed or stopped at a restart point
     */
    public List<StreamItem> feed(byte[] data, int offset, int length) throws XmppStreamException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (failed) {
            throw new IllegalStateException("this reader failed earlier; the session must end");
        }
        if (restarted) {
            throw new IllegalStateException("the stream restarted; feed a new reader");
        }
        List<StreamItem> items = new ArrayList<>();
        if (ended || length == 0) {
            return items;
        }
        try {
            if (!authenticated && fed + length > limits.maxBytesBeforeAuth()) {
                throw new XmppStreamException(StreamErrorCondition.POLICY_VIOLATION,
                        "more than " + limits.maxBytesBeforeAuth() + " bytes before authentication");
            }
            // Aalto reports wrong byte offsets for a non-zero array offset: feed a copy starting at 0.
            byte[] chunk = Arrays.copyOfRange(data, offset, offset + length);
            pending.append(chunk);
            fed += length;
            if (parser == null && rootSeen) {
                chunk = resynchronise(fed - length);
            } else if (parser == null) {
                parser = parsers.newParser(); // made on first use: a reader may never be fed
            }
            parse(chunk, items);
            if (!ended && !restarted && fed - pending.base() > limits.maxStanzaBytes()) {
                throw new XmppStreamException(StreamErrorCondition.POLICY_VIOLATION,
                        "element larger than " + limits.maxStanzaBytes() + " bytes");
            }
            releaseParserAtBoundary();
            return items;
        } catch (XmppStreamException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * Closes the parser when everything fed so far is consumed and no stanza is open: the next chunk
     * starts a fresh one (see the class comment).
     */
    private void releaseParserAtBoundary() throws XmppStreamException {
        if (parser == null || ended || restarted || skipping || !rootSeen || depth != 1 || !open.isEmpty()
                || pending.base() != fed) {
            return;
        }
        try {
            parser.close();
        } catch (XMLStreamException e) {
            throw new XmppStreamException(StreamErrorCondition.INTERNAL_SERVER_ERROR,
                    "cannot release the XML parser: " + e.getMessage(), e);
        }
        parser = null;
        depth = 0; // the next parser starts with its synthetic stream header
        pending.release();
    }

    /** Parses {@code chunk}, skipping a tolerated broken element and re-synchronising as often as needed. */
    private void parse(byte[] chunk, List<StreamItem> items) throws XmppStreamException {
        byte[] input = chunk;
        while (true) {
            if (!skipping) {
                try {
                    parser.getInputFeeder().feedInput(input, 0, input.length);
                    readAvailable(items);
                    return;
                } catch (XMLStreamException e) {
                    if (!toleratedHere()) {
                        throw classify(e);
                    }
                    skipping = true;
                }
            }
            long end = endOfBrokenElement();
            if (end < 0) {
                return;
            }
            items.add(new TopLevelElement(open.peekLast().build(), pending.slice(elementStart, end)));
            open.clear();
            depth = 0; // the fresh parser starts with its synthetic stream header
            pending.discardBefore(end);
            skipping = false;
            input = resynchronise(end);
        }
    }

    /** Whether the parse error happened inside a top-level element the caller tolerates. */
    private boolean toleratedHere() {
        return depth >= 2 && !open.isEmpty() && tolerated.test(open.peekLast().build());
    }

    /**
     * The absolute offset just past the broken element's end tag, or -1 while it has not arrived. The
     * first matching end tag counts: nesting inside broken content cannot be trusted, and the peers this
     * serves escape their content, so no end tag occurs inside it.
     */
    private long endOfBrokenElement() {
        ElementBuilder top = open.peekLast();
        String qname = top.prefix == null || top.prefix.isEmpty() ? top.name : top.prefix + ":" + top.name;
        long at = pending.indexOf(("</" + qname + ">").getBytes(StandardCharsets.UTF_8), elementStart);
        return at < 0 ? -1 : at + qname.length() + 3;
    }

    /**
     * A fresh parser that continues the stream at {@code resumeAt}: it first reads a synthetic stream
     * header redeclaring the namespaces, so offsets it reports are shifted back onto the real stream.
     * Returns the input to feed it.
     */
    private byte[] resynchronise(long resumeAt) {
        String declarations = headerDeclarations != null ? headerDeclarations
                : " xmlns='" + XmppNamespaces.CLIENT + "' xmlns:stream='" + XmppNamespaces.STREAMS + "'";
        byte[] header = ("<stream:stream" + declarations + ">").getBytes(StandardCharsets.UTF_8);
        byte[] rest = pending.slice(resumeAt, fed);
        byte[] input = Arrays.copyOf(header, header.length + rest.length);
        System.arraycopy(rest, 0, input, header.length, rest.length);
        parser = parsers.newParser();
        parserShift = resumeAt - header.length;
        resynced = true;
        return input;
    }

    /** Whether a parser is held now; false between stanzas (memory of idle sessions). */
    boolean holdsParser() {
        return parser != null;
    }

    /** True once the reader stopped after {@code <proceed/>} or SASL {@code <success/>}. */
    public boolean restarted() {
        return restarted;
    }

    /** True once the peer closed the stream. */
    public boolean ended() {
        return ended;
    }

    /** The bytes fed after the restart point, for the next reader or the TLS layer; empty before. */
    public byte[] unconsumed() {
        return unconsumed.clone();
    }

    /** True for the elements after which RFC 6120 restarts the stream. */
    public static boolean isRestartPoint(XmlElement element) {
        return element.is("proceed", XmppNamespaces.TLS) || element.is("success", XmppNamespaces.SASL);
    }

    private void readAvailable(List<StreamItem> items) throws XMLStreamException, XmppStreamException {
        int event;
        while ((event = parser.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            switch (event) {
                case XMLStreamConstants.START_DOCUMENT -> checkEncoding();
                case XMLStreamConstants.START_ELEMENT -> startElement(items);
                case XMLStreamConstants.END_ELEMENT -> {
                    if (endElement(items)) {
                        return;
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        characters();
                case XMLStreamConstants.END_DOCUMENT -> {
                    ended = true;
                    return;
                }
                case XMLStreamConstants.DTD -> throw restricted("a document type declaration");
                case XMLStreamConstants.ENTITY_REFERENCE ->
                        throw restricted("an undeclared entity reference &" + parser.getLocalName() + ";");
                case XMLStreamConstants.COMMENT -> throw restricted("a comment");
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> throw restricted("a processing instruction");
                default -> throw new XmppStreamException(StreamErrorCondition.RESTRICTED_XML,
                        "unexpected XML construct (StAX event " + event + ")");
            }
        }
    }

    private void checkEncoding() throws XmppStreamException {
        String declared = parser.getCharacterEncodingScheme();
        if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
            throw new XmppStreamException(StreamErrorCondition.UNSUPPORTED_ENCODING,
                    "declared encoding " + declared + "; XMPP allows UTF-8 only");
        }
    }

    private void startElement(List<StreamItem> items) throws XmppStreamException, XMLStreamException {
        depth++;
        if (depth > limits.maxDepth()) {
            throw new XmppStreamException(StreamErrorCondition.POLICY_VIOLATION,
                    "elements nested deeper than " + limits.maxDepth());
        }
        int attributeCount = parser.getAttributeCount();
        if (attributeCount > limits.maxAttributes()) {
            throw new XmppStreamException(StreamErrorCondition.POLICY_VIOLATION,
                    "element <" + parser.getLocalName() + "> has " + attributeCount + " attributes, more than "
                            + limits.maxAttributes());
        }
        if (depth == 1) {
            if (!resynced) {
                items.add(streamHeader());
                headerDeclarations = parsers.shared(namespaceDeclarations());
            }
            rootSeen = true;
            pending.discardBefore(endOffset());
            return;
        }
        if (depth == 2) {
            elementStart = startOffset();
        }
        open.push(new ElementBuilder(parser.getPrefix(), parser.getNamespaceURI(), parser.getLocalName(),
                attributes()));
    }

    private StreamHeader streamHeader() throws XmppStreamException {
        if (!"stream".equals(parser.getLocalName()) || !XmppNamespaces.STREAMS.equals(parser.getNamespaceURI())) {
            throw new XmppStreamException(StreamErrorCondition.INVALID_NAMESPACE,
                    "the stream must open with <stream:stream xmlns:stream='" + XmppNamespaces.STREAMS + "'>");
        }
        String lang = null;
        for (XmlAttribute a : attributes()) {
            if (a.namespace().equals(XmppNamespaces.XML) && a.name().equals("lang")) {
                lang = a.value();
            }
        }
        return new StreamHeader(plainAttribute("to"), plainAttribute("from"), plainAttribute("version"), lang,
                plainAttribute("id"), parser.getNamespaceContext().getNamespaceURI(""));
    }

    /** The stream header's namespace declarations, re-serialised for a synthetic header. */
    private String namespaceDeclarations() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parser.getNamespaceCount(); i++) {
            String prefix = parser.getNamespacePrefix(i);
            String uri = parser.getNamespaceURI(i);
            out.append(prefix == null || prefix.isEmpty() ? " xmlns" : " xmlns:" + prefix).append("='")
                    .append(escapeAttribute(uri == null ? "" : uri)).append('\'');
        }
        return out.toString();
    }

    private static String escapeAttribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;");
    }

    private String plainAttribute(String name) {
        return parser.getAttributeValue("", name);
    }

    private List<XmlAttribute> attributes() {
        int n = parser.getAttributeCount();
        List<XmlAttribute> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new XmlAttribute(parser.getAttributePrefix(i), parser.getAttributeNamespace(i),
                    parser.getAttributeLocalName(i), parser.getAttributeValue(i)));
        }
        return out;
    }

    private void characters() throws XmppStreamException, XMLStreamException {
        if (open.isEmpty()) {
            if (!parser.isWhiteSpace()) {
                throw new XmppStreamException(StreamErrorCondition.BAD_FORMAT,
                        "text directly inside <stream:stream>");
            }
            if (rootSeen) {
                pending.discardBefore(endOffset());
            }
            return;
        }
        open.peek().text(parser.getText());
    }

    /** Returns true when the reader must stop here (a restart point). */
    private boolean endElement(List<StreamItem> items) throws XmppStreamException, XMLStreamException {
        depth--;
        if (depth == 0) {
            items.add(new StreamEnd());
            ended = true;
            return true;
        }
        XmlElement element = open.pop().build();
        if (depth > 1) {
            open.peek().child(element);
            return false;
        }
        long end = endOffset();
        items.add(new TopLevelElement(element, pending.slice(elementStart, end)));
        pending.discardBefore(end);
        if (isRestartPoint(element)) {
            restarted = true;
            unconsumed = pending.slice(end, fed);
            return true;
        }
        return false;
    }

    private long startOffset() throws XMLStreamException {
        return location().getStartingByteOffset() + parserShift;
    }

    private long endOffset() throws XMLStreamException {
        return location().getEndingByteOffset() + parserShift;
    }

    private LocationInfo location() {
        return parser.getLocationInfo();
    }

    private static XmppStreamException restricted(String what) {
        return new XmppStreamException(StreamErrorCondition.RESTRICTED_XML,
                what + " is not allowed in XMPP (RFC 6120 §11.1)");
    }

    private XmppStreamException classify(XMLStreamException e) {
        // Aalto's async parser cannot read an internal DTD subset and fails on it as malformed; a DTD is
        // still a restricted construct, and saying so tells the operator what the peer attempted.
        if (!rootSeen && pending.contains("<!DOCTYPE")) {
            return new XmppStreamException(StreamErrorCondition.RESTRICTED_XML,
                    "a document type declaration is not allowed in XMPP (RFC 6120 §11.1)", e);
        }
        String where = e.getLocation() == null ? "" : " at byte " + e.getLocation().getCharacterOffset();
        return new XmppStreamException(StreamErrorCondition.NOT_WELL_FORMED,
                "not well-formed XML" + where + ": " + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** A mutable element under construction; only ever seen by this reader. */
    private static final class ElementBuilder {
        private final String prefix;
        private final String namespace;
        private final String name;
        private final List<XmlAttribute> attributes;
        private final List<XmlNode> children = new ArrayList<>();
        private StringBuilder text;

        ElementBuilder(String prefix, String namespace, String name, List<XmlAttribute> attributes) {
            this.prefix = prefix;
            this.namespace = namespace;
            this.name = name;
            this.attributes = attributes;
        }

        void text(String fragment) {
            if (text == null) {
                text = new StringBuilder();
            }
            text.append(fragment);
        }

        void child(XmlElement element) {
            flushText();
            children.add(element);
        }

        XmlElement build() {
            flushText();
            return new XmlElement(prefix, namespace, name, attributes, children);
        }

        private void flushText() {
            if (text != null) {
                children.add(new XmlText(text.toString()));
                text = null;
            }
        }
    }

    /**
     * The bytes fed since the end of the last complete item, addressed by absolute stream offset.
     * Discarding only moves {@code head}; the buffer is compacted when it must grow, so a chunk holding
     * many stanzas costs linear, not quadratic, copying.
     */
    private static final class PendingBytes {
        private static final byte[] NONE = new byte[0];
        private byte[] buffer = NONE;
        private int head;
        private int length;
        private long base;

        long base() {
            return base;
        }

        /** Drops the buffer; only when nothing is live (every byte fed was consumed). */
        void release() {
            buffer = NONE;
            head = 0;
            length = 0;
        }

        void append(byte[] chunk) {
            if (length + chunk.length > buffer.length) {
                int live = length - head;
                byte[] target = live + chunk.length > buffer.length
                        ? new byte[Math.max(Math.max(buffer.length * 2, 256), live + chunk.length)] : buffer;
                System.arraycopy(buffer, head, target, 0, live);
                buffer = target;
                head = 0;
                length = live;
            }
            System.arraycopy(chunk, 0, buffer, length, chunk.length);
            length += chunk.length;
        }

        byte[] slice(long from, long to) {
            return Arrays.copyOfRange(buffer, head + (int) (from - base), head + (int) (to - base));
        }

        void discardBefore(long offset) {
            int drop = (int) (offset - base);
            if (drop > 0) {
                head += drop;
                base = offset;
            }
        }

        /** The absolute offset of the first {@code needle} at or after {@code from}, or -1. */
        long indexOf(byte[] needle, long from) {
            int start = head + (int) Math.max(0, from - base);
            for (int i = start; i + needle.length <= length; i++) {
                if (Arrays.equals(buffer, i, i + needle.length, needle, 0, needle.length)) {
                    return base + (i - head);
                }
            }
            return -1;
        }

        boolean contains(String ascii) {
            return new String(buffer, head, length - head, StandardCharsets.ISO_8859_1).contains(ascii);
        }
    }
}
