/** Protocol-neutral MINA plumbing for intercepting proxies: accept, connect upstream, ordered delivery. */
package org.imgate.proxy.relay;
