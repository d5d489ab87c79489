package org.imgate.archive.export;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A finished export. Immutable.
 *
 * @param dir          the export directory
 * @param manifest     what its {@code manifest.json} says
 * @param manifestHash the SHA-256 of {@code manifest.json}'s bytes, hex: keep it outside the export
 *                     (the CLI prints it and the audit record holds it) to detect a rewritten manifest
 */
public record ExportResult(Path dir, ExportManifest manifest, String manifestHash) {
    public ExportResult {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(manifestHash, "manifestHash");
    }
}
