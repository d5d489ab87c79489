package org.imgate.search.lucene;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.BytesRef;
import org.imgate.search.Hit;

/** Rebuilds a {@link Hit} from a document's stored record. Stateless and thread-safe. */
final class HitReader {

    private HitReader() {
    }

    /** The hit a document read with {@link StoredFields#document} shows, without snippet or score. */
    static Hit read(Document doc) {
        BytesRef packed = doc.getBinaryValue(IndexFields.STORED_RECORD);
        if (packed == null) {
            throw new IllegalStateException("index document without a stored record; rebuild the index with imgate reindex");
        }
        return StoredRecord.decode(packed, null, Float.NaN);
    }
}
