/** imgate search. */
package org.imgate.search;
