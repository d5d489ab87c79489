package org.imgate.proxy.msn.transport;

import org.apache.mina.core.session.IoSession;

/**
 * The client side of one MSN session, whatever carries it: a TCP connection ({@link TcpClientLeg}) or an
 * HTTP gateway session whose bytes wait for the client's next request ({@link GatewayClientLeg}).
 * {@link MsnSession} decides under its own lock and calls these methods after releasing it, so an
 * implementation guards its own state.
 */
interface ClientLeg {

    /** Where the client connects from, for the {@code SessionOpened} event. */
    String remoteAddress();

    /** Sends MSNP bytes to the client, in call order. */
    void write(byte[] msnp);

    /** Stops taking client input while the session's queue towards the server is full. */
    void suspendRead();

    /** Takes client input again. */
    void resumeRead();

    /** Ends the client side once what was written has gone out. */
    void close();

    /**
     * The relay host's client session carrying this leg, so that the upstream leg can share its I/O thread;
     * {@code null} when the client is not on a TCP connection of the relay host (an HTTP gateway session).
     */
    IoSession relaySession();
}
