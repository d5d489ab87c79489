package org.imgate.search.lucene;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.imgate.core.Direction;
import org.imgate.core.Network;
import org.imgate.search.RecordKind;

/**
 * The {@code name:} filters of imgate's query language and how each maps onto index fields. Immutable
 * and thread-safe.
 */
enum QueryFilter {
    FROM("from", Shape.KEYWORD, List.of(IndexFields.FROM)),
    TO("to", Shape.KEYWORD, List.of(IndexFields.TO)),
    WITH("with", Shape.KEYWORD, List.of(IndexFields.FROM, IndexFields.TO)),
    NETWORK("network", Shape.CHOICE, List.of(IndexFields.NETWORK),
            Arrays.stream(Network.values()).map(n -> n.name().toLowerCase(Locale.ROOT)).toList()),
    CONVERSATION("conversation", Shape.KEYWORD, List.of(IndexFields.CONVERSATION)),
    SESSION("session", Shape.KEYWORD, List.of(IndexFields.SESSION)),
    ACTION("action", Shape.CHOICE, List.of(IndexFields.ACTION), VerdictNames.ALL),
    RULE("rule", Shape.KEYWORD, List.of(IndexFields.RULE)),
    POLICY("policy", Shape.KEYWORD, List.of(IndexFields.POLICY)),
    FILE("file", Shape.KEYWORD, List.of(IndexFields.FILE)),
    KIND("kind", Shape.CHOICE, List.of(IndexFields.KIND),
            Arrays.stream(RecordKind.values()).map(RecordKind::queryName).toList()),
    DIRECTION("direction", Shape.CHOICE, List.of(IndexFields.DIRECTION),
            Arrays.stream(Direction.values()).map(d -> d.name().toLowerCase(Locale.ROOT)).toList()),
    CLIENT("client", Shape.KEYWORD, List.of(IndexFields.CLIENT)),
    VERSION("version", Shape.KEYWORD, List.of(IndexFields.VERSION)),
    AFTER("after", Shape.TIME, List.of(IndexFields.TIME)),
    BEFORE("before", Shape.TIME, List.of(IndexFields.TIME)),
    DATE("date", Shape.TIME, List.of(IndexFields.TIME)),
    SEQ("seq", Shape.NUMBER, List.of(IndexFields.SEQ)),
    BODY("body", Shape.TEXT, List.of(IndexFields.BODY));

    /** How values of a filter are matched. */
    enum Shape {
        /** Analyzed words, phrases, wildcards. */
        TEXT,
        /** Whole values, case-insensitive, wildcards allowed. */
        KEYWORD,
        /** One of a fixed set of values. */
        CHOICE,
        /** Dates, single or as ranges. */
        TIME,
        /** Whole numbers, single or as ranges. */
        NUMBER
    }

    private final String filterName;
    private final Shape shape;
    private final List<String> fields;
    private final List<String> choices;

    QueryFilter(String filterName, Shape shape, List<String> fields) {
        this(filterName, shape, fields, List.of());
    }

    QueryFilter(String filterName, Shape shape, List<String> fields, List<String> choices) {
        this.filterName = filterName;
        this.shape = shape;
        this.fields = fields;
        this.choices = choices;
    }

    String filterName() {
        return filterName;
    }

    Shape shape() {
        return shape;
    }

    /** The index fields a value is looked up in; a hit in any of them matches. */
    List<String> fields() {
        return fields;
    }

    /** The accepted values of a {@link Shape#CHOICE} filter. */
    List<String> choices() {
        return choices;
    }

    static Optional<QueryFilter> named(String name) {
        return Arrays.stream(values()).filter(f -> f.filterName.equalsIgnoreCase(name)).findFirst();
    }

    /** The filter names as listed in error messages. */
    static String names() {
        return Arrays.stream(values()).map(QueryFilter::filterName).collect(Collectors.joining(", "));
    }
}
