package org.imgate.search;

import java.util.Objects;

/**
 * A query the user wrote cannot be understood. The message points at the problem
 * ({@code query error at column 12: unknown filter 'form:' (filters: from, to, ...)}); {@link #caret()}
 * draws it under the query for terminal output.
 */
public final class InvalidQueryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String query;
    private final int column;
    private final String problem;

    /**
     * @param query   the query as the user wrote it
     * @param column  the 1-based column of the problem
     * @param problem what is wrong, in the user's terms
     */
    public InvalidQueryException(String query, int column, String problem) {
        super("query error at column " + column + ": " + problem);
        this.query = Objects.requireNonNull(query, "query");
        this.column = Math.max(1, Math.min(column, query.length() + 1));
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public String query() {
        return query;
    }

    /** The 1-based column of the problem; {@code query.length() + 1} means "at the end". */
    public int column() {
        return column;
    }

    public String problem() {
        return problem;
    }

    /** The query on one line and a caret under the problem on the next. */
    public String caret() {
        return query + System.lineSeparator() + " ".repeat(column - 1) + "^";
    }
}
