/** MSNP framing: bytes to {@link org.imgate.proxy.msn.codec.MsnCommand}s and back, bounded and MINA-free. */
package org.imgate.proxy.msn.codec;
