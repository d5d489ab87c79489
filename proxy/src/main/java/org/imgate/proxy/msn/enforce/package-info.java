/** Turning policy verdicts on MSNP commands into wire actions the MSN transport executes. */
package org.imgate.proxy.msn.enforce;
