package org.imgate.archive;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.imgate.core.Decision;

import java.io.IOException;
import java.util.Objects;

/**
 * Turns a {@link Decision} into the JSON payload of a DECISION record and back. The schema (a
 * {@code type} discriminator per event and verdict kind) is in docs/archive-format.md. Stateless and
 * thread-safe.
 */
public final class DecisionCodec {

    public byte[] encode(Decision decision) {
        Objects.requireNonNull(decision, "decision");
        try {
            return Json.MAPPER.writeValueAsBytes(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode decision " + decision, e);
        }
    }

    /**
     * Decodes the payload of the DECISION record {@code seq}.
     *
     * @throws PayloadException naming {@code seq} when the payload is not a valid decision
     */
    public Decision decode(long seq, byte[] payload) throws PayloadException {
        if (payload == null || payload.length == 0) {
            throw new PayloadException(seq, "empty decision payload", null);
        }
        try {
            Decision d = Json.MAPPER.readValue(payload, Decision.class);
            if (d == null) {
                throw new PayloadException(seq, "decision payload is JSON null", null);
            }
            return d;
        } catch (IOException | RuntimeException e) {
            throw new PayloadException(seq, "not a valid decision payload: " + e.getMessage(), e);
        }
    }

    /** Decodes a DECISION record. */
    public Decision decode(JournalRecord record) throws PayloadException {
        if (record.type() != RecordType.DECISION) {
            throw new PayloadException(record.seq(), "is a " + record.type() + " record, not a DECISION", null);
        }
        return decode(record.seq(), record.payload());
    }
}
