package org.imgate.archive;

import java.io.IOException;
import java.util.List;

/** The payload of a PURGE record: the segments removed and when. Immutable. */
record PurgeRecord(long timeMillis, List<PurgedSegment> segments) {
    PurgeRecord {
        segments = List.copyOf(segments);
    }

    byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode purge record", e);
        }
    }

    static PurgeRecord fromJson(long seq, byte[] json) throws PayloadException {
        try {
            return Json.MAPPER.readValue(json, PurgeRecord.class);
        } catch (IOException | RuntimeException e) {
            throw new PayloadException(seq, "not a valid purge record: " + e.getMessage(), e);
        }
    }
}
