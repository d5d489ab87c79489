package org.imgate.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Segment file naming: {@code <first seq, 20 decimal digits>.seg} in the node's journal directory,
 * so that name order is sequence order. Stateless.
 */
final class Segments {
    static final String CHECKPOINT_FILE = "CHECKPOINT";
    static final String LOCK_FILE = "LOCK";
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.seg");

    private Segments() {
    }

    static Path journalDir(Path dataDir, String nodeId) {
        return dataDir.resolve("journal").resolve(nodeId);
    }

    static String fileName(long firstSeq) {
        return String.format("%020d.seg", firstSeq);
    }

    /** The first sequence number encoded in a segment's name. */
    static long firstSeqOf(Path segment) {
        Matcher m = NAME.matcher(segment.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(segment + " is not a segment file name");
        }
        return Long.parseLong(m.group(1));
    }

    /** The segment files of a journal directory in sequence order; empty if the directory does not exist. */
    static List<Path> list(Path journalDir) throws JournalException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(journalDir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(journalDir, "*.seg")) {
            for (Path p : ds) {
                if (NAME.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new JournalException("cannot list journal directory " + journalDir + ": " + e, e);
        }
        out.sort(null);
        return out;
    }

    static void requireValidNodeId(String nodeId) {
        if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]{1,64}") || nodeId.startsWith(".")) {
            throw new IllegalArgumentException("node id '" + nodeId
                    + "' must be 1-64 characters of letters, digits, '.', '_' or '-' and not start with '.'");
        }
    }
}
