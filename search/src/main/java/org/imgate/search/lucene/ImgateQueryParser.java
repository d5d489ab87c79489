package org.imgate.search.lucene;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Lucene's classic query syntax (words, {@code "phrases"}, {@code AND}/{@code OR}/{@code NOT},
 * {@code -word}, parentheses, {@code *} and {@code ?} wildcards, {@code [a TO b]} ranges) with imgate's
 * filters in place of raw field names. Bare words must all match (AND), and {@code OR} binds tighter
 * than that implicit AND, the way web search boxes behave: {@code merger quiet OR secret} means
 * {@code merger AND (quiet OR secret)}. (The classic parser alone would make both optional and so
 * return every hit for {@code merger}.)
 *
 * <p>Every problem found while building the query is thrown as a {@link QueryProblem} carrying the column
 * it concerns. Not thread-safe: one instance parses one query.
 */
final class ImgateQueryParser extends QueryParser {

    /** {@code QueryParserBase.CONJ_OR}, which is package-private there. */
    private static final int CONJUNCTION_OR = 2;

    private final String queryText;
    private final String lowerQueryText;
    private final ZoneId zone;
    /** The clauses introduced by {@code OR}: each joins the run of the clause before it. */
    private final Set<Query> orJoined = Collections.newSetFromMap(new IdentityHashMap<>());

    ImgateQueryParser(String queryText, Analyzer analyzer, ZoneId zone) {
        super(IndexFields.BODY, analyzer);
        this.queryText = queryText;
        this.lowerQueryText = queryText.toLowerCase(Locale.ROOT);
        this.zone = zone;
        setDefaultOperator(Operator.AND);
        // leading wildcards are useful on file names and handles (file:*.exe); refused for body words below
        setAllowLeadingWildcard(true);
    }

