package org.imgate.proxy.relay;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An {@link SslFilter} whose engine the caller makes, so that the client leg can carry SNI, host-name
 * verification and a protocol choice that MINA's own engine set-up knows nothing of. Thread-safe.
 */
public final class EngineSslFilter extends SslFilter {

    private final Supplier<SSLEngine> engines;

    /** @param engines makes a fully configured engine (client or server mode already set) */
    public EngineSslFilter(SSLContext context, Supplier<SSLEngine> engines) {
        super(context);
        this.engines = Objects.requireNonNull(engines, "engines");
    }

    @Override
    protected SSLEngine createEngine(IoSession session, InetSocketAddress addr) {
        return engines.get();
    }
}
