package org.imgate.server.search;

import java.io.PrintWriter;
import java.util.Locale;
import org.imgate.search.journal.ReplayProgress;

/**
 * Shows how far a replay of the journal has got on stderr: a bar redrawn in place on a terminal, else
 * (a log file, a pipe) one line per tenth, so logs stay readable. Silent when there is nothing to replay.
 * Not thread-safe: called on the replaying thread only.
 */
public final class ProgressDisplay implements ReplayProgress {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final String label;
    private int lastTenth = -1;
    private boolean drawn;

    public ProgressDisplay(PrintWriter err, boolean terminal, String label) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
    }

    @Override
    public void update(long reachedSeq, long fromSeq, long throughSeq, long records) {
        if (throughSeq < fromSeq) {
            return;
        }
        double fraction = ReplayProgress.fraction(reachedSeq, fromSeq, throughSeq);
        int percent = (int) Math.floor(fraction * 100);
        if (terminal) {
            int filled = (int) Math.round(fraction * WIDTH);
            err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% seq %d of %d", label, "#".repeat(filled),
                    " ".repeat(WIDTH - filled), percent, reachedSeq, throughSeq));
            drawn = true;
            if (fraction >= 1.0) {
                err.println();
                drawn = false;
            }
            err.flush();
            return;
        }
        int tenth = percent / 10;
        if (tenth > lastTenth) {
            lastTenth = tenth;
            err.println(String.format(Locale.ROOT, "%s: %d%% (seq %d of %d, %d records read)", label, tenth * 10,
                    reachedSeq, throughSeq, records));
            err.flush();
        }
    }

    /** Ends a bar left unfinished (the replay failed), so the next message starts on its own line. */
    public void finish() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }
}