    @Override
    protected Query getFieldQuery(String field, String text, boolean quoted) throws ParseException {
        QueryFilter filter = filter(field);
        switch (filter.shape()) {
            case TEXT:
                return nullToNothing(super.getFieldQuery(IndexFields.BODY, text, quoted));
            case KEYWORD:
                List<Query> each = new ArrayList<>();
                for (String indexField : filter.fields()) {
                    each.add(super.getFieldQuery(indexField, text, quoted));
                }
                return anyOf(each);
            case CHOICE:
                String value = text.strip().toLowerCase(Locale.ROOT);
                if (!filter.choices().contains(value)) {
                    throw problemAt(text, "unknown " + filter.filterName() + " '" + text + "' ("
                            + filter.filterName() + ": " + String.join(", ", filter.choices()) + ")");
                }
                return new TermQuery(new Term(filter.fields().get(0), value));
            case TIME:
                DateSpan span = date(filter, text);
                if (filter == QueryFilter.AFTER) {
                    return timeRange(span.start(), Long.MAX_VALUE);
                } else if (filter == QueryFilter.BEFORE) {
                    return timeRange(Long.MIN_VALUE, span.end() - 1);
                }
                return timeRange(span.start(), span.end() - 1);
            case NUMBER:
                long n = number(filter, text);
                return LongPoint.newExactQuery(IndexFields.SEQ, n);
            default:
                throw new IllegalStateException("unhandled filter shape " + filter.shape());
        }
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
                                  boolean endInclusive) throws ParseException {
        QueryFilter filter = filter(field);
        boolean openStart = part1 == null || "*".equals(part1);
        boolean openEnd = part2 == null || "*".equals(part2);
        switch (filter.shape()) {
            case TIME:
                if (filter != QueryFilter.DATE) {
                    throw problemAtFilter(field, "write a date range as date:[2003-09-01 TO 2003-10-15]; "
                            + filter.filterName() + ": takes a single date");
                }
                long from = Long.MIN_VALUE;
                long to = Long.MAX_VALUE;
                if (!openStart) {
                    DateSpan first = date(filter, part1);
                    from = startInclusive ? first.start() : first.end();
                }
                if (!openEnd) {
                    DateSpan last = date(filter, part2);
                    to = endInclusive ? last.end() - 1 : last.start() - 1;
                }
                return from > to ? new MatchNoDocsQuery("empty date range") : timeRange(from, to);
            case NUMBER:
                long low = openStart ? Long.MIN_VALUE : number(filter, part1) + (startInclusive ? 0 : 1);
                long high = openEnd ? Long.MAX_VALUE : number(filter, part2) - (endInclusive ? 0 : 1);
                return LongPoint.newRangeQuery(IndexFields.SEQ, low, high);
            case KEYWORD:
            case TEXT:
                List<Query> each = new ArrayList<>();
                for (String indexField : filter.fields()) {
                    each.add(super.getRangeQuery(indexField, part1, part2, startInclusive, endInclusive));
                }
                return anyOf(each);
            default:
                throw problemAtFilter(field, filter.filterName() + ": does not take ranges");
        }
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) throws ParseException {
        if ("*".equals(field) && "*".equals(termStr)) {
            return new MatchAllDocsQuery();
        }
        QueryFilter filter = patternFilter(field, termStr);
        if (filter.shape() == QueryFilter.Shape.TEXT && (termStr.startsWith("*") || termStr.startsWith("?"))) {
            throw problemAt(termStr, "a word may not start with * or ? (it would scan every word of the archive)");
        }
        List<Query> each = new ArrayList<>();
        for (String indexField : filter.fields()) {
            each.add(super.getWildcardQuery(indexField, termStr));
        }
        return anyOf(each);
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) throws ParseException {
        QueryFilter filter = patternFilter(field, termStr);
        List<Query> each = new ArrayList<>();
        for (String indexField : filter.fields()) {
            each.add(super.getPrefixQuery(indexField, termStr));
        }
        return anyOf(each);
    }

    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) throws ParseException {
        QueryFilter filter = patternFilter(field, termStr);
        List<Query> each = new ArrayList<>();
        for (String indexField : filter.fields()) {
            each.add(super.getFuzzyQuery(indexField, termStr, minSimilarity));
        }
        return anyOf(each);
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) throws ParseException {
        QueryFilter filter = patternFilter(field, termStr);
        List<Query> each = new ArrayList<>();
        for (String indexField : filter.fields()) {
            each.add(super.getRegexpQuery(indexField, termStr));
        }
        return anyOf(each);
    }

    @Override
    protected void addClause(List<BooleanClause> clauses, int conj, int mods, Query q) {
        if (conj == CONJUNCTION_OR && q != null) {
            orJoined.add(q);
        }
        super.addClause(clauses, conj, mods, q);
    }

    /**
     * Regroups the clauses so that each run joined by {@code OR} is one required group, and a query of
     * only exclusions ({@code NOT spam}) means "everything except", not "nothing".
     */
    @Override
    protected Query getBooleanQuery(List<BooleanClause> clauses) throws ParseException {
        List<List<BooleanClause>> runs = new ArrayList<>();
        for (BooleanClause clause : clauses) {
            if (runs.isEmpty() || !orJoined.contains(clause.getQuery())) {
                runs.add(new ArrayList<>());
            }
            runs.get(runs.size() - 1).add(clause);
        }
        List<BooleanClause> regrouped = new ArrayList<>();
        for (List<BooleanClause> run : runs) {
            List<Query> alternatives = new ArrayList<>();
            for (BooleanClause clause : run) {
                if (clause.getOccur() == BooleanClause.Occur.MUST_NOT) {
                    regrouped.add(clause);
                } else {
                    alternatives.add(clause.getQuery());
                }
            }
            if (alternatives.size() == 1) {
                regrouped.add(new BooleanClause(alternatives.get(0), BooleanClause.Occur.MUST));
            } else if (alternatives.size() > 1) {
                BooleanQuery.Builder any = new BooleanQuery.Builder();
                alternatives.forEach(a -> any.add(a, BooleanClause.Occur.SHOULD));
                regrouped.add(new BooleanClause(any.build(), BooleanClause.Occur.MUST));
            }
        }
        Query query = super.getBooleanQuery(regrouped);
        if (!regrouped.isEmpty() && regrouped.stream().allMatch(c -> c.getOccur() == BooleanClause.Occur.MUST_NOT)) {
            BooleanQuery.Builder all = new BooleanQuery.Builder();
            all.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
            regrouped.forEach(all::add);
            return all.build();
        }
        return query;
    }

    private QueryFilter filter(String field) throws QueryProblem {
        return QueryFilter.named(field).orElseThrow(() -> problemAtFilter(field,
                "unknown filter '" + field + ":' (filters: " + QueryFilter.names() + ")"));
    }

    private QueryFilter patternFilter(String field, String termStr) throws QueryProblem {
        QueryFilter filter = filter(field);
        if (filter.shape() != QueryFilter.Shape.TEXT && filter.shape() != QueryFilter.Shape.KEYWORD) {
            throw problemAt(termStr, filter.filterName() + ": does not take wildcards, fuzzy or regular expressions");
        }
        return filter;
    }

    private DateSpan date(QueryFilter filter, String text) throws QueryProblem {
        return DateSpan.parse(text, zone).orElseThrow(() -> problemAt(text,
                filter.filterName() + ": '" + text + "' is not a date (write " + DateSpan.FORMS
                        + "; quote times: \"2003-09-18T14:30\")"));
    }

    private long number(QueryFilter filter, String text) throws QueryProblem {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw problemAt(text, filter.filterName() + ": '" + text + "' is not a whole number");
        }
    }

    /**
     * A time range. The index is sorted by time, so within each segment the range is one run of
     * documents, found by binary search on the time doc values instead of by visiting points or
     * checking every candidate; segments sorted otherwise fall back to points or doc values.
     */
    private static Query timeRange(long from, long to) {
        Query fallback = new IndexOrDocValuesQuery(LongPoint.newRangeQuery(IndexFields.TIME, from, to),
                NumericDocValuesField.newSlowRangeQuery(IndexFields.TIME, from, to));
        return new IndexSortSortedNumericDocValuesRangeQuery(IndexFields.TIME, from, to, fallback);
    }

    private static Query anyOf(List<Query> queries) {
        List<Query> real = queries.stream().map(ImgateQueryParser::nullToNothing).toList();
        if (real.size() == 1) {
            return real.get(0);
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        real.forEach(q -> any.add(q, BooleanClause.Occur.SHOULD));
        return any.build();
    }

    /** The analyzer drops text with no words in it ({@code "..."}); such a clause matches nothing. */
    private static Query nullToNothing(Query query) {
        return query == null ? new MatchNoDocsQuery("no words to search for") : query;
    }

    /** A problem with the value being parsed: points at its last occurrence up to the current token. */
    private QueryProblem problemAt(String value, String message) {
        return new QueryProblem(columnOf(value), message);
    }

    /** A problem with a filter name: points at {@code name:}. */
    private QueryProblem problemAtFilter(String field, String message) {
        return new QueryProblem(columnOf(field + ":"), message);
    }

    private int columnOf(String needle) {
        int tokenEnd = token == null ? queryText.length() : Math.min(queryText.length(), token.endColumn + 1);
        int at = lowerQueryText.lastIndexOf(needle.toLowerCase(Locale.ROOT), tokenEnd);
        if (at < 0 && token != null) {
            at = token.beginColumn;
        }
        return Math.max(0, at) + 1;
    }

    /** A problem the parser found in the meaning of a query, with its 1-based column. */
    static final class QueryProblem extends ParseException {
        private static final long serialVersionUID = 1L;

        private final int column;

        QueryProblem(int column, String message) {
            super(message);
            this.column = column;
        }

        int column() {
            return column;
        }
    }
}
