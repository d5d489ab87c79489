package org.imgate.server;

import java.util.List;
import java.util.Objects;

/**
 * What {@code imgate verify} found in the journal. Immutable.
 *
 * @param summary  one line on what was checked (segments, records, chains, checkpoints)
 * @param problems one line per break in the hash chain, bad signature or gap; empty when intact
 */
public record JournalReport(String summary, List<String> problems) {
    public JournalReport {
        Objects.requireNonNull(summary, "summary");
        problems = List.copyOf(problems);
    }

    public boolean intact() {
        return problems.isEmpty();
    }
}
