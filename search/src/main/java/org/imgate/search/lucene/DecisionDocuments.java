package org.imgate.search.lucene;

import java.util.List;
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
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Participant;
import org.imgate.search.Hit;
import org.imgate.search.IndexedDecision;
import org.imgate.search.RecordKind;

/**
 * Turns one journal record into one Lucene document: every event kind is indexed (messages, file
 * offers, encryption notices, session and client records, presence), so that nothing archived is
 * unsearchable. Stateless and thread-safe.
 */
final class DecisionDocuments {

    /**
     * Message text and other searchable words (file names, encryption schemes); displayed from the
     * stored record. Positions (for phrases) but no offsets: offsets in the postings cost every record
     * at indexing and merging, while the snippets of the few hits shown are found by re-analysing their
     * stored text.
     */
    private static final FieldType BODY_TYPE = bodyType();

    /** Keyword values are cut here, far below Lucene's 32 KB term limit even in 4-byte UTF-8. */
    static final int MAX_KEYWORD_CHARS = 4000;

    DecisionDocuments() {
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
        Shown shown = new Shown();

        // no unique id term: (time, node, seq) orders and identifies a record, and a unique term per
        // record would be the largest part of the term dictionary to build, sort and merge
        doc.add(new StringField(IndexFields.NODE, record.nodeId(), Field.Store.NO));
        doc.add(new SortedDocValuesField(IndexFields.NODE, new BytesRef(record.nodeId())));
        doc.add(new LongPoint(IndexFields.SEQ, record.seq()));
        doc.add(new NumericDocValuesField(IndexFields.SEQ, record.seq()));

        // the day facet is counted from these doc values, in the zone of the day being asked about
        long millis = event.timestamp().toEpochMilli();
        doc.add(new LongPoint(IndexFields.TIME, millis));
        doc.add(new NumericDocValuesField(IndexFields.TIME, millis));

        String network = lower(event.network().name());
        keyword(doc, IndexFields.NETWORK, network);
        doc.add(new SortedSetDocValuesField(IndexFields.FACET_NETWORK, new BytesRef(network)));
        keyword(doc, IndexFields.SESSION, event.session().value());

        String action = VerdictNames.name(decision.verdict());
        keyword(doc, IndexFields.ACTION, action);
        for (String rule : decision.matchedRules()) {
            keyword(doc, IndexFields.RULE, rule);
        }
        if (decision.policyVersion() != null) {
            keyword(doc, IndexFields.POLICY, decision.policyVersion());
        }

        RecordKind kind = addEventFields(doc, event, shown);
        if (sessionClient != null && carriesNoClient(event)) {
            client(doc, sessionClient, shown);
        }
        Hit hit = new Hit(record.nodeId(), record.seq(), event.timestamp(), kind, event.network(),
                event.session().value(), shown.conversation, shown.from, shown.to, shown.direction, shown.body,
                shown.file, shown.encryption, action, VerdictNames.text(decision.verdict()),
                decision.matchedRules(), decision.policyVersion(), shown.clientFamily, shown.clientVersion,
                null, Float.NaN);
        doc.add(new StoredField(IndexFields.STORED_RECORD, StoredRecord.encode(hit)));
        return doc;
    }

