/** The MSN HTTP gateway (gateway.dll open/send/poll): bounded HTTP/1.1 reading and writing, requests, replies and the session table, independent of the network library. */
package org.imgate.proxy.msn.gateway;
