package org.imgate.search.lucene;

import java.io.IOException;
import java.nio.file.Path;
import org.imgate.search.SearchBackend;
import org.imgate.search.SearchBackendContract;

/** The search contract against the embedded Lucene index in a temporary directory. */
class LuceneSearchBackendTest implements SearchBackendContract {

    private final Holder holder = new Holder();

    @Override
    public SearchBackend openEmpty(Path dir) throws IOException {
        return LuceneIndex.createEmpty(LuceneIndexConfig.defaults(dir.resolve("index")));
    }

    @Override
    public void makeSearchable(SearchBackend backend) throws IOException {
        ((LuceneIndex) backend).refresh();
    }

    @Override
    public Holder holder() {
        return holder;
    }
}
