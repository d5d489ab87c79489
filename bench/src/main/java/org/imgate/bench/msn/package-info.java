/** The MSN load benchmark: a lean MSNP server and client, and the load generator that drives them. */
package org.imgate.bench.msn;
