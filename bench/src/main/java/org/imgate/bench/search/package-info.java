/** The search benchmark's synthetic chat corpus and latency bookkeeping. */
package org.imgate.bench.search;
