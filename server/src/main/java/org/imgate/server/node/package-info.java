/** A running imgate node: the archive, the policy gate and the scheduled jobs, started and stopped in order. */
package org.imgate.server.node;
