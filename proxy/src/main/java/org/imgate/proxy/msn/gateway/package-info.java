/** The MSN HTTP gateway (gateway.dll open/send/poll) as a server-independent codec and session table. */
package org.imgate.proxy.msn.gateway;
