package org.imgate.server.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Reads a point in time from the command line: a day ({@code 2003-10-15}, meaning its start, UTC) or
 * an ISO-8601 instant ({@code 2003-10-15T09:30:00Z}).
 */
public final class TimeArgument implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeException e) {
            throw new TypeConversionException("'" + value + "' is not a day (2003-10-15) or an instant"
                    + " (2003-10-15T09:30:00Z)");
        }
    }
}
