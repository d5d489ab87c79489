/** Feeds the search index from the archive journal: catch-up replay, rebuilds, and live tailing. */
package org.imgate.search.journal;
