package org.imgate.search.lucene;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.imgate.core.Direction;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.search.Hit;
import org.imgate.search.RecordKind;
import org.imgate.search.Snippet;

/** Rebuilds a {@link Hit} from a document's stored fields. Stateless and thread-safe. */
final class HitReader {

    private HitReader() {
    }

    /** The stored message text of a document read with {@link StoredFields#document}, or {@code null}. */
    static String body(Document doc) {
        return doc.get(IndexFields.BODY);
    }

    static Hit read(Document doc, Snippet snippet, float score) {
        String fromHandle = doc.get(IndexFields.STORED_FROM_HANDLE);
        Participant from = fromHandle == null ? null
                : new Participant(fromHandle, doc.get(IndexFields.STORED_FROM_EMPLOYEE));
        String[] toHandles = doc.getValues(IndexFields.STORED_TO_HANDLE);
        String[] toEmployees = doc.getValues(IndexFields.STORED_TO_EMPLOYEE);
        List<Participant> to = new ArrayList<>(toHandles.length);
        for (int i = 0; i < toHandles.length; i++) {
            String employee = i < toEmployees.length && !toEmployees[i].isEmpty() ? toEmployees[i] : null;
            to.add(new Participant(toHandles[i], employee));
        }
        String direction = doc.get(IndexFields.DIRECTION);
        return new Hit(
                doc.get(IndexFields.STORED_NODE),
                doc.getField(IndexFields.SEQ).numericValue().longValue(),
                Instant.ofEpochMilli(doc.getField(IndexFields.TIME).numericValue().longValue()),
                RecordKind.fromQueryName(doc.get(IndexFields.KIND)).orElseThrow(
                        () -> new IllegalStateException("index holds unknown record kind " + doc.get(IndexFields.KIND))),
                Network.valueOf(doc.get(IndexFields.NETWORK).toUpperCase(Locale.ROOT)),
                doc.get(IndexFields.STORED_SESSION),
                doc.get(IndexFields.STORED_CONVERSATION),
                from,
                to,
                direction == null ? null : Direction.valueOf(direction.toUpperCase(Locale.ROOT)),
                body(doc),
                doc.get(IndexFields.STORED_FILE),
                doc.get(IndexFields.STORED_ENCRYPTION),
                doc.get(IndexFields.ACTION),
                doc.get(IndexFields.STORED_NOTICE),
                Arrays.asList(doc.getValues(IndexFields.STORED_RULE)),
                doc.get(IndexFields.STORED_POLICY),
                doc.get(IndexFields.STORED_CLIENT),
                doc.get(IndexFields.STORED_VERSION),
                snippet,
                score);
    }
}
