/** What the protocol load generators share: counting what each pair of clients received. */
package org.imgate.bench.load;
