package org.imgate.proxy.relay;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.DefaultWriteFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;

/**
 * Switches a plain MINA session to TLS in the middle of a stream, as STARTTLS protocols do (RFC 6120
 * §5.4, MSNP has none). The last clear-text answer travels as a {@link TlsFilter.ClearText} write behind
 * the already installed filter: no byte the peer sends after reading that answer can reach the handler
 * unencrypted. Stateless.
 */
public final class StartTls {

    /** The filter chain name under which TLS is installed. */
    public static final String FILTER_NAME = "tls";

    private StartTls() {
    }

    /**
     * Installs {@code tls} at the head of {@code session}'s chain, then writes {@code lastClearText}
     * unencrypted. On a server session the handshake waits for the peer; on a connector session it
     * starts at once (pass {@code null} text there).
     */
    public static void secure(IoSession session, TlsFilter tls, byte[] lastClearText) {
        session.getFilterChain().addFirst(FILTER_NAME, tls);
        if (lastClearText != null) {
            IoBuffer buffer = IoBuffer.wrap(lastClearText);
            session.getFilterChain().fireFilterWrite(new ClearTextWrite(buffer, new DefaultWriteFuture(session)));
        }
    }

    /** True when TLS is installed on {@code session}. */
    public static boolean isSecured(IoSession session) {
        return session.getFilterChain().contains(FILTER_NAME);
    }

    private static final class ClearTextWrite extends DefaultWriteRequest implements TlsFilter.ClearText {
        ClearTextWrite(IoBuffer message, DefaultWriteFuture future) {
            super(message, future);
        }
    }
}
