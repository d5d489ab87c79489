package org.imgate.search.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

class BackgroundMergeSchedulerTest {

    @Test
    void segmentMergesRunAtTheBackgroundPriority() throws Exception {
        List<Integer> mergePriorities = new CopyOnWriteArrayList<>();
        try (Directory dir = new ByteBuffersDirectory();
             IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig()
                     .setMergeScheduler(new BackgroundMergeScheduler())
                     // the warmer runs on the merging thread, once per merged segment
                     .setMergedSegmentWarmer(reader -> mergePriorities.add(Thread.currentThread().getPriority())))) {
            DirectoryReader.open(writer).close(); // merged segments are warmed only for near-real-time readers
            for (int i = 0; i < 4; i++) {
                Document doc = new Document();
                doc.add(new StringField("id", "doc" + i, Field.Store.NO));
                writer.addDocument(doc);
                writer.flush();
            }
            writer.forceMerge(1);
        }
        assertFalse(mergePriorities.isEmpty(), "four segments were merged into one");
        assertEquals(Set.of(Thread.MIN_PRIORITY), Set.copyOf(mergePriorities));
    }
}
