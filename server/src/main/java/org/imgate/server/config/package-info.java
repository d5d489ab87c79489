/** The imgate configuration file: one immutable record per module, bound once at start. */
package org.imgate.server.config;
