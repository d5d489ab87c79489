/** MSNP (MSN Messenger, MSNP2 to MSNP15): codec, client identification and event mapping. */
package org.imgate.proxy.msn;
