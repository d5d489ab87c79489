package org.imgate.proxy.xmpp;

import java.util.Optional;

/**
 * Recognises end-to-end encrypted messages, whose content the archive cannot read: XEP-0384 OMEMO,
 * XEP-0373 and XEP-0027 OpenPGP, OTR by its body markers (the OTR protocol's query, data and error
 * prefixes and its whitespace tag, XEP-0364), and the XEP-0380 EME hint for anything else. Stateless
 * and thread-safe.
 */
final class EncryptionMarkers {

    /** OTR's whitespace tag base: space, tab, space, space, tab x4, space, tab, space, tab, space, tab, space, space. */
    static final String OTR_WHITESPACE_TAG = " \t  \t\t\t\t \t \t \t  ";

    private EncryptionMarkers() {
    }

    /** The scheme a message uses, if any. {@code body} is its (first) body or {@code null}. */
    static Optional<String> scheme(XmlElement message, String body) {
        if (message.child("encrypted", XmppNamespaces.OMEMO_LEGACY).isPresent()) {
            return Optional.of("OMEMO");
        }
        if (message.child("encrypted", XmppNamespaces.OMEMO).isPresent()) {
            return Optional.of("OMEMO:2");
        }
        if (message.child("openpgp", XmppNamespaces.OPENPGP).isPresent()) {
            return Optional.of("OpenPGP (XEP-0373)");
        }
        if (message.child("x", XmppNamespaces.PGP_ENCRYPTED).isPresent()) {
            return Optional.of("OpenPGP (XEP-0027)");
        }
        if (body != null && (body.startsWith("?OTR") || body.contains(OTR_WHITESPACE_TAG))) {
            return Optional.of("OTR");
        }
        Optional<XmlElement> eme = message.child("encryption", XmppNamespaces.EME);
        if (eme.isPresent()) {
            String namespace = eme.get().attribute("namespace");
            if ("urn:xmpp:otr:0".equals(namespace)) {
                return Optional.of("OTR");
            }
            String name = eme.get().attribute("name");
            return Optional.of("EME " + (name != null && !name.isBlank() ? name : String.valueOf(namespace)));
        }
        return Optional.empty();
    }

    /** True for a PEP publish of OMEMO device lists or bundles: the client is enabling OMEMO. */
    static boolean isOmemoKeyPublication(XmlElement iq) {
        return iq.child("pubsub", XmppNamespaces.PUBSUB)
                .flatMap(p -> p.child("publish", XmppNamespaces.PUBSUB))
                .map(p -> p.attribute("node"))
                .filter(node -> node.startsWith(XmppNamespaces.OMEMO_LEGACY + ".")
                        || node.startsWith(XmppNamespaces.OMEMO + ":"))
                .isPresent();
    }
}
