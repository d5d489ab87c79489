package org.imgate.archive;

/**
 * The kinds of journal record, with the one-byte code each has on disk (docs/archive-format.md).
 * Callers append {@link #DECISION}, {@link #AUDIT} and their own kinds through the journal's
 * dedicated methods; checkpoints and purges are written only by the journal itself.
 */
public enum RecordType {
    DECISION(1),
    AUDIT(2),
    CHECKPOINT(3),
    PURGE(4),
    LEGAL_HOLD(5),
    LEGAL_HOLD_RELEASE(6);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    /** The byte written in the record's type field. */
    public int code() {
        return code;
    }

    /**
     * The type with this code.
     *
     * @throws IllegalArgumentException for a code no version of the format defines
     */
    public static RecordType fromCode(int code) {
        for (RecordType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown record type code " + code);
    }

    /** Whether records of this type are written only by the journal (never through {@code append}). */
    boolean journalInternal() {
        return this == CHECKPOINT || this == PURGE;
    }
}
