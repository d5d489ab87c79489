/** The embedded Lucene backend of the archive search: documents, the index writer's lifecycle, query translation and searching. */
package org.imgate.search.lucene;
