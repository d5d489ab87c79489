/** The imgate command line, its exit codes, and the one class that wires the modules together. */
package org.imgate.server;
