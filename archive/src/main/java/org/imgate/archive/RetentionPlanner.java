package org.imgate.archive;

import org.imgate.core.Decision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Decides which segments a purge may remove: sealed ones (never the segment being written) whose
 * records have all passed their retention, holding no decision a legal hold covers and no record
 * placing a hold still in force. A segment whose decisions cannot be decoded is kept: when in doubt,
 * keep. Stateless.
 */
final class RetentionPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPlanner.class);

    /** A segment that may go, with what the PURGE record says about it. */
    record Candidate(Path file, PurgedSegment summary) {
    }

    record Plan(List<Candidate> removable, int keptForHold) {
    }

    private RetentionPlanner() {
    }

    static Plan plan(List<Path> segments, Path active, Instant now, Collection<LegalHold> holds,
                     Map<String, Long> holdSeqs, DecisionCodec codec) throws JournalException {
        List<Candidate> out = new ArrayList<>();
        int keptForHold = 0;
        for (Path seg : segments) {
            if (seg.equals(active) || active == null) {
                continue;
            }
            if (Segments.firstSeqOf(seg) >= Segments.firstSeqOf(active)) {
                continue;
            }
            Verdict v = judge(seg, now, holds, holdSeqs, codec);
            if (v.candidate != null) {
                out.add(v.candidate);
            } else if (v.heldOnly) {
                keptForHold++;
            }
        }
        return new Plan(out, keptForHold);
    }

    private record Verdict(Candidate candidate, boolean heldOnly) {
    }

    private static Verdict judge(Path seg, Instant now, Collection<LegalHold> holds, Map<String, Long> holdSeqs,
                                 DecisionCodec codec) throws JournalException {
        try (SegmentScanner sc = SegmentScanner.open(seg)) {
            SegmentScanner.Header h = sc.header();
            long first = -1;
            long last = -1;
            byte[] lastHash = null;
            long count = 0;
            boolean held = false;
            while (true) {
                SegmentScanner.Step step = sc.next();
                if (step instanceof SegmentScanner.Damage d) {
                    throw new JournalException(seg + " offset " + d.offset() + ": " + d.message()
                            + "; purge stopped, run 'imgate verify'");
                }
                if (!(step instanceof SegmentScanner.Found f)) {
                    break;
                }
                JournalRecord r = f.record();
                if (r.retainUntil().isAfter(now)) {
                    return new Verdict(null, false);
                }
                if (first < 0) {
                    first = r.seq();
                }
                last = r.seq();
                lastHash = r.hash();
                count++;
                if (!held && holdSeqs.containsValue(r.seq()) && r.type() == RecordType.LEGAL_HOLD) {
                    held = true;
                }
                if (!held && r.type() == RecordType.DECISION && !holds.isEmpty()) {
                    held = coveredByHold(r, holds, codec);
                }
            }
            if (count == 0) {
                return new Verdict(null, false);
            }
            if (held) {
                return new Verdict(null, true);
            }
            return new Verdict(new Candidate(seg, new PurgedSegment(seg.getFileName().toString(), first, last,
                    Hex.of(h.prevHash()), Hex.of(lastHash), count)), false);
        }
    }

    private static boolean coveredByHold(JournalRecord r, Collection<LegalHold> holds, DecisionCodec codec) {
        Decision d;
        try {
            d = codec.decode(r);
        } catch (PayloadException e) {
            LOG.warn("{}: keeping the segment, its decision cannot be decoded to check legal holds: {}",
                    r.location(), e.getMessage());
            return true;
        }
        for (LegalHold h : holds) {
            if (h.covers(d)) {
                return true;
            }
        }
        return false;
    }
}
