package org.imgate.search.lucene;

import java.io.IOException;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.MergePolicy;
import org.imgate.core.BackgroundThreads;

/** Lucene's concurrent merges, on threads at the background priority (segment merges are index upkeep). */
final class BackgroundMergeScheduler extends ConcurrentMergeScheduler {

    @Override
    protected synchronized MergeThread getMergeThread(MergeSource mergeSource, MergePolicy.OneMerge merge)
            throws IOException {
        return BackgroundThreads.lower(super.getMergeThread(mergeSource, merge));
    }
}
