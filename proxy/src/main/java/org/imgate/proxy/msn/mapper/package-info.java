/** Pure mapping of decoded MSNP commands of one session to {@link org.imgate.core.ImEvent}s. */
package org.imgate.proxy.msn.mapper;
