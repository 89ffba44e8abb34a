package io.cicdmanager.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** Reads an ISO-8601 time that carries its offset; a local time is refused, since it would be guessed. */
public final class IsoInstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not an ISO-8601 time with an offset, e.g. 2026-11-26T14:03:00+01:00 or 2026-11-26T13:03:00Z");
        }
    }
}
