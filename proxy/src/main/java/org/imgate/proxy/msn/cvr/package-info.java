/** Rewriting the server's CVR reply so clients upgrade from, and to the version, the company chooses. */
package org.imgate.proxy.msn.cvr;
