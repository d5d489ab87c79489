package org.imgate.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings a journal directory to a state the writer can continue from, when the journal opens: reads
 * every segment checking each record's hash, sequence and link within its segment, cuts off a torn
 * tail of the last segment (a record a crash interrupted: never acknowledged, so nothing durable is
 * lost) and reports it, and refuses to open on damage anywhere else or when the journal ends before
 * what the {@code CHECKPOINT} file vouches for. Also rebuilds the set of active legal holds. Used once
 * per open, from one thread.
 */
final class JournalRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    /**
     * Where the chain stands after recovery.
     *
     * @param lastSegment the segment to continue appending to, or {@code null} for an empty journal
     * @param tornTail    what was cut off, or {@code null} if the tail was clean
     */
    record State(long lastSeq, byte[] lastHash, Path lastSegment, long lastSegmentRecords,
                 Map<String, LegalHold> holds, Map<String, Long> holdSeqs, String tornTail) {
    }

    private JournalRecovery() {
    }

    static State recover(Path dir, String nodeId) throws JournalException {
        List<Path> segments = Segments.list(dir);
        Checkpoint vouched = readCheckpointFile(dir);
        long lastSeq = 0;
        byte[] lastHash = RecordFormat.GENESIS_HASH;
        Path lastSegment = null;
        long lastSegmentRecords = 0;
        String torn = null;
        Map<String, LegalHold> holds = new HashMap<>();
        Map<String, Long> holdSeqs = new HashMap<>();
        boolean vouchedSeen = false;
        JournalRecord newestCheckpoint = null;
        for (int i = 0; i < segments.size(); i++) {
            Path seg = segments.get(i);
            boolean last = i == segments.size() - 1;
            try (SegmentScanner sc = SegmentScanner.open(seg)) {
                SegmentScanner.Header h;
                try {
                    h = sc.header();
                } catch (SegmentScanner.IncompleteHeader e) {
                    if (!last) {
                        throw e;
                    }
                    torn = seg + ": segment creation was cut off (" + sc.size() + " bytes); file removed";
                    LOG.warn("journal {}: torn tail: {}", dir, torn);
                    deleteTornSegment(seg);
                    break;
                }
                if (!h.nodeId().equals(nodeId)) {
                    throw new JournalException(seg + " offset 0: segment belongs to node '" + h.nodeId()
                            + "', not '" + nodeId + "'");
                }
                if (h.firstSeq() != Segments.firstSeqOf(seg)) {
                    throw new JournalException(seg + " offset 0: header says the first seq is " + h.firstSeq()
                            + " but the file name says " + Segments.firstSeqOf(seg));
                }
                long expected = h.firstSeq();
                byte[] prev = h.prevHash();
                long records = 0;
                while (true) {
                    SegmentScanner.Step step = sc.next();
                    if (step instanceof SegmentScanner.Found f) {
                        JournalRecord r = f.record();
                        if (r.seq() != expected || !MessageDigest.isEqual(r.prevHash(), prev)
                                || !r.nodeId().equals(nodeId)) {
                            throw new JournalException(r.location() + ": corrupt journal: expected seq " + expected
                                    + " of node " + nodeId + " linked to the record before it; run 'imgate verify'");
                        }
                        if (vouched != null && r.seq() == vouched.seq()) {
                            if (!Hex.of(r.hash()).equals(vouched.headHash())) {
                                throw new JournalException(r.location() + ": record hash differs from the one "
                                        + dir.resolve(Segments.CHECKPOINT_FILE) + " vouches for; run 'imgate verify'");
                            }
                        }
                        if (vouched != null && r.seq() == vouched.seq() + 1 && r.type() == RecordType.CHECKPOINT) {
                            vouchedSeen = true;
                        }
                        trackHolds(r, holds, holdSeqs);
                        if (r.type() == RecordType.CHECKPOINT) {
                            newestCheckpoint = r;
                        }
                        expected++;
                        prev = r.hash();
                        records++;
                        lastSeq = r.seq();
                        lastHash = r.hash();
                    } else if (step instanceof SegmentScanner.Damage d) {
                        if (last && d.reachesEnd()) {
                            torn = seg + " offset " + d.offset() + ": " + d.message() + "; cut off "
                                    + (sc.size() - d.offset()) + " bytes after seq " + (expected - 1);
                            LOG.warn("journal {}: torn tail (a record a crash interrupted, never acknowledged): {}",
                                    dir, torn);
                            truncate(seg, d.offset());
                        } else {
                            throw new JournalException(seg + " offset " + d.offset()
                                    + (d.seq() >= 0 ? " (seq " + d.seq() + ")" : " (after seq " + (expected - 1) + ")")
                                    + ": corrupt record in the middle of the journal: " + d.message()
                                    + "; the journal was not opened, nothing was changed; run 'imgate verify'");
                        }
                        break;
                    } else {
                        break;
                    }
                }
                if (records == 0) {
                    lastSeq = h.firstSeq() - 1;
                    lastHash = h.prevHash();
                }
                lastSegment = seg;
                lastSegmentRecords = records;
            }
        }
        if (vouched != null && !vouchedSeen) {
            throw new JournalException("journal " + dir + " ends at seq " + lastSeq + " but "
                    + dir.resolve(Segments.CHECKPOINT_FILE) + " vouches for seq " + vouched.seq()
                    + " and its checkpoint record " + (vouched.seq() + 1)
                    + ": acknowledged records are missing; run 'imgate verify'");
        }
        if (newestCheckpoint != null && (vouched == null || newestCheckpoint.seq() > vouched.seq() + 1)) {
            catchUpCheckpointFile(dir, newestCheckpoint);
        }
        return new State(lastSeq, lastHash, lastSegment, lastSegmentRecords, holds, holdSeqs, torn);
    }

    /**
     * A crash (or a failed write) between making a checkpoint record durable and replacing the
     * CHECKPOINT file leaves the file behind the journal; bring it up to the newest checkpoint.
     */
    private static void catchUpCheckpointFile(Path dir, JournalRecord checkpoint) throws JournalException {
        Path file = dir.resolve(Segments.CHECKPOINT_FILE);
        try {
            Durable.replace(file, checkpoint.payload());
            LOG.info("journal {}: {} brought up to the checkpoint at {}", dir, file.getFileName(),
                    checkpoint.location());
        } catch (IOException e) {
            throw new JournalException("cannot write " + file + ": " + e, e);
        }
    }

    static Checkpoint readCheckpointFile(Path dir) throws JournalException {
        Path file = dir.resolve(Segments.CHECKPOINT_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return Checkpoint.fromJson(-1, Files.readAllBytes(file));
        } catch (PayloadException e) {
            throw new JournalException(file + " is not a valid checkpoint: " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new JournalException("cannot read " + file + ": " + e, e);
        }
    }

    private static void trackHolds(JournalRecord r, Map<String, LegalHold> holds, Map<String, Long> holdSeqs)
            throws JournalException {
        try {
            if (r.type() == RecordType.LEGAL_HOLD) {
                LegalHold h = Json.MAPPER.readValue(r.payload(), LegalHold.class);
                holds.put(h.id(), h);
                holdSeqs.put(h.id(), r.seq());
            } else if (r.type() == RecordType.LEGAL_HOLD_RELEASE) {
                LegalHoldRelease rel = Json.MAPPER.readValue(r.payload(), LegalHoldRelease.class);
                holds.remove(rel.holdId());
                holdSeqs.remove(rel.holdId());
            }
        } catch (IOException | RuntimeException e) {
            throw new JournalException(r.location() + ": unreadable " + r.type() + " payload: " + e.getMessage(), e);
        }
    }

    private static void truncate(Path seg, long size) throws JournalException {
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        } catch (IOException e) {
            throw new JournalException("cannot cut the torn tail off " + seg + " at offset " + size + ": " + e, e);
        }
    }

    private static void deleteTornSegment(Path seg) throws JournalException {
        try {
            Files.delete(seg);
            Durable.fsyncDirectory(seg.getParent());
        } catch (IOException e) {
            throw new JournalException("cannot remove the torn segment " + seg + ": " + e, e);
        }
    }
}
