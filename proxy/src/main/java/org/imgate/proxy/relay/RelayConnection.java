package org.imgate.proxy.relay;

import org.apache.mina.core.session.IoSession;

/**
 * One client connection and, once connected, its upstream leg, as a protocol implementation sees them.
 * {@link RelayHost} calls these methods on MINA I/O threads, so none of them may block; the two legs may
 * be served by different I/O threads at the same time, so implementations guard their own state.
 */
public interface RelayConnection {

    /** The id used in logs (MDC {@code session}). */
    String id();

    /** Bytes arrived on {@code side}, already decrypted when TLS is on. The array is the callee's. */
    void received(Side side, byte[] data);

    /** The upstream connection requested by {@link RelayHost#connect} is up. */
    void upstreamConnected(IoSession upstream);

    /** The upstream connection could not be made. */
    void upstreamConnectFailed(Throwable cause);

    /** TLS on {@code side} finished its handshake. */
    void secured(Side side);

    /** {@code side} failed (I/O error, TLS handshake failure); MINA closes that leg next. */
    void failed(Side side, Throwable cause);

    /** {@code side} closed. Called once per leg that was ever open. */
    void closed(Side side);

    /** The proxy is stopping: tell the client why and close both legs. Called on the stopping thread. */
    void shuttingDown();
}
