package org.imgate.search.journal;

/** Told how far a replay of the journal into the index has got; called on the replaying thread. */
@FunctionalInterface
public interface ReplayProgress {

    /** Ignores progress. */
    ReplayProgress NONE = (reached, from, through, records) -> { };

    /**
     * @param reachedSeq the last sequence number read
     * @param fromSeq    the first sequence number of the replay
     * @param throughSeq the last sequence number the replay will read
     * @param records    how many records were read so far
     */
    void update(long reachedSeq, long fromSeq, long throughSeq, long records);

    /** The fraction done, 0 to 1, for progress bars. */
    static double fraction(long reachedSeq, long fromSeq, long throughSeq) {
        if (throughSeq < fromSeq) {
            return 1.0;
        }
        double span = throughSeq - fromSeq + 1;
        return Math.max(0.0, Math.min(1.0, (reachedSeq - fromSeq + 1) / span));
    }
}
