package org.imgate.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Test fixtures: small journals on real files, and the tools an attacker would use to tamper with them. */
final class Journals {
    static final String NODE = "node-1";

    private Journals() {
    }

    /** Small segments (64 KiB) and frequent checkpoints, so a few thousand records make a multi-segment journal. */
    static ArchiveConfig smallSegments() {
        return new ArchiveConfig(null, null, 65_536L, 100, Duration.ofSeconds(30), Duration.ofMillis(1), 512);
    }

    static JournalSettings settings(Path dataDir, ArchiveConfig config, Clock clock) {
        return new JournalSettings(dataDir, NODE, config, clock, null);
    }

    static Journal open(Path dataDir) throws JournalException {
        return Journal.open(settings(dataDir, smallSegments(), Clock.systemUTC()));
    }

    /** A 256-byte payload that names its index, so reads can be checked against writes. */
    static byte[] payload(int i) {
        byte[] b = new byte[256];
        Arrays.fill(b, (byte) 'x');
        byte[] tag = ("record " + i + " ").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, b, 0, tag.length);
        return b;
    }

    /** Appends {@code n} records and waits until all are durable; returns their sequence numbers. */
    static List<Long> appendAll(Journal j, int n) throws Exception {
        List<CompletableFuture<Long>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fs.add(j.append(RecordType.DECISION, payload(i)));
        }
        List<Long> seqs = new ArrayList<>();
        for (CompletableFuture<Long> f : fs) {
            seqs.add(f.get());
        }
        return seqs;
    }

    /** A closed journal of {@code n} records; returns its directory. */
    static Path writeJournal(Path dataDir, int n) throws Exception {
        try (Journal j = open(dataDir)) {
            appendAll(j, n);
        }
        return Segments.journalDir(dataDir, NODE);
    }

    static List<JournalRecord> readAll(Path journalDir) throws Exception {
        try (var s = JournalReader.open(journalDir).records(1)) {
            return s.toList();
        }
    }

    /** The records of one segment file, in file order. */
    static List<JournalRecord> recordsOf(Path segment) throws JournalException {
        List<JournalRecord> out = new ArrayList<>();
        try (SegmentScanner sc = SegmentScanner.open(segment)) {
            while (sc.next() instanceof SegmentScanner.Found f) {
                out.add(f.record());
            }
        }
        return out;
    }

    static long recordLength(JournalRecord r) {
        return RecordFormat.recordLength(r.nodeId().getBytes(StandardCharsets.UTF_8).length, r.payload().length);
    }

    /** A record as an attacker would rewrite it. */
    record Draft(long seq, RecordType type, long time, long retainUntil, byte[] payload) {
        static Draft of(JournalRecord r) {
            return new Draft(r.seq(), r.type(), r.timestamp().toEpochMilli(), r.retainUntil().toEpochMilli(),
                    r.payload());
        }
    }

    /** Decides what an attacker writes in place of a record, given the hash chain as rewritten so far. */
    interface Edit {
        List<Draft> apply(Draft original, long prevSeq, byte[] prevHash);
    }

    /**
     * Rewrites the whole journal through {@code edit}, recomputing every hash so the chain links again:
     * what a capable attacker without the signing key would do. Segment boundaries are kept.
     */
    static void rechain(Path journalDir, Edit edit) throws Exception {
        List<Path> segments = Segments.list(journalDir);
        MessageDigest sha = RecordFormat.sha256();
        byte[] node = NODE.getBytes(StandardCharsets.UTF_8);
        byte[] prevHash = RecordFormat.GENESIS_HASH;
        long prevSeq = 0;
        for (Path seg : segments) {
            List<JournalRecord> originals = recordsOf(seg);
            List<Draft> drafts = new ArrayList<>();
            ByteBuffer out = ByteBuffer.allocate((int) Files.size(seg) * 2 + 4096);
            long firstSeq = -1;
            byte[] headerPrev = prevHash;
            for (JournalRecord r : originals) {
                for (Draft d : edit.apply(Draft.of(r), prevSeq, prevHash)) {
                    if (firstSeq < 0) {
                        firstSeq = d.seq();
                    }
                    prevHash = RecordFormat.encode(out, sha, node, d.seq(), d.time(), d.type(), d.retainUntil(),
                            prevHash, d.payload());
                    prevSeq = d.seq();
                    drafts.add(d);
                }
            }
            ByteBuffer header = RecordFormat.header(node, firstSeq, headerPrev);
            Files.delete(seg);
            Path target = seg.resolveSibling(Segments.fileName(firstSeq));
            byte[] bytes = new byte[header.remaining() + out.position()];
            header.get(bytes, 0, header.remaining());
            System.arraycopy(out.array(), 0, bytes, bytes.length - out.position(), out.position());
            Files.write(target, bytes);
        }
    }

    /** Removes {@code length} bytes at {@code offset} from a file. */
    static void cut(Path file, long offset, long length) throws IOException {
        byte[] b = Files.readAllBytes(file);
        byte[] out = new byte[b.length - (int) length];
        System.arraycopy(b, 0, out, 0, (int) offset);
        System.arraycopy(b, (int) (offset + length), out, (int) offset, b.length - (int) (offset + length));
        Files.write(file, out);
    }

    static void truncate(Path file, long size) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, (int) size));
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] b = Files.readAllBytes(file);
        b[(int) offset] ^= 0x20;
        Files.write(file, b);
    }
}
