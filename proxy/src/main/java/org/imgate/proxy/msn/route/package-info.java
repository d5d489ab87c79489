/** Where follow-up MSNP connections go: XFR/RNG rewriting to imgate, per-NS ports and switchboard cookie routes. */
package org.imgate.proxy.msn.route;
