package org.imgate.archive.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An export writer whose whole output is one file: created with the first conversation, or empty
 * when the query found nothing, so the manifest always lists it. Not thread-safe.
 */
abstract class SingleFileExportWriter implements ExportWriter {
    private final Path dir;
    private final String fileName;
    private HashedFile file;
    private ExportedFile finished;

    SingleFileExportWriter(Path dir, String fileName) {
        this.dir = dir;
        this.fileName = fileName;
    }

    /** The output file, created on first use. */
    final HashedFile file() throws IOException {
        if (file == null) {
            file = HashedFile.create(dir, fileName);
        }
        return file;
    }

    @Override
    public final List<ExportedFile> finish() throws IOException {
        if (finished == null) {
            finished = file().finish();
        }
        return List.of(finished);
    }

    @Override
    public final void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }
}
