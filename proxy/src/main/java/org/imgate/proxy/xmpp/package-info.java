/** XMPP (RFC 6120/6121) interception: bounded streaming parser, stanza model, mapping to core events. */
package org.imgate.proxy.xmpp;
