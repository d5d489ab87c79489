package org.imgate.proxy.xmpp;

import java.util.List;
import java.util.Set;

/**
 * Pure rewrites of {@code <stream:features>} (RFC 6120 §4.3.2) on the server-to-client path, and the
 * proxy's own features for the client leg before TLS.
 *
 * <p>Removed from what the server offers, each because it would let traffic pass uninspected or
 * break the proxy's view of the stream:
 * <ul>
 *   <li>XEP-0138 stream compression: compressed stanzas could not be read or archived.</li>
 *   <li>XEP-0198 stream management ({@code urn:xmpp:sm:2}, {@code :3}): the proxy drops and injects
 *       stanzas (blocked messages, notices, its own software-version query), which makes the client's
 *       and server's {@code h} counters disagree; Prosody then ends the stream, and a resumed session
 *       would replay stanzas around policy. Until the counters are translated, SM is not offered, and
 *       clients fall back to plain reconnects.</li>
 *   <li>XEP-0388 SASL2, XEP-0386 Bind 2 and XEP-0484 FAST: they authenticate without a stream restart
 *       and enable SM and carbons inline, so the proxy would miss the restart it relies on.</li>
 * </ul>
 * STARTTLS and SASL mechanisms pass unchanged: mechanisms must never be touched (channel binding, see
 * reference/xmpp.md §3.2). Stateless and thread-safe.
 */
public final class StreamFeatures {

    private static final Set<String> STRIPPED_NAMESPACES = Set.of(XmppNamespaces.COMPRESSION_FEATURE,
            XmppNamespaces.SM2, XmppNamespaces.SM3, XmppNamespaces.SASL2, XmppNamespaces.BIND2,
            XmppNamespaces.FAST);

    private StreamFeatures() {
    }

    /** True for {@code <stream:features>}. */
    public static boolean isFeatures(XmlElement element) {
        return element.is("features", XmppNamespaces.STREAMS);
    }

    /**
     * The server's features as the client may see them: without compression, stream management,
     * SASL2, Bind 2 and FAST; everything else (STARTTLS, mechanisms, bind, caps) kept in order.
     *
     * @throws IllegalArgumentException when {@code features} is not {@code <stream:features>}
     */
    public static XmlElement forClient(XmlElement features) {
        if (!isFeatures(features)) {
            throw new IllegalArgumentException("not <stream:features>: <" + features.name() + ">");
        }
        return features.withoutChildren(child -> STRIPPED_NAMESPACES.contains(child.namespace()));
    }

    /** True when {@code features} offers STARTTLS (RFC 6120 §5.4.1). */
    public static boolean offersStarttls(XmlElement features) {
        return features.child("starttls", XmppNamespaces.TLS).isPresent();
    }

    /**
     * The features the proxy sends the client before TLS: STARTTLS, required, and nothing else, so that
     * no client authenticates in the clear (RFC 6120 §5.3.1).
     */
    public static XmlElement starttlsRequired() {
        XmlElement required = XmlElement.of(XmppNamespaces.TLS, "required", List.of(), List.of());
        XmlElement starttls = XmlElement.of(XmppNamespaces.TLS, "starttls", List.of(), List.of(required));
        return new XmlElement("stream", XmppNamespaces.STREAMS, "features", List.of(), List.of(starttls));
    }

    /** True for a client's XEP-0198 {@code <enable/>} or {@code <resume/>}, which the proxy must refuse. */
    public static boolean isStreamManagementRequest(XmlElement element) {
        boolean sm = element.namespace().equals(XmppNamespaces.SM3) || element.namespace().equals(XmppNamespaces.SM2);
        return sm && (element.name().equals("enable") || element.name().equals("resume"));
    }

    /**
     * The XEP-0198 {@code <failed/>} answering a client that asks for stream management although it
     * was not offered (XEP-0198 §3 and §5), in the namespace the client used.
     */
    public static XmlElement streamManagementFailed(XmlElement request) {
        XmlElement condition = XmlElement.of(XmppNamespaces.STANZA_ERRORS, "unexpected-request", List.of(),
                List.of());
        return XmlElement.of(request.namespace(), "failed", List.of(), List.of(condition));
    }
}
