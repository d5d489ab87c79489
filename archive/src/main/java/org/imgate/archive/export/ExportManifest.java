package org.imgate.archive.export;

import java.util.List;
import java.util.Objects;

/**
 * What {@code manifest.json} says about an export, so that its integrity (every file's SHA-256) and its
 * provenance (the node, the journal range and the newest signed checkpoint) can be checked later.
 * Immutable.
 *
 * @param tool          always {@code imgate}
 * @param toolVersion   the version of imgate that wrote it
 * @param createdAt     when the export was made, ISO-8601 UTC
 * @param query         the query whose hits were exported
 * @param format        {@code eml}, {@code mbox}, {@code cpim} or {@code json}
 * @param nodeId        the node whose journal the records came from
 * @param seqFirst      the lowest journal sequence number exported, or 0 when nothing matched
 * @param seqLast       the highest, or 0 when nothing matched
 * @param messages      how many archived records were exported
 * @param conversations how many conversations they belong to
 * @param files         every file written besides the manifest, in the order written
 * @param checkpoint    the journal's newest signed checkpoint at export time, or {@code null} if none yet
 * @param coverage      how far into the journal the search that chose the records could see (absent in
 *                      manifests written before 2026-12-07)
 */
public record ExportManifest(String tool, String toolVersion, String createdAt, String query, String format,
                             String nodeId, long seqFirst, long seqLast, long messages, long conversations,
                             List<ExportedFile> files, ExportCheckpoint checkpoint, ExportCoverage coverage) {
    /** The manifest's file name in the export directory. */
    public static final String FILE_NAME = "manifest.json";

    public ExportManifest {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(toolVersion, "toolVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(nodeId, "nodeId");
        files = List.copyOf(files);
    }
}
