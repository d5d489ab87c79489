package org.imgate.search.lucene;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;
import org.imgate.core.ClientInfo;
import org.imgate.core.Decision;
import org.imgate.core.ImEvent;
import org.imgate.core.Participant;
import org.imgate.search.IndexedDecision;
import org.imgate.search.RecordKind;

/**
 * Turns one journal record into one Lucene document: every event kind is indexed (messages, file
 * offers, encryption notices, session and client records, presence), so that nothing archived is
 * unsearchable. Stateless and thread-safe.
 */
final class DecisionDocuments {

    /**
     * Message text, stored for display. Positions (for phrases) but no offsets: offsets in the postings
     * cost every record at indexing and merging, while the snippets of the few hits shown are found by
     * re-analysing their stored text.
     */
    private static final FieldType BODY_TYPE = bodyType(true);
    /** Other searchable words (file names, encryption schemes): found by plain searches, displayed elsewhere. */
    private static final FieldType WORDS_TYPE = bodyType(false);

    /** Keyword values are cut here, far below Lucene's 32 KB term limit even in 4-byte UTF-8. */
    static final int MAX_KEYWORD_CHARS = 4000;

    private final ZoneId zone;

    /** @param zone the time zone whose calendar days the day facet counts */
    DecisionDocuments(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * @param sessionClient the client program of the record's session as far as earlier records
     *                      identified it, or {@code null}; given to conversation records (messages, file
     *                      offers, encryption notices), which do not carry it themselves
     */
    Document build(IndexedDecision record, ClientInfo sessionClient) {
        Decision decision = record.decision();
        ImEvent event = decision.event();
        Document doc = new Document();

        // no unique id term: (time, node, seq) orders and identifies a record, and a unique term per
        // record would be the largest part of the term dictionary to build, sort and merge
        doc.add(new StringField(IndexFields.NODE, record.nodeId(), Field.Store.NO));
        doc.add(new SortedDocValuesField(IndexFields.NODE, new BytesRef(record.nodeId())));
        doc.add(new StoredField(IndexFields.STORED_NODE, record.nodeId()));
        doc.add(new LongPoint(IndexFields.SEQ, record.seq()));
        doc.add(new NumericDocValuesField(IndexFields.SEQ, record.seq()));
        doc.add(new StoredField(IndexFields.SEQ, record.seq()));

        long millis = event.timestamp().toEpochMilli();
        doc.add(new LongPoint(IndexFields.TIME, millis));
        doc.add(new NumericDocValuesField(IndexFields.TIME, millis));
        doc.add(new StoredField(IndexFields.TIME, millis));
        String day = LocalDate.ofInstant(event.timestamp(), zone).toString();
        doc.add(new SortedSetDocValuesField(IndexFields.FACET_DAY, new BytesRef(day)));

        String network = lower(event.network().name());
        storedKeyword(doc, IndexFields.NETWORK, network);
        doc.add(new SortedSetDocValuesField(IndexFields.FACET_NETWORK, new BytesRef(network)));
        keyword(doc, IndexFields.SESSION, event.session().value());
        doc.add(new StoredField(IndexFields.STORED_SESSION, event.session().value()));

        String action = VerdictNames.name(decision.verdict());
        storedKeyword(doc, IndexFields.ACTION, action);
        String notice = VerdictNames.text(decision.verdict());
        if (notice != null) {
            doc.add(new StoredField(IndexFields.STORED_NOTICE, notice));
        }
        for (String rule : decision.matchedRules()) {
            keyword(doc, IndexFields.RULE, rule);
            doc.add(new StoredField(IndexFields.STORED_RULE, rule));
        }
        if (decision.policyVersion() != null) {
            keyword(doc, IndexFields.POLICY, decision.policyVersion());
            doc.add(new StoredField(IndexFields.STORED_POLICY, decision.policyVersion()));
        }

        addEventFields(doc, event);
        if (sessionClient != null && carriesNoClient(event)) {
            client(doc, sessionClient);
        }
        return doc;
    }

    private void addEventFields(Document doc, ImEvent event) {
        if (event instanceof ImEvent.Message m) {
            kind(doc, RecordKind.MESSAGE);
            conversation(doc, m.conversationId());
            parties(doc, m.sender(), m.recipients());
            storedKeyword(doc, IndexFields.DIRECTION, lower(m.direction().name()));
            doc.add(new Field(IndexFields.BODY, m.body(), BODY_TYPE));
        } else if (event instanceof ImEvent.FileOffer f) {
            kind(doc, RecordKind.FILE_OFFER);
            conversation(doc, f.conversationId());
            parties(doc, f.sender(), f.recipients());
            keyword(doc, IndexFields.FILE, f.fileName());
            doc.add(new StoredField(IndexFields.STORED_FILE, f.fileName()));
            // the words of a file name are found by plain word searches too ("merger" finds merger-plan.doc)
            doc.add(new Field(IndexFields.BODY, f.fileName(), WORDS_TYPE));
        } else if (event instanceof ImEvent.EncryptionDetected e) {
            kind(doc, RecordKind.ENCRYPTION);
            if (e.conversationId() != null) {
                conversation(doc, e.conversationId());
            }
            parties(doc, e.sender(), e.recipients());
            doc.add(new Field(IndexFields.BODY, e.scheme(), WORDS_TYPE));
            doc.add(new StoredField(IndexFields.STORED_ENCRYPTION, e.scheme()));
        } else if (event instanceof ImEvent.SessionOpened o) {
            kind(doc, RecordKind.SESSION_OPENED);
            client(doc, o.client());
        } else if (event instanceof ImEvent.ClientIdentified c) {
            kind(doc, RecordKind.CLIENT_IDENTIFIED);
            handle(doc, c.handle());
            client(doc, c.client());
        } else if (event instanceof ImEvent.Login l) {
            kind(doc, RecordKind.LOGIN);
            handle(doc, l.handle());
            client(doc, l.client());
        } else if (event instanceof ImEvent.SessionClosed c) {
            kind(doc, RecordKind.SESSION_CLOSED);
            handle(doc, c.handle());
        } else if (event instanceof ImEvent.Presence p) {
            kind(doc, RecordKind.PRESENCE);
            handle(doc, p.handle());
        } else {
            throw new IllegalArgumentException("no index mapping for event " + event.getClass().getSimpleName());
        }
    }

    /** Whether the event is one that does not name its client itself. */
    static boolean carriesNoClient(ImEvent event) {
        return event instanceof ImEvent.Message || event instanceof ImEvent.FileOffer
                || event instanceof ImEvent.EncryptionDetected;
    }

    private static void kind(Document doc, RecordKind kind) {
        doc.add(new StringField(IndexFields.KIND, kind.queryName(), Field.Store.YES));
    }

    private static void conversation(Document doc, String conversationId) {
        keyword(doc, IndexFields.CONVERSATION, conversationId);
        doc.add(new StoredField(IndexFields.STORED_CONVERSATION, conversationId));
    }

    private static void parties(Document doc, Participant sender, List<Participant> recipients) {
        participant(doc, IndexFields.FROM, sender);
        doc.add(new StoredField(IndexFields.STORED_FROM_HANDLE, sender.handle()));
        if (sender.employee() != null) {
            doc.add(new StoredField(IndexFields.STORED_FROM_EMPLOYEE, sender.employee()));
        }
        for (Participant recipient : recipients) {
            participant(doc, IndexFields.TO, recipient);
            doc.add(new StoredField(IndexFields.STORED_TO_HANDLE, recipient.handle()));
            // stored at the same position as the handle; empty when the employee is unknown
            doc.add(new StoredField(IndexFields.STORED_TO_EMPLOYEE,
                    recipient.employee() == null ? "" : recipient.employee()));
        }
    }

    /** A session record's handle: the user, indexed as the sender so that {@code from:} and {@code with:} find it. */
    private static void handle(Document doc, String handle) {
        if (handle == null || handle.isBlank()) {
            return;
        }
        participant(doc, IndexFields.FROM, Participant.of(handle));
        doc.add(new StoredField(IndexFields.STORED_FROM_HANDLE, handle));
    }

    private static void participant(Document doc, String field, Participant participant) {
        String handle = lower(bounded(participant.handle()));
        doc.add(new StringField(field, handle, Field.Store.NO));
        if (participant.employee() != null) {
            keyword(doc, field, participant.employee());
        }
        doc.add(new SortedSetDocValuesField(IndexFields.FACET_PARTICIPANT, new BytesRef(handle)));
    }

    private static void client(Document doc, ClientInfo client) {
        keyword(doc, IndexFields.CLIENT, client.family());
        doc.add(new StoredField(IndexFields.STORED_CLIENT, client.family()));
        if (client.version() != null && !client.version().isBlank()) {
            keyword(doc, IndexFields.VERSION, client.version());
            doc.add(new StoredField(IndexFields.STORED_VERSION, client.version()));
        }
    }

    private static void keyword(Document doc, String field, String value) {
        doc.add(new StringField(field, lower(bounded(value)), Field.Store.NO));
    }

    /**
     * Lucene refuses a term over 32 KB and with it the whole record, which would stall the tailer on
     * one absurd handle or file name; such values are indexed by their first {@value #MAX_KEYWORD_CHARS}
     * characters (prefix wildcards still find them) and stored whole.
     */
    private static String bounded(String value) {
        if (value.length() <= MAX_KEYWORD_CHARS) {
            return value;
        }
        int end = MAX_KEYWORD_CHARS;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end);
    }

    /** A keyword whose lower-cased form is also what is displayed. */
    private static void storedKeyword(Document doc, String field, String value) {
        doc.add(new StringField(field, lower(value), Field.Store.YES));
    }

    /**
     * Lower-cases code point by code point, exactly as the query side's {@code LowerCaseFilter} does
     * ({@link String#toLowerCase} differs for a few letters, such as the dotted capital I).
     */
    static String lower(String value) {
        // handles, ids and names are nearly always ASCII and often lower-case already: every record has
        // a dozen of them, so the common case must not allocate
        int firstChange = -1;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                return lowerCodePoints(value);
            }
            if (c >= 'A' && c <= 'Z') {
                firstChange = i;
                break;
            }
        }
        if (firstChange < 0) {
            return value;
        }
        char[] chars = value.toCharArray();
        for (int i = firstChange; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 0x80) {
                return lowerCodePoints(value);
            }
            if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return new String(chars);
    }

    private static String lowerCodePoints(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            out.appendCodePoint(Character.toLowerCase(cp));
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static FieldType bodyType(boolean stored) {
        FieldType type = new FieldType();
        type.setStored(stored);
        type.setTokenized(true);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        type.freeze();
        return type;
    }
}
