package org.imgate.search;

/** How hits are ordered. */
public enum SortOrder {
    /** Most recent first: the default for searches. */
    NEWEST_FIRST,
    /** Oldest first: how a conversation is read. */
    OLDEST_FIRST,
    /** Best match first, newer first among equals. */
    RELEVANCE
}
