package org.imgate.archive.export;

import java.util.Objects;

/**
 * One file of an export as the manifest lists it. Immutable.
 *
 * @param name     the file name inside the export directory
 * @param sha256   the SHA-256 of its bytes, lower-case hex
 * @param size     its length in bytes
 * @param messages how many archived messages it holds
 */
public record ExportedFile(String name, String sha256, long size, long messages) {
    public ExportedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
    }
}
