/** The MSNP intercepting proxy over MINA: listeners, per-connection relay, routing and enforcement on the wire. */
package org.imgate.proxy.msn.transport;
