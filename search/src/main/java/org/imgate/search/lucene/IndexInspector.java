package org.imgate.search.lucene;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.imgate.search.IndexHealth;

/**
 * Decides, before the index is opened for writing, whether it can be used or must be rebuilt from the
 * journal. Damage is reported as an {@link IndexHealth} value; only failures that a rebuild would not
 * cure (permissions, a full disk) are thrown. Stateless and thread-safe.
 */
public final class IndexInspector {

    private IndexInspector() {
    }

    public static IndexHealth inspect(LuceneIndexConfig config) throws IOException {
        Path path = config.directory();
        if (!Files.isDirectory(path)) {
            return new IndexHealth.Missing(path);
        }
        try (Directory dir = FSDirectory.open(path)) {
            if (!DirectoryReader.indexExists(dir)) {
                return new IndexHealth.Missing(path);
            }
            return inspectExisting(path, dir, config);
        }
    }

    private static IndexHealth inspectExisting(Path path, Directory dir, LuceneIndexConfig config) throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            Map<String, String> data = reader.getIndexCommit().getUserData();
            String schema = data.get(IndexFields.COMMIT_SCHEMA);
            if (!IndexFields.SCHEMA_VERSION.equals(schema)) {
                return new IndexHealth.Incompatible(path, "index layout version " + schema + ", expected "
                        + IndexFields.SCHEMA_VERSION);
            }
            if (config.verification() == LuceneIndexConfig.Verification.CHECKSUMS) {
                for (LeafReaderContext leaf : reader.leaves()) {
                    leaf.reader().checkIntegrity();
                }
            }
            return new IndexHealth.Healthy(path);
        } catch (CorruptIndexException | IndexFormatTooOldException | IndexFormatTooNewException
                 | EOFException | NoSuchFileException | FileNotFoundException e) {
            return new IndexHealth.Corrupt(path, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
