package org.imgate.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a journal directory end to end without changing it: every record's hash, sequence and link
 * (across segments, bridging purged segments only where a PURGE record accounts for them), every
 * checkpoint's Ed25519 signature against the trusted public key, and that the journal reaches at
 * least as far as the {@code CHECKPOINT} file vouches. Safe to run while the writer appends: it reads
 * each file only up to the size it had when opened, and an incomplete record at the very end is noted
 * as being written, not reported. The algorithm is the one docs/archive-format.md describes for third
 * parties. Stateless; each {@link #verify} call is independent.
 */
public final class JournalVerifier {
    private static final int MAX_PROBLEMS = 100;
    private static final byte[] NO_PAYLOAD = new byte[0];

    /** Verifies {@code journalDir} (a {@code data/journal/<node>} directory) against {@code trusted}. */
    public VerifyReport verify(Path journalDir, PublicKey trusted) throws JournalException {
        return new Run(journalDir, trusted).run();
    }

    private static final class Run {
        private final Path dir;
        private final PublicKey trusted;
        private final List<Located> problems = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final List<Gap> gaps = new ArrayList<>();
        private final Map<Long, PurgedSegment> purged = new HashMap<>();
        private long prevSeq;
        private byte[] prevHash = RecordFormat.GENESIS_HASH;
        private boolean resync;
        private long checked;
        private Checkpoint newest;
        private Checkpoint vouched;
        private byte[] vouchedHashFound;
        private Path lastFile;
        private long lastEnd;
        private int lastIndex;

        Run(Path dir, PublicKey trusted) {
            this.dir = dir;
            this.trusted = trusted;
        }

        VerifyReport run() throws JournalException {
            Path cpFile = dir.resolve(Segments.CHECKPOINT_FILE);
            if (Files.exists(cpFile)) {
                try {
                    vouched = Checkpoint.fromJson(-1, Files.readAllBytes(cpFile));
                } catch (IOException e) {
                    add(Integer.MAX_VALUE, VerifyReport.Kind.CHECKPOINT_FILE, cpFile, 0, -1,
                            "unreadable CHECKPOINT file: " + e.getMessage());
                }
            }
            if (!Files.isDirectory(dir)) {
                throw new JournalException("journal directory " + dir + " does not exist");
            }
            List<Path> segments = Segments.list(dir);
            String nodeId = dir.getFileName().toString();
            for (int i = 0; i < segments.size(); i++) {
                segment(i, segments.get(i), nodeId, i == segments.size() - 1);
            }
            for (Gap g : gaps) {
                if (!explained(g)) {
                    problems.add(g.problem);
                }
            }
            checkCheckpointFile(cpFile);
            if (vouched == null && newest != null && !hasKind(VerifyReport.Kind.CHECKPOINT_FILE)) {
                add(Integer.MAX_VALUE, VerifyReport.Kind.CHECKPOINT_FILE, cpFile, 0, newest.seq(),
                        "the CHECKPOINT file is missing although the journal holds signed checkpoints");
            }
            problems.sort(Comparator.comparingInt(Located::index).thenComparingLong(l -> l.problem.offset()));
            List<VerifyReport.Problem> out = problems.stream().map(Located::problem).limit(MAX_PROBLEMS).toList();
            return new VerifyReport(dir, out, notes, checked, segments.size(), prevSeq,
                    newest == null ? -1 : newest.seq(),
                    newest == null ? null : Instant.ofEpochMilli(newest.timeMillis()));
        }

        private void segment(int index, Path seg, String nodeId, boolean last) {
            try (SegmentScanner sc = SegmentScanner.open(seg)) {
                SegmentScanner.Header h;
                try {
                    h = sc.header();
                } catch (JournalException e) {
                    add(index, VerifyReport.Kind.BAD_HEADER, seg, 0, prevSeq + 1, e.getMessage());
                    resync = true;
                    return;
                }
                if (!h.nodeId().equals(nodeId)) {
                    add(index, VerifyReport.Kind.WRONG_NODE, seg, 0, h.firstSeq(),
                            "segment header names node '" + h.nodeId() + "' in the journal of '" + nodeId + "'");
                }
                if (h.firstSeq() != Segments.firstSeqOf(seg)) {
                    add(index, VerifyReport.Kind.BAD_HEADER, seg, 0, h.firstSeq(), "header says the first seq is "
                            + h.firstSeq() + " but the file name says " + Segments.firstSeqOf(seg));
                }
                boundary(index, seg, h);
                prevSeq = h.firstSeq() - 1;
                prevHash = h.prevHash();
                resync = false;
                List<JournalRecord> records = new ArrayList<>();
                long end = sc.size();
                while (true) {
                    SegmentScanner.Step step = sc.next();
                    if (step instanceof SegmentScanner.Found f) {
                        records.add(withoutUnneededPayload(f.record()));
                        continue;
                    }
                    if (step instanceof SegmentScanner.Damage d) {
                        end = d.offset();
                        long seq = d.seq() >= 0 ? d.seq() : -1;
                        if (last && d.reachesEnd()) {
                            notes.add(seg + " offset " + d.offset() + ": incomplete record at the end (being "
                                    + "written, or torn by a crash; opening the journal cuts it off): " + d.message());
                        } else if (d.kind() == SegmentScanner.Kind.INCOMPLETE) {
                            records(index, seg, records, nodeId);
                            add(index, VerifyReport.Kind.TRUNCATED_SEGMENT, seg, d.offset(), prevSeq + 1,
                                    "segment is cut short: " + d.message());
                            resync = true;
                            finish(index, seg, end);
                            return;
                        } else {
                            records(index, seg, records, nodeId);
                            add(index, VerifyReport.Kind.CORRUPT_RECORD, seg, d.offset(),
                                    seq >= 0 ? seq : prevSeq + 1, d.message());
                            resync = true;
                            finish(index, seg, end);
                            return;
                        }
                    }
                    break;
                }
                records(index, seg, records, nodeId);
                finish(index, seg, end);
            } catch (JournalException e) {
                add(index, VerifyReport.Kind.UNREADABLE, seg, 0, prevSeq + 1, e.getMessage());
                resync = true;
            }
        }

        private void finish(int index, Path seg, long end) {
            lastFile = seg;
            lastEnd = end;
            lastIndex = index;
        }

        private void boundary(int index, Path seg, SegmentScanner.Header h) {
            if (resync) {
                return;
            }
            long expected = prevSeq + 1;
            if (h.firstSeq() == expected) {
                if (!MessageDigest.isEqual(h.prevHash(), prevHash)) {
                    add(index, VerifyReport.Kind.BROKEN_LINK, seg, 0, h.firstSeq(),
                            "segment does not link to the record before it (seq " + prevSeq + ")");
                }
            } else if (h.firstSeq() > expected) {
                Located p = lastFile == null
                        ? new Located(index, new VerifyReport.Problem(VerifyReport.Kind.MISSING_SEGMENTS, seg, 0,
                        expected, "the journal starts at seq " + h.firstSeq()
                        + " and no purge record accounts for seq " + expected + "-" + (h.firstSeq() - 1)))
                        : new Located(lastIndex, new VerifyReport.Problem(VerifyReport.Kind.TRUNCATED_SEGMENT,
                        lastFile, lastEnd, expected, "segment ends at seq " + prevSeq + " but the next segment "
                        + seg.getFileName() + " starts at seq " + h.firstSeq()
                        + " and no purge record accounts for the records between"));
                gaps.add(new Gap(prevSeq, prevHash, h.firstSeq(), h.prevHash(), p));
            } else {
                add(index, VerifyReport.Kind.OUT_OF_ORDER, seg, 0, h.firstSeq(), "segment starts at seq "
                        + h.firstSeq() + " but the segment before it already reached seq " + prevSeq);
            }
        }

        private void records(int index, Path seg, List<JournalRecord> records, String nodeId) {
            for (int i = 0; i < records.size(); i++) {
                JournalRecord r = records.get(i);
                long expected = prevSeq + 1;
                if (!r.nodeId().equals(nodeId)) {
                    add(index, VerifyReport.Kind.WRONG_NODE, seg, r.offset(), r.seq(),
                            "record belongs to node '" + r.nodeId() + "'");
                }
                if (r.seq() == expected) {
                    if (!MessageDigest.isEqual(r.prevHash(), prevHash)) {
                        add(index, VerifyReport.Kind.BROKEN_LINK, seg, r.offset(), r.seq(),
                                "record does not link to the record before it (seq " + prevSeq + ")");
                    }
                } else if (r.seq() > expected) {
                    if (appearsLater(records, i + 1, expected)) {
                        add(index, VerifyReport.Kind.OUT_OF_ORDER, seg, r.offset(), r.seq(), "found seq " + r.seq()
                                + " where seq " + expected + " belongs; seq " + expected + " comes later");
                    } else if (MessageDigest.isEqual(r.prevHash(), prevHash)) {
                        add(index, VerifyReport.Kind.SEQUENCE_GAP, seg, r.offset(), r.seq(),
                                "sequence jumps from " + prevSeq + " to " + r.seq());
                    } else {
                        add(index, VerifyReport.Kind.MISSING_RECORDS, seg, r.offset(), r.seq(), "records "
                                + expected + (r.seq() - 1 > expected ? "-" + (r.seq() - 1) : "") + " are missing");
                    }
                } else {
                    add(index, VerifyReport.Kind.OUT_OF_ORDER, seg, r.offset(), r.seq(),
                            "seq " + r.seq() + " follows seq " + prevSeq);
                }
                content(index, r);
                if (vouched != null && r.seq() == vouched.seq()) {
                    vouchedHashFound = r.hash();
                }
                prevSeq = r.seq();
                prevHash = r.hash();
                checked++;
            }
        }

        private void content(int index, JournalRecord r) {
            try {
                if (r.type() == RecordType.CHECKPOINT) {
                    Checkpoint cp = Checkpoint.fromJson(r.seq(), r.payload());
                    if (cp.seq() != r.seq() - 1 || !cp.headHash().equals(Hex.of(r.prevHash()))
                            || !cp.nodeId().equals(r.nodeId())) {
                        add(index, VerifyReport.Kind.BAD_CHECKPOINT, r.segment(), r.offset(), r.seq(),
                                "checkpoint vouches for seq " + cp.seq() + " hash " + cp.headHash()
                                        + ", not for the record before it");
                        return;
                    }
                    if (signatureProblem(index, cp, r.segment(), r.offset(), r.seq())) {
                        return;
                    }
                    newest = cp;
                } else if (r.type() == RecordType.PURGE) {
                    for (PurgedSegment s : PurgeRecord.fromJson(r.seq(), r.payload()).segments()) {
                        purged.put(s.firstSeq(), s);
                    }
                }
            } catch (PayloadException e) {
                add(index, VerifyReport.Kind.BAD_CHECKPOINT, r.segment(), r.offset(), r.seq(), e.getMessage());
            }
        }

        private boolean signatureProblem(int index, Checkpoint cp, Path file, long offset, long seq) {
            PublicKey signer;
            try {
                signer = cp.signer();
            } catch (IOException | RuntimeException e) {
                add(index, VerifyReport.Kind.FORGED_SIGNATURE, file, offset, seq,
                        "checkpoint names an unreadable public key");
                return true;
            }
            if (!ArchiveKeys.sameKey(signer, trusted)) {
                add(index, VerifyReport.Kind.UNTRUSTED_KEY, file, offset, seq, "checkpoint is signed by key "
                        + ArchiveKeys.fingerprint(signer) + ", not by the trusted key "
                        + ArchiveKeys.fingerprint(trusted));
                return true;
            }
            if (!cp.signatureValidFor(trusted)) {
                add(index, VerifyReport.Kind.FORGED_SIGNATURE, file, offset, seq,
                        "checkpoint signature does not verify with the trusted key");
                return true;
            }
            return false;
        }

        private void checkCheckpointFile(Path cpFile) {
            if (vouched == null) {
                return;
            }
            if (signatureProblem(Integer.MAX_VALUE, vouched, cpFile, 0, vouched.seq())) {
                return;
            }
            long needed = vouched.seq() + 1;
            if (prevSeq < needed) {
                Path where = lastFile == null ? dir : lastFile;
                add(lastFile == null ? Integer.MAX_VALUE : lastIndex, VerifyReport.Kind.TRUNCATED_JOURNAL, where,
                        lastEnd, prevSeq + 1, "the journal ends at seq " + prevSeq + " but the signed CHECKPOINT "
                                + "file vouches for seq " + vouched.seq() + " and its checkpoint record " + needed);
            } else if (vouchedHashFound != null && !Hex.of(vouchedHashFound).equals(vouched.headHash())) {
                add(Integer.MAX_VALUE, VerifyReport.Kind.CHECKPOINT_FILE, cpFile, 0, vouched.seq(),
                        "record seq " + vouched.seq() + " does not have the hash the CHECKPOINT file vouches for");
            }
        }

        private boolean explained(Gap g) {
            long s = g.fromSeq + 1;
            String h = Hex.of(g.fromHash);
            while (s < g.toSeq) {
                PurgedSegment p = purged.get(s);
                if (p == null || !p.firstPrevHash().equals(h)) {
                    return false;
                }
                h = p.lastHash();
                s = p.lastSeq() + 1;
            }
            return s == g.toSeq && h.equals(Hex.of(g.toPrevHash));
        }

        /** Keeps a segment's worth of records small: only checkpoint and purge payloads are looked at. */
        private static JournalRecord withoutUnneededPayload(JournalRecord r) {
            if (r.type() == RecordType.CHECKPOINT || r.type() == RecordType.PURGE) {
                return r;
            }
            return new JournalRecord(r.nodeId(), r.seq(), r.timestamp(), r.type(), r.retainUntil(), NO_PAYLOAD,
                    r.prevHash(), r.hash(), r.segment(), r.offset());
        }

        private static boolean appearsLater(List<JournalRecord> records, int from, long seq) {
            for (int i = from; i < records.size(); i++) {
                if (records.get(i).seq() == seq) {
                    return true;
                }
            }
            return false;
        }

        private boolean hasKind(VerifyReport.Kind kind) {
            return problems.stream().anyMatch(l -> l.problem.kind() == kind);
        }

        private void add(int index, VerifyReport.Kind kind, Path file, long offset, long seq, String message) {
            problems.add(new Located(index, new VerifyReport.Problem(kind, file, offset, seq, message)));
        }
    }

    private record Located(int index, VerifyReport.Problem problem) {
    }

    private record Gap(long fromSeq, byte[] fromHash, long toSeq, byte[] toPrevHash, Located problem) {
    }
}
