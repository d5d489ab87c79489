package org.imgate.proxy.relay;

import org.apache.mina.core.session.IoSession;

/** Makes the {@link RelayConnection} for a newly accepted client. Called on an I/O thread: must not block. */
@FunctionalInterface
public interface RelayConnectionFactory {

    RelayConnection accept(IoSession client, RelayHost host);
}
