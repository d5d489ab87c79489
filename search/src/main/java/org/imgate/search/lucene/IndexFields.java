package org.imgate.search.lucene;

/**
 * The names of the index's fields: one place, so that the document builder, the query translator and
 * the hit reader cannot drift apart. Searchable keyword fields hold lower-cased values; the
 * {@code stored.*} fields keep the original text for display. Constants only; thread-safe.
 */
final class IndexFields {

    /** The layout version; a change means existing indexes are rebuilt from the journal. */
    static final String SCHEMA_VERSION = "3";

    /**
     * The record's journal sequence number: points for {@code seq:} and replace-on-replay, doc values as
     * the last tie-breaker of every sort.
     */
    static final String SEQ = "seq";
    /**
     * The node id: indexed so that a session (unique per node) and a record ({@code node} + {@code seq})
     * can be looked up, doc values as the tie-breaker between records of the same millisecond.
     */
    static final String NODE = "node";
    static final String TIME = "time";
    static final String KIND = "kind";
    static final String NETWORK = "network";
    static final String SESSION = "session";
    static final String CONVERSATION = "conversation";
    /** The sender's handle and, once known, employee id. */
    static final String FROM = "from";
    /** The recipients' handles and employee ids. */
    static final String TO = "to";
    static final String DIRECTION = "direction";
    /** Analyzed text: the message body, the words of an offered file's name, an encryption scheme. */
    static final String BODY = "body";
    static final String FILE = "file";
    static final String ACTION = "action";
    static final String RULE = "rule";
    static final String POLICY = "policy";
    static final String CLIENT = "client";
    static final String VERSION = "version";

    static final String FACET_PARTICIPANT = "facet.participant";
    static final String FACET_NETWORK = "facet.network";

    /** Everything a hit displays, packed into one stored value ({@link StoredRecord}). */
    static final String STORED_RECORD = "stored.record";

    /** Commit user data: layout version and per-node offsets. */
    static final String COMMIT_SCHEMA = "imgate.schema";
    static final String COMMIT_OFFSET_PREFIX = "imgate.offset.";

    private IndexFields() {
    }

    /** Digits of the largest sequence number. */
    private static final int SEQ_DIGITS = 19;

    /** The record id {@code node/seq} that page cursors carry; the seq is zero-padded so ids sort in journal order. */
    static String recordId(String nodeId, long seq) {
        String digits = Long.toString(seq);
        StringBuilder id = new StringBuilder(nodeId.length() + 1 + SEQ_DIGITS).append(nodeId).append('/');
        for (int pad = digits.length(); pad < SEQ_DIGITS; pad++) {
            id.append('0');
        }
        return id.append(digits).toString();
    }

    /** The node of a {@link #recordId}. */
    static String nodeOf(String recordId) {
        int slash = recordId.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + recordId + "' is not a record id (node/seq)");
        }
        return recordId.substring(0, slash);
    }

    /** The sequence number of a {@link #recordId}. */
    static long seqOf(String recordId) {
        try {
            return Long.parseLong(recordId.substring(recordId.lastIndexOf('/') + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + recordId + "' is not a record id (node/seq)", e);
        }
    }
}
