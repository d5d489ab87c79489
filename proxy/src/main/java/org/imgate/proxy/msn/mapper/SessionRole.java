package org.imgate.proxy.msn.mapper;

/** The kind of MSNP server a session talks to (msnp.md §1 "Architecture"). */
public enum SessionRole {
    /** Dispatch or notification server: login, CVR, presence, lists, SB tickets. */
    NOTIFICATION,
    /** Switchboard: one conversation, its participants and messages. */
    SWITCHBOARD
}
