package org.imgate.policy;

import org.imgate.core.Verdict;

/**
 * How several matching rules combine: the most severe verdict wins, ranked
 * end-session > block > redact > flag > notify > allow; between equally severe verdicts the
 * earlier rule in the file wins. Every matching rule's id is recorded regardless.
 */
final class Severity {
    private Severity() {
    }

    static int of(Verdict verdict) {
        if (verdict instanceof Verdict.EndSession) {
            return 5;
        } else if (verdict instanceof Verdict.Block) {
            return 4;
        } else if (verdict instanceof Verdict.Redact) {
            return 3;
        } else if (verdict instanceof Verdict.Flag) {
            return 2;
        } else if (verdict instanceof Verdict.Notify) {
            return 1;
        }
        return 0;
    }
}
