package org.imgate.core;

/** The IM networks imgate carries. */
public enum Network {
    MSN,
    XMPP
}
