package org.imgate.proxy.msn.route;

/** The server role a follow-up connection reaches (msnp.md §1 "Architecture, ports"). */
public enum RouteKind {
    /** A notification server, named by {@code XFR … NS}. */
    NOTIFICATION,
    /** A switchboard, named by {@code XFR … SB} or {@code RNG}. */
    SWITCHBOARD
}
