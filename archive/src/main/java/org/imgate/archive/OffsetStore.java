package org.imgate.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-consumer journal offsets under {@code data/state/offsets/<consumer>}: the last sequence number
 * the consumer has fully handled, as decimal text, replaced atomically (write, fsync, rename) so a
 * crash leaves the old or the new value, never a torn one. Thread-safe for distinct consumers.
 */
public final class OffsetStore {
    private final Path dir;

    public OffsetStore(Path offsetsDir) {
        this.dir = offsetsDir;
    }

    /** The stored offset of {@code consumer}, or 0 when it has none yet. */
    public long load(String consumer) throws JournalException {
        Path file = file(consumer);
        if (!Files.exists(file)) {
            return 0;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new JournalException("cannot read consumer offset " + file + ": " + e, e);
        }
        try {
            long v = Long.parseLong(text);
            if (v < 0) {
                throw new NumberFormatException("negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new JournalException("consumer offset " + file + " holds '" + text
                    + "', not a sequence number; fix or delete it (deleting replays the journal)", e);
        }
    }

    public void store(String consumer, long seq) throws JournalException {
        Path file = file(consumer);
        try {
            Files.createDirectories(dir);
            Durable.replace(file, Long.toString(seq) + "\n");
        } catch (IOException e) {
            throw new JournalException("cannot write consumer offset " + file + ": " + e, e);
        }
    }

    private Path file(String consumer) {
        if (consumer == null || !consumer.matches("[A-Za-z0-9._-]{1,64}") || consumer.startsWith(".")) {
            throw new IllegalArgumentException("consumer name '" + consumer
                    + "' must be 1-64 letters, digits, '.', '_' or '-' and not start with '.'");
        }
        return dir.resolve(consumer);
    }
}
