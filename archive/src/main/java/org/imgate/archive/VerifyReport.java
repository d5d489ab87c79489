package org.imgate.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@link JournalVerifier} found. Immutable.
 *
 * @param journalDir            the directory verified
 * @param problems              every problem found, the first broken place first
 * @param notes                 observations that are not failures (an incomplete record being written)
 * @param recordsChecked        records whose hash and link were checked
 * @param segments              segment files read
 * @param lastSeq               the last sequence number found (0 if none)
 * @param signedThroughSeq      the head sequence number the newest valid signed checkpoint vouches for, or -1
 * @param signedAt              when that checkpoint was made, or {@code null}
 */
public record VerifyReport(Path journalDir, List<Problem> problems, List<String> notes, long recordsChecked,
                           int segments, long lastSeq, long signedThroughSeq, Instant signedAt) {

    public VerifyReport {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** What kind of damage a problem is. */
    public enum Kind {
        /** A segment header is unreadable or wrong. */
        BAD_HEADER,
        /** A record's bytes do not match its hash or cannot be parsed (a changed byte). */
        CORRUPT_RECORD,
        /** A record belongs to another node's chain. */
        WRONG_NODE,
        /** A record does not link to the one before it (prevHash differs). */
        BROKEN_LINK,
        /** Records are missing: the sequence jumps and the link is broken (a deleted record). */
        MISSING_RECORDS,
        /** The sequence jumps although the chain links: numbers were skipped. */
        SEQUENCE_GAP,
        /** Records appear in the wrong order. */
        OUT_OF_ORDER,
        /** A segment ends before the next segment starts, or inside a record (cut short). */
        TRUNCATED_SEGMENT,
        /** The journal ends before what the CHECKPOINT file vouches for (its tail was cut). */
        TRUNCATED_JOURNAL,
        /** Segments before the first present one are gone and no purge record accounts for them. */
        MISSING_SEGMENTS,
        /** A checkpoint's signature does not verify with the key it names, which is the trusted key (forged). */
        FORGED_SIGNATURE,
        /** A checkpoint is signed by a key other than the trusted one (re-signed). */
        UNTRUSTED_KEY,
        /** A checkpoint or purge payload is invalid or vouches for a head that is not the record before it. */
        BAD_CHECKPOINT,
        /** The CHECKPOINT file is missing, unreadable, or disagrees with the journal. */
        CHECKPOINT_FILE,
        /** A file could not be read. */
        UNREADABLE
    }

    /**
     * One broken place.
     *
     * @param file   the segment (or CHECKPOINT) file
     * @param offset the byte offset in that file
     * @param seq    the sequence number concerned (the one expected there when the record is unreadable)
     */
    public record Problem(Kind kind, Path file, long offset, long seq, String message) {
        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return kind + " at " + file + " offset " + offset + " seq " + seq + ": " + message;
        }
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The exit status {@code imgate verify} uses: 0 when the journal verifies, 1 when it does not. */
    public int exitCode() {
        return ok() ? 0 : 1;
    }

    /** The first broken place, or {@code null} when the journal verifies. */
    public Problem problem() {
        return problems.isEmpty() ? null : problems.get(0);
    }

    /** A short human summary, as {@code imgate verify} prints it. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(ok() ? "OK" : "BROKEN").append(": ").append(journalDir).append(", ").append(segments)
                .append(" segments, ").append(recordsChecked).append(" records checked, last seq ").append(lastSeq);
        if (signedThroughSeq >= 0) {
            sb.append("; newest signed checkpoint vouches for seq ").append(signedThroughSeq).append(" at ")
                    .append(signedAt);
        } else {
            sb.append("; no signed checkpoint");
        }
        if (!ok()) {
            sb.append(System.lineSeparator()).append("first problem: ").append(problem());
        }
        return sb.toString();
    }
}
