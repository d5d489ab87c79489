package org.imgate.proxy.xmpp;

/** Which way a stanza crossed the proxy on a client-to-server (c2s) session. Immutable. */
public enum StanzaFlow {
    /** Sent by the user's client towards the server. */
    FROM_CLIENT,
    /** Sent by the server to the user's client. */
    FROM_SERVER
}
