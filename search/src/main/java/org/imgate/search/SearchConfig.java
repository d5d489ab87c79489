package org.imgate.search;

import java.nio.file.Path;

/**
 * The {@code search:} section of the configuration.
 *
 * @param indexDir where the search index lives; {@code null} (the default) means {@code index/} under
 *                 {@code data-dir}. The index is derived from the journal, so a new place starts empty
 *                 and is rebuilt from it. Putting it on another file system keeps its writes from
 *                 stalling the journal's fsync (docs/performance.md).
 */
public record SearchConfig(Path indexDir) {

    public SearchConfig {
        if (indexDir != null && indexDir.toString().isBlank()) {
            throw new IllegalArgumentException("index-dir must name a directory (leave it out for data-dir/index)");
        }
    }

    public static SearchConfig defaults() {
        return new SearchConfig(null);
    }
}
