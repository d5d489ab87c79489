package org.imgate.proxy.xmpp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds what the proxy itself writes: stream headers (RFC 6120 §4.7), stream errors (§4.9), stanza
 * error bounces (§8.3) and headline notices. Stateless and thread-safe.
 */
public final class XmppErrors {

    private static final String LANG = "en";

    private XmppErrors() {
    }

    /**
     * A stream header the proxy sends. Attributes passed as {@code null} are left out.
     *
     * @param from the sending entity's address (the domain, when speaking to a client)
     * @param to   the receiving entity's address (the domain, when speaking to a server)
     * @param id   the stream id, when the proxy is the receiving entity
     */
    public static String streamHeader(String from, String to, String id) {
        StringBuilder sb = new StringBuilder("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams'");
        attribute(sb, "from", from);
        attribute(sb, "to", to);
        attribute(sb, "id", id);
        return sb.append(" version='1.0' xml:lang='" + LANG + "'>").toString();
    }

    /**
     * A stream error followed by the closing tag (§4.9.1.1: stream errors are unrecoverable). When the
     * proxy has not yet sent a header on this stream, prefix {@link #streamHeader} (§4.9.1.3).
     *
     * @param text a human-readable explanation for the user; never stanza content
     */
    public static byte[] streamError(StreamErrorCondition condition, String text) {
        StringBuilder sb = new StringBuilder("<stream:error><").append(condition.elementName())
                .append(" xmlns='").append(XmppNamespaces.STREAM_ERRORS).append("'/>");
        if (text != null && !text.isBlank()) {
            sb.append("<text xmlns='").append(XmppNamespaces.STREAM_ERRORS).append("' xml:lang='").append(LANG)
                    .append("'>");
            XmlElement.escape(sb, text);
            sb.append("</text>");
        }
        sb.append("</stream:error></stream:stream>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The error bounce for a stanza the proxy refuses (§8.3.1): addresses swapped, id and element kept,
     * {@code type='error'}, the condition and a text. Empty when the stanza must not be answered: it is
     * itself an error, or an IQ result (§8.2.3).
     *
     * @param by the domain generating the error, or {@code null}
     */
    public static Optional<XmlElement> bounce(XmlElement stanza, StanzaErrorCondition condition, String text,
                                              String by) {
        String type = stanza.attribute("type");
        if ("error".equals(type) || (stanza.name().equals("iq") && "result".equals(type))) {
            return Optional.empty();
        }
        List<XmlAttribute> attributes = new ArrayList<>();
        attributes.add(XmlAttribute.of("type", "error"));
        copy(stanza, "id", "id", attributes);
        copy(stanza, "to", "from", attributes);
        copy(stanza, "from", "to", attributes);
        List<XmlAttribute> errorAttributes = new ArrayList<>();
        errorAttributes.add(XmlAttribute.of("type", condition.type()));
        if (by != null) {
            errorAttributes.add(XmlAttribute.of("by", by));
        }
        List<XmlNode> errorChildren = new ArrayList<>();
        errorChildren.add(XmlElement.of(XmppNamespaces.STANZA_ERRORS, condition.elementName(), List.of(), List.of()));
        if (text != null && !text.isBlank()) {
            errorChildren.add(XmlElement.of(XmppNamespaces.STANZA_ERRORS, "text",
                    List.of(new XmlAttribute("xml", XmppNamespaces.XML, "lang", LANG)), List.of(new XmlText(text))));
        }
        XmlElement error = XmlElement.of(XmppNamespaces.CLIENT, "error", errorAttributes, errorChildren);
        return Optional.of(XmlElement.of(XmppNamespaces.CLIENT, stanza.name(), attributes, List.of(error)));
    }

    /** A notice to the user: {@code <message type='headline'>} from the domain (RFC 6121 §5.2.2). */
    public static XmlElement notice(String fromDomain, Jid to, String text) {
        XmlElement body = XmlElement.of(XmppNamespaces.CLIENT, "body", List.of(), List.of(new XmlText(text)));
        return XmlElement.of(XmppNamespaces.CLIENT, "message", List.of(XmlAttribute.of("type", "headline"),
                XmlAttribute.of("from", fromDomain), XmlAttribute.of("to", to.toString())), List.of(body));
    }

    private static void copy(XmlElement from, String name, String as, List<XmlAttribute> into) {
        String value = from.attribute(name);
        if (value != null) {
            into.add(XmlAttribute.of(as, value));
        }
    }

    private static void attribute(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(' ').append(name).append("='");
            XmlElement.escape(sb, value);
            sb.append('\'');
        }
    }
}
