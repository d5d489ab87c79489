package org.imgate.core;

/**
 * Whether a message stays inside the company or crosses its boundary. Compliance reviews treat the
 * two differently (external correspondence is the regulated kind), so the proxy records it on every
 * message.
 */
public enum Direction {
    /** Every participant belongs to the company. */
    INTERNAL,
    /** At least one participant is outside the company. */
    EXTERNAL
}
