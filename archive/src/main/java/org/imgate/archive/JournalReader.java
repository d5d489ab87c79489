package org.imgate.archive;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a journal directory in sequence order, read-only, while a writer (in this or another process)
 * may be appending. {@link #records} delivers only durable records: it stops at the sequence number
 * the writer last published as committed ({@code COMMITTED}, see {@link CommitMarker}), and at an
 * incomplete record at the very end (one being written). Records whose hashes do not match stop the
 * read with an error naming the file and offset, never silently. Each stream holds one open file;
 * close it (try-with-resources). Thread-safe: every stream is independent.
 */
public final class JournalReader {
    private final Path dir;

    private JournalReader(Path dir) {
        this.dir = dir;
    }

    /** A reader of {@code data/journal/<node>}. */
    public static JournalReader open(Path journalDir) throws JournalException {
        if (!Files.isDirectory(journalDir)) {
            throw new JournalException("journal directory " + journalDir + " does not exist");
        }
        return new JournalReader(journalDir);
    }

    public Path directory() {
        return dir;
    }

    /** Every durable record from {@code fromSeq} on (from the first kept one if older ones were purged). */
    public Stream<JournalRecord> records(long fromSeq) throws JournalException {
        return records(fromSeq, Long.MAX_VALUE);
    }

    /**
     * Records with {@code fromSeq <= seq <= throughSeq}.
     *
     * @throws JournalException if the directory cannot be listed; damage found while streaming is
     *                          thrown as {@link UncheckedIOException} wrapping a {@link JournalException}
     */
    public Stream<JournalRecord> records(long fromSeq, long throughSeq) throws JournalException {
        long committed = CommitMarker.read(dir);
        long bound = committed >= 0 ? Math.min(committed, throughSeq) : throughSeq;
        RecordIterator it = new RecordIterator(Segments.list(dir), fromSeq, bound);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(it::close);
    }

    /**
     * Records from {@code fromSeq} through the committed bound, starting the scan at {@code resume}
     * (the segment and offset just after the record {@code fromSeq - 1}) instead of searching from the
     * segment's start. Falls back to searching when that segment is gone (purged).
     */
    Stream<JournalRecord> recordsAfter(Path resumeSegment, long resumeOffset, long fromSeq, long throughSeq)
            throws JournalException {
        long committed = CommitMarker.read(dir);
        long bound = committed >= 0 ? Math.min(committed, throughSeq) : throughSeq;
        List<Path> segments = Segments.list(dir);
        int index = segments.indexOf(resumeSegment);
        RecordIterator it = index < 0
                ? new RecordIterator(segments, fromSeq, bound)
                : new RecordIterator(segments, fromSeq, bound, index, resumeOffset);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(it::close);
    }

    private static final class RecordIterator implements Iterator<JournalRecord> {
        private final List<Path> segments;
        private final long from;
        private final long through;
        private int index;
        private long resumeOffset = -1;
        private SegmentScanner scanner;
        private JournalRecord next;
        private boolean done;

        RecordIterator(List<Path> segments, long from, long through) {
            this.segments = segments;
            this.from = from;
            this.through = through;
            int start = 0;
            for (int i = 0; i < segments.size(); i++) {
                if (Segments.firstSeqOf(segments.get(i)) <= from) {
                    start = i;
                }
            }
            this.index = start;
        }

        RecordIterator(List<Path> segments, long from, long through, int index, long resumeOffset) {
            this.segments = segments;
            this.from = from;
            this.through = through;
            this.index = index;
            this.resumeOffset = resumeOffset;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (done) {
                return false;
            }
            try {
                next = advance();
            } catch (JournalException e) {
                close();
                throw new UncheckedIOException(e);
            }
            if (next == null) {
                done = true;
                close();
            }
            return next != null;
        }

        @Override
        public JournalRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            JournalRecord r = next;
            next = null;
            return r;
        }

        private JournalRecord advance() throws JournalException {
            while (true) {
                if (scanner == null) {
                    if (index >= segments.size()) {
                        return null;
                    }
                    Path seg = segments.get(index);
                    if (!Files.exists(seg)) {
                        index++;
                        continue;
                    }
                    try {
                        scanner = SegmentScanner.open(seg);
                        if (resumeOffset >= 0) {
                            scanner.seek(resumeOffset);
                            resumeOffset = -1;
                        }
                    } catch (JournalException e) {
                        if (e.getCause() instanceof NoSuchFileException) {
                            index++;
                            continue;
                        }
                        throw e;
                    }
                }
                SegmentScanner.Step step = scanner.next();
                if (step instanceof SegmentScanner.Found f) {
                    JournalRecord r = f.record();
                    if (r.seq() > through) {
                        return null;
                    }
                    if (r.seq() >= from) {
                        return r;
                    }
                    continue;
                }
                if (step instanceof SegmentScanner.Damage d) {
                    boolean lastSegment = index == segments.size() - 1;
                    if (!(lastSegment && d.reachesEnd())) {
                        throw new JournalException(scanner.file() + " offset " + d.offset()
                                + (d.seq() >= 0 ? " (seq " + d.seq() + ")" : "") + ": " + d.message()
                                + "; run 'imgate verify'");
                    }
                    return null;
                }
                scanner.close();
                scanner = null;
                index++;
            }
        }

        void close() {
            if (scanner != null) {
                scanner.close();
                scanner = null;
            }
        }
    }
}
