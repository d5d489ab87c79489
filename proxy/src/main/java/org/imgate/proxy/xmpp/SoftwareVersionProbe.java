package org.imgate.proxy.xmpp;

import java.util.List;
import java.util.Objects;

/**
 * The XEP-0092 software-version query the proxy sends a client on its own behalf after bind, and the
 * recognition of the client's answer, which the proxy consumes so that it never reaches the server
 * (the server never sent the query). The mapper turns the answer into a client identification.
 *
 * <p>One per session. Not thread-safe: used by the session's own thread.
 */
public final class SoftwareVersionProbe {

    static final String ID_PREFIX = "imgate-ver-";

    private final String domain;
    private String pendingId;
    private Jid pendingTo;
    private int sent;

    /** @param domain the XMPP domain the query appears to come from */
    public SoftwareVersionProbe(String domain) {
        this.domain = Objects.requireNonNull(domain, "domain");
    }

    /** The query to write to the client now; remembers its id. */
    public XmlElement request(Jid user) {
        Objects.requireNonNull(user, "user");
        sent++;
        pendingId = ID_PREFIX + sent;
        pendingTo = user;
        XmlElement query = XmlElement.of(XmppNamespaces.VERSION, "query", List.of(), List.of());
        return XmlElement.of(XmppNamespaces.CLIENT, "iq", List.of(XmlAttribute.of("type", "get"),
                XmlAttribute.of("from", domain), XmlAttribute.of("to", user.toString()),
                XmlAttribute.of("id", pendingId)), List.of(query));
    }

    /**
     * True when {@code stanza}, sent by the client, answers the pending query (a result or an error with
     * its id); the query is then no longer pending. The caller must not forward it.
     */
    public boolean consumesReply(XmlElement stanza) {
        if (!answers(stanza)) {
            return false;
        }
        pendingId = null;
        pendingTo = null;
        return true;
    }

    /**
     * True when {@code stanza} (possibly only its start tag) answers the pending query, without consuming
     * it: what a client reader may tolerate broken content in, since the proxy never forwards it.
     */
    public boolean answers(XmlElement stanza) {
        if (pendingId == null || !stanza.is("iq", XmppNamespaces.CLIENT)) {
            return false;
        }
        String type = stanza.attribute("type");
        boolean answer = "result".equals(type) || "error".equals(type);
        if (!answer || !pendingId.equals(stanza.attribute("id"))) {
            return false;
        }
        String to = stanza.attribute("to");
        return to == null || domain.equalsIgnoreCase(to);
    }

    /** Whether a query is still waiting for its answer. */
    public boolean pending() {
        return pendingId != null;
    }

    @Override
    public String toString() {
        return "SoftwareVersionProbe[" + domain + (pendingId == null ? "" : ", waiting on " + pendingTo) + "]";
    }
}
