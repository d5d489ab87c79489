/** The verbs of the imgate command line (picocli), one class each. */
package org.imgate.server.cli;
