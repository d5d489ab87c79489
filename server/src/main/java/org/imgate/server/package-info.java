/** imgate server. */
package org.imgate.server;
