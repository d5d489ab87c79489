package org.imgate.proxy.xmpp;

/** Namespace names used across the XMPP package, each with the specification that defines it. */
public final class XmppNamespaces {
    private XmppNamespaces() {
    }

    /** RFC 6120 §4.8.1: the stream element. */
    public static final String STREAMS = "http://etherx.jabber.org/streams";
    /** RFC 6120 §4.9.2: stream error conditions. */
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    /** RFC 6120 §8.3.2: stanza error conditions. */
    public static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    /** RFC 6120 §4.8.3: the client content namespace. */
    public static final String CLIENT = "jabber:client";
    /** RFC 6120 §5: STARTTLS. */
    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    /** RFC 6120 §6: SASL. */
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    /** XEP-0388: SASL2 (authentication payloads inside). */
    public static final String SASL2 = "urn:xmpp:sasl:2";
    /** XEP-0078: legacy non-SASL authentication, carrying plain passwords. */
    public static final String IQ_AUTH = "jabber:iq:auth";
    /** RFC 6120 §7: resource binding. */
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    /** The W3C namespace of {@code xml:lang}. */
    public static final String XML = "http://www.w3.org/XML/1998/namespace";
}
