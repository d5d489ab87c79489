package org.imgate.proxy.xmpp;

/** Namespace names used across the XMPP package, each with the specification that defines it. Constants only. */
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
    /** XEP-0280: message carbons. */
    public static final String CARBONS = "urn:xmpp:carbons:2";
    /** XEP-0297: stanza forwarding. */
    public static final String FORWARD = "urn:xmpp:forward:0";
    /** XEP-0313: message archive management results (any version starts with this). */
    public static final String MAM_PREFIX = "urn:xmpp:mam:";
    /** XEP-0203: delayed delivery. */
    public static final String DELAY = "urn:xmpp:delay";
    /** XEP-0091: legacy delayed delivery. */
    public static final String LEGACY_DELAY = "jabber:x:delay";
    /** XEP-0308: last message correction. */
    public static final String CORRECTION = "urn:xmpp:message-correct:0";
    /** XEP-0359: unique and stable stanza ids. */
    public static final String STANZA_ID = "urn:xmpp:sid:0";
    /** XEP-0363: HTTP file upload. */
    public static final String HTTP_UPLOAD = "urn:xmpp:http:upload:0";
    /** XEP-0066: out-of-band data in messages. */
    public static final String OOB_X = "jabber:x:oob";
    /** XEP-0066: out-of-band data in IQs. */
    public static final String OOB_IQ = "jabber:iq:oob";
    /** XEP-0096: stream initiation. */
    public static final String SI = "http://jabber.org/protocol/si";
    /** XEP-0096: the file transfer profile. */
    public static final String SI_FILE = "http://jabber.org/protocol/si/profile/file-transfer";
    /** XEP-0166: Jingle. */
    public static final String JINGLE = "urn:xmpp:jingle:1";
    /** XEP-0234: Jingle file transfer (any version starts with this). */
    public static final String JINGLE_FILE_PREFIX = "urn:xmpp:jingle:apps:file-transfer:";
    /** XEP-0300: hashes. */
    public static final String HASHES = "urn:xmpp:hashes:2";
    /** XEP-0384: OMEMO as deployed (0.3). */
    public static final String OMEMO_LEGACY = "eu.siacs.conversations.axolotl";
    /** XEP-0384: OMEMO 0.8+. */
    public static final String OMEMO = "urn:xmpp:omemo:2";
    /** XEP-0027: legacy OpenPGP encryption. */
    public static final String PGP_ENCRYPTED = "jabber:x:encrypted";
    /** XEP-0373: OpenPGP for XMPP. */
    public static final String OPENPGP = "urn:xmpp:openpgp:0";
    /** XEP-0380: explicit message encryption. */
    public static final String EME = "urn:xmpp:eme:0";
    /** XEP-0060: publish-subscribe (PEP carries OMEMO keys). */
    public static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    /** XEP-0115: entity capabilities. */
    public static final String CAPS = "http://jabber.org/protocol/caps";
    /** XEP-0092: software version. */
    public static final String VERSION = "jabber:iq:version";
    /** XEP-0138: stream compression feature. */
    public static final String COMPRESSION_FEATURE = "http://jabber.org/features/compress";
    /** XEP-0198: stream management, version 3. */
    public static final String SM3 = "urn:xmpp:sm:3";
    /** XEP-0198: stream management, version 2. */
    public static final String SM2 = "urn:xmpp:sm:2";
    /** XEP-0386: Bind 2. */
    public static final String BIND2 = "urn:xmpp:bind:0";
    /** XEP-0484: FAST. */
    public static final String FAST = "urn:xmpp:fast:0";
}
