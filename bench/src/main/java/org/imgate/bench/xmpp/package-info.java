/** XMPP tools for trying imgate by hand and for measuring its XMPP proxy under load. */
package org.imgate.bench.xmpp;
