/** The tamper-evident journal: segments, hash chain, signed checkpoints, group commit, recovery, readers, retention and legal hold. */
package org.imgate.archive;
