package org.imgate.search.lucene;

import java.time.ZoneId;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.Token;
import org.apache.lucene.queryparser.classic.TokenMgrError;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.imgate.search.InvalidQueryException;

/**
 * Turns query text into a Lucene query, and every way it can fail into an {@link InvalidQueryException}
 * that names the column and the problem in the user's terms rather than the parser's grammar.
 * Thread-safe: each translation uses its own parser.
 */
final class QueryTranslator {

    private static final Pattern LEXICAL_COLUMN = Pattern.compile("column (\\d+)");
    private static final int EOF_KIND = 0;
    /** Far beyond anything typed; bounds the parser's work on pasted or generated input. */
    static final int MAX_QUERY_CHARS = 10_000;

    private final Analyzer analyzer;
    private final ZoneId zone;

    QueryTranslator(Analyzer analyzer, ZoneId zone) {
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Translates a query; blank text matches every record. */
    Query translate(String text) throws InvalidQueryException {
        if (text.isBlank()) {
            return new MatchAllDocsQuery();
        }
        if (text.length() > MAX_QUERY_CHARS) {
            throw new InvalidQueryException(text, MAX_QUERY_CHARS + 1,
                    "the query is longer than " + MAX_QUERY_CHARS + " characters");
        }
        ImgateQueryParser parser = new ImgateQueryParser(text, analyzer, zone);
        try {
            return parser.parse(text);
        } catch (ParseException e) {
            throw explain(text, e);
        }
    }

    private static InvalidQueryException explain(String text, ParseException wrapper) {
        // QueryParserBase.parse wraps the real failure; its message repeats the whole query
        Throwable cause = wrapper.getCause() == null ? wrapper : wrapper.getCause();
        if (cause instanceof ImgateQueryParser.QueryProblem problem) {
            return new InvalidQueryException(text, problem.column(), problem.getMessage());
        }
        if (cause instanceof ParseException syntax && syntax.currentToken != null
                && syntax.currentToken.next != null) {
            Token unexpected = syntax.currentToken.next;
            if (unexpected.kind == EOF_KIND) {
                return new InvalidQueryException(text, text.length() + 1,
                        "the query ends too early after '" + syntax.currentToken.image
                                + "' (is a parenthesis or range left open, or an operator missing its word?)");
            }
            return new InvalidQueryException(text, unexpected.beginColumn + 1,
                    "unexpected '" + unexpected.image + "'" + hint(unexpected.image));
        }
        if (cause instanceof TokenMgrError lexical) {
            Matcher m = LEXICAL_COLUMN.matcher(String.valueOf(lexical.getMessage()));
            int column = m.find() ? Integer.parseInt(m.group(1)) : text.length() + 1;
            if (text.chars().filter(c -> c == '"').count() % 2 == 1) {
                return new InvalidQueryException(text, text.lastIndexOf('"') + 1, "this quote is never closed");
            }
            if (text.endsWith("\\")) {
                return new InvalidQueryException(text, text.length(), "a \\ at the end escapes nothing");
            }
            return new InvalidQueryException(text, column, "unexpected character");
        }
        if (cause instanceof org.apache.lucene.search.IndexSearcher.TooManyClauses) {
            return new InvalidQueryException(text, 1, "the query has too many words and filters");
        }
        String message = cause.getMessage() == null ? "cannot be understood" : cause.getMessage();
        return new InvalidQueryException(text, 1, message);
    }

    private static String hint(String image) {
        if (")".equals(image)) {
            return " (there is no '(' to close)";
        }
        if ("AND".equals(image) || "OR".equals(image) || "NOT".equals(image)) {
            return " (" + image + " needs a word on each side)";
        }
        return "";
    }
}
