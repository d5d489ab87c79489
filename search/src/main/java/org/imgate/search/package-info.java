/** The archive search: the backend-neutral ports and values for indexing decisions and searching them. */
package org.imgate.search;
