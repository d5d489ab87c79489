/**
 * Protocol-neutral MINA plumbing for intercepting proxies: accept, connect upstream, STARTTLS and TLS
 * ({@link org.imgate.proxy.relay.TlsFilter}), session locking and ordered delivery.
 */
package org.imgate.proxy.relay;
