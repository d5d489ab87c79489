package org.imgate.search.lucene;

/**
 * The names of the index's fields: one place, so that the document builder, the query translator and
 * the hit reader cannot drift apart. Searchable keyword fields hold lower-cased values; the
 * {@code stored.*} fields keep the original text for display. Constants only; thread-safe.
 */
final class IndexFields {

    /** The layout version; a change means existing indexes are rebuilt from the journal. */
    static final String SCHEMA_VERSION = "1";

    /** Unique record id {@code node/seq} (indexed for replace-on-replay, doc values for paging). */
    static final String ID = "id";
    static final String SEQ = "seq";
    /** The node id, indexed so that a session (unique per node) can be looked up. */
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
    /** Analyzed text: the message body (stored), or the words of an offered file's name (not stored). */
    static final String BODY = "body";
    static final String FILE = "file";
    static final String ACTION = "action";
    static final String RULE = "rule";
    static final String CLIENT = "client";
    static final String VERSION = "version";

    static final String FACET_PARTICIPANT = "facet.participant";
    static final String FACET_NETWORK = "facet.network";
    static final String FACET_DAY = "facet.day";

    static final String STORED_NODE = "stored.node";
    static final String STORED_SESSION = "stored.session";
    static final String STORED_CONVERSATION = "stored.conversation";
    static final String STORED_FROM_HANDLE = "stored.from.handle";
    static final String STORED_FROM_EMPLOYEE = "stored.from.employee";
    /** Recipients' handles, in order; {@link #STORED_TO_EMPLOYEE} holds their employees at the same positions. */
    static final String STORED_TO_HANDLE = "stored.to.handle";
    static final String STORED_TO_EMPLOYEE = "stored.to.employee";
    static final String STORED_FILE = "stored.file";
    static final String STORED_ENCRYPTION = "stored.encryption";
    static final String STORED_NOTICE = "stored.notice";
    static final String STORED_RULE = "stored.rule";
    static final String STORED_CLIENT = "stored.client";
    static final String STORED_VERSION = "stored.version";

    /** Commit user data: layout version, time zone of day facets, and per-node offsets. */
    static final String COMMIT_SCHEMA = "imgate.schema";
    static final String COMMIT_ZONE = "imgate.zone";
    static final String COMMIT_OFFSET_PREFIX = "imgate.offset.";

    private IndexFields() {
    }

    static String recordId(String nodeId, long seq) {
        // zero-padded so that the string order of ids within a node is the journal order
        return nodeId + '/' + String.format(java.util.Locale.ROOT, "%019d", seq);
    }
}
