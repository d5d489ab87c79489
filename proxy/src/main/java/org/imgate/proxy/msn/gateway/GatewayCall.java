package org.imgate.proxy.msn.gateway;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a client's gateway request asks for (msnp.md §1 "HTTP gateway"). The body holds MSNP bytes to
 * feed to the session's client-side decoder. Session ids are hidden from {@code toString}. Records are
 * immutable and thread-safe.
 */
public sealed interface GatewayCall {

    /** The MSNP bytes the client sent with the request (empty for a poll). */
    byte[] msnp();

    /**
     * {@code Action=open&Server=NS|SB&IP=<host>}: start a session with the named server.
     *
     * @param server the server role
     * @param ip     the {@code IP=} target as the client wrote it ({@code messenger.hotmail.com}, or the
     *               host from an {@code XFR}/{@code RNG}, possibly with a port)
     */
    record Open(GatewayServer server, String ip, byte[] msnp) implements GatewayCall {
        public Open {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(ip, "ip");
            msnp = msnp.clone();
        }

        @Override
        public byte[] msnp() {
            return msnp.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Open other && server == other.server && ip.equals(other.ip)
                    && Arrays.equals(msnp, other.msnp);
        }

        @Override
        public int hashCode() {
            return Objects.hash(server, ip, Arrays.hashCode(msnp));
        }

        @Override
        public String toString() {
            return "Open[" + server + " " + ip + ", " + msnp.length + " bytes]";
        }
    }

    /** {@code ?SessionID=<id>}: commands for an open session. */
    record Send(String sessionId, byte[] msnp) implements GatewayCall {
        public Send {
            Objects.requireNonNull(sessionId, "sessionId");
            msnp = msnp.clone();
        }

        @Override
        public byte[] msnp() {
            return msnp.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Send other && sessionId.equals(other.sessionId) && Arrays.equals(msnp, other.msnp);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, Arrays.hashCode(msnp));
        }

        @Override
        public String toString() {
            return "Send[session hidden, " + msnp.length + " bytes]";
        }
    }

    /** {@code ?Action=poll&SessionID=<id>}: nothing to send, collect what the server sent. */
    record Poll(String sessionId) implements GatewayCall {
        public Poll {
            Objects.requireNonNull(sessionId, "sessionId");
        }

        @Override
        public byte[] msnp() {
            return new byte[0];
        }

        @Override
        public String toString() {
            return "Poll[session hidden]";
        }
    }
}
