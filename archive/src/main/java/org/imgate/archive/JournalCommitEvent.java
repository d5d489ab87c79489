package org.imgate.archive;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A Java Flight Recorder event per group commit: how long the batch lingered, was written and was made
 * durable, and how long its oldest append had waited by then. It is recorded only while a flight
 * recording runs (e.g. {@code -XX:StartFlightRecording}), so that an operator can tell the journal's
 * share of the relay's latency from the rest; otherwise it costs a check per commit.
 */
@Name("org.imgate.archive.JournalCommit")
@Label("Journal commit")
@Description("One group commit of the archive journal: linger, write and fsync times")
@Category({"imgate", "Archive"})
@StackTrace(false)
final class JournalCommitEvent extends Event {
    @Label("Records")
    int records;

    @Label("Lingered")
    @Description("Time spent gathering the batch (the commit window)")
    @Timespan(Timespan.NANOSECONDS)
    long lingered;

    @Label("Written")
    @Timespan(Timespan.NANOSECONDS)
    long written;

    @Label("Synced")
    @Description("Time in fsync")
    @Timespan(Timespan.NANOSECONDS)
    long synced;

    @Label("Oldest wait")
    @Description("From the batch's oldest append to the end of its fsync")
    @Timespan(Timespan.NANOSECONDS)
    long oldestWait;
}
