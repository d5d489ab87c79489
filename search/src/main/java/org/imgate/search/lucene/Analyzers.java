package org.imgate.search.lucene;

import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * The analyzers of the index. Message text is split into words, lower-cased and folded to ASCII so that
 * {@code Fusion}, {@code fusion} and {@code fusión} all match; no stop words are dropped, because a
 * compliance search for a phrase must find exactly that phrase. Keyword fields (handles, ids, rule ids)
 * are one lower-cased token each. Analyzers are thread-safe.
 */
final class Analyzers {

    private Analyzers() {
    }

    /** The per-field analyzer used both to index and to parse queries. */
    static Analyzer create() {
        Analyzer keyword = new KeywordLowercase();
        return new PerFieldAnalyzerWrapper(new Text(), Map.ofEntries(
                Map.entry(IndexFields.KIND, keyword),
                Map.entry(IndexFields.NETWORK, keyword),
                Map.entry(IndexFields.SESSION, keyword),
                Map.entry(IndexFields.CONVERSATION, keyword),
                Map.entry(IndexFields.FROM, keyword),
                Map.entry(IndexFields.TO, keyword),
                Map.entry(IndexFields.DIRECTION, keyword),
                Map.entry(IndexFields.FILE, keyword),
                Map.entry(IndexFields.ACTION, keyword),
                Map.entry(IndexFields.RULE, keyword),
                Map.entry(IndexFields.POLICY, keyword),
                Map.entry(IndexFields.CLIENT, keyword),
                Map.entry(IndexFields.VERSION, keyword)));
    }

    /** Words of free text. */
    static final class Text extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new StandardTokenizer();
            TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer));
            return new TokenStreamComponents(tokenizer, stream);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new ASCIIFoldingFilter(new LowerCaseFilter(in));
        }
    }

    /** A whole value as one lower-cased token. */
    static final class KeywordLowercase extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new KeywordTokenizer();
            return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }
}