    /** Indexes what the event kind carries and notes what a hit shows of it; returns the kind. */
    private RecordKind addEventFields(Document doc, ImEvent event, Shown shown) {
        if (event instanceof ImEvent.Message m) {
            conversation(doc, m.conversationId(), shown);
            parties(doc, m.sender(), m.recipients(), shown);
            shown.direction = m.direction();
            keyword(doc, IndexFields.DIRECTION, m.direction().name());
            doc.add(new Field(IndexFields.BODY, m.body(), BODY_TYPE));
            shown.body = m.body();
            return kind(doc, RecordKind.MESSAGE);
        } else if (event instanceof ImEvent.FileOffer f) {
            conversation(doc, f.conversationId(), shown);
            parties(doc, f.sender(), f.recipients(), shown);
            keyword(doc, IndexFields.FILE, f.fileName());
            shown.file = f.fileName();
            // the words of a file name are found by plain word searches too ("merger" finds merger-plan.doc)
            doc.add(new Field(IndexFields.BODY, f.fileName(), BODY_TYPE));
            return kind(doc, RecordKind.FILE_OFFER);
        } else if (event instanceof ImEvent.EncryptionDetected e) {
            if (e.conversationId() != null) {
                conversation(doc, e.conversationId(), shown);
            }
            parties(doc, e.sender(), e.recipients(), shown);
            doc.add(new Field(IndexFields.BODY, e.scheme(), BODY_TYPE));
            shown.encryption = e.scheme();
            return kind(doc, RecordKind.ENCRYPTION);
        } else if (event instanceof ImEvent.SessionOpened o) {
            client(doc, o.client(), shown);
            return kind(doc, RecordKind.SESSION_OPENED);
        } else if (event instanceof ImEvent.ClientIdentified c) {
            handle(doc, c.handle(), shown);
            client(doc, c.client(), shown);
            return kind(doc, RecordKind.CLIENT_IDENTIFIED);
        } else if (event instanceof ImEvent.Login l) {
            handle(doc, l.handle(), shown);
            client(doc, l.client(), shown);
            return kind(doc, RecordKind.LOGIN);
        } else if (event instanceof ImEvent.SessionClosed c) {
            handle(doc, c.handle(), shown);
            return kind(doc, RecordKind.SESSION_CLOSED);
        } else if (event instanceof ImEvent.Presence p) {
            handle(doc, p.handle(), shown);
            return kind(doc, RecordKind.PRESENCE);
        }
        throw new IllegalArgumentException("no index mapping for event " + event.getClass().getSimpleName());
    }

    /** Whether the event is one that does not name its client itself. */
    static boolean carriesNoClient(ImEvent event) {
        return event instanceof ImEvent.Message || event instanceof ImEvent.FileOffer
                || event instanceof ImEvent.EncryptionDetected;
    }

    private static RecordKind kind(Document doc, RecordKind kind) {
        doc.add(new StringField(IndexFields.KIND, kind.queryName(), Field.Store.NO));
        return kind;
    }

    private static void conversation(Document doc, String conversationId, Shown shown) {
        keyword(doc, IndexFields.CONVERSATION, conversationId);
        shown.conversation = conversationId;
    }

    private static void parties(Document doc, Participant sender, List<Participant> recipients, Shown shown) {
        participant(doc, IndexFields.FROM, sender);
        shown.from = sender;
        for (Participant recipient : recipients) {
            participant(doc, IndexFields.TO, recipient);
        }
        shown.to = recipients;
    }

    /** A session record's handle: the user, indexed as the sender so that {@code from:} and {@code with:} find it. */
    private static void handle(Document doc, String handle, Shown shown) {
        if (handle == null || handle.isBlank()) {
            return;
        }
        Participant user = Participant.of(handle);
        participant(doc, IndexFields.FROM, user);
        shown.from = user;
    }

    private static void participant(Document doc, String field, Participant participant) {
        String handle = lower(bounded(participant.handle()));
        doc.add(new StringField(field, handle, Field.Store.NO));
        if (participant.employee() != null) {
            keyword(doc, field, participant.employee());
        }
        doc.add(new SortedSetDocValuesField(IndexFields.FACET_PARTICIPANT, new BytesRef(handle)));
    }

    private static void client(Document doc, ClientInfo client, Shown shown) {
        keyword(doc, IndexFields.CLIENT, client.family());
        shown.clientFamily = client.family();
        if (client.version() != null && !client.version().isBlank()) {
            keyword(doc, IndexFields.VERSION, client.version());
            shown.clientVersion = client.version();
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

    /** What a hit shows of the event, gathered while its fields are indexed. Used by one call, on one thread. */
    private static final class Shown {
        String conversation;
        Participant from;
        List<Participant> to = List.of();
        Direction direction;
        String body;
        String file;
        String encryption;
        String clientFamily;
        String clientVersion;
    }

    private static FieldType bodyType() {
        FieldType type = new FieldType();
        type.setTokenized(true);
        type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        type.freeze();
        return type;
    }
}
