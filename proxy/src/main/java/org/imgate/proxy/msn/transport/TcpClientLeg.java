package org.imgate.proxy.msn.transport;

import java.util.Objects;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;

/** A client connected to one of imgate's MSN listeners over TCP (MSNP on port 1863 and the like). Thread-safe. */
final class TcpClientLeg implements ClientLeg {

    private final IoSession session;

    TcpClientLeg(IoSession session) {
        this.session = Objects.requireNonNull(session, "session");
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(session.getRemoteAddress());
    }

    @Override
    public void write(byte[] msnp) {
        session.write(IoBuffer.wrap(msnp));
    }

    @Override
    public void suspendRead() {
        session.suspendRead();
    }

    @Override
    public void resumeRead() {
        session.resumeRead();
    }

    @Override
    public void close() {
        session.closeOnFlush();
    }

    @Override
    public IoSession relaySession() {
        return session;
    }
}
