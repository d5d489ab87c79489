package org.imgate.search.lucene;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The stretch of time a date written in a query stands for: a year ({@code 2003}), a month
 * ({@code 2003-09}), a day ({@code 2003-09-18}) or a moment ({@code 2003-09-18T14:30},
 * {@code 2003-09-18T14:30:00Z}, {@code 2003-09-18T14:30+02:00}), in the search's time zone unless the
 * text names an offset. Immutable and thread-safe.
 *
 * @param start the first millisecond of the span
 * @param end   the first millisecond after the span
 */
record DateSpan(long start, long end) {

    static final String FORMS = "2003-09-18, 2003-09, 2003 or 2003-09-18T14:30";

    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** Reads a date, or returns empty when the text is none of the accepted forms. */
    static Optional<DateSpan> parse(String text, ZoneId zone) {
        String s = text.strip();
        try {
            if (YEAR.matcher(s).matches()) {
                LocalDate first = LocalDate.of(Integer.parseInt(s), 1, 1);
                return Optional.of(days(first, first.plusYears(1), zone));
            }
            if (MONTH.matcher(s).matches()) {
                YearMonth month = YearMonth.parse(s);
                return Optional.of(days(month.atDay(1), month.plusMonths(1).atDay(1), zone));
            }
            if (DAY.matcher(s).matches()) {
                LocalDate day = LocalDate.parse(s);
                return Optional.of(days(day, day.plusDays(1), zone));
            }
            if (s.indexOf('T') > 0) {
                long at = moment(s, zone);
                return Optional.of(new DateSpan(at, at + 1));
            }
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static long moment(String s, ZoneId zone) {
        if (s.endsWith("Z") || s.endsWith("z")) {
            return Instant.parse(s.toUpperCase(java.util.Locale.ROOT)).toEpochMilli();
        }
        int t = s.indexOf('T');
        if (s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0) {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        }
        return LocalDateTime.parse(s).atZone(zone).toInstant().toEpochMilli();
    }

    private static DateSpan days(LocalDate first, LocalDate afterLast, ZoneId zone) {
        return new DateSpan(first.atStartOfDay(zone).toInstant().toEpochMilli(),
                afterLast.atStartOfDay(zone).toInstant().toEpochMilli());
    }
}
