package io.cicdmanager.tui;

import io.cicdmanager.config.ConfigNode;
import java.time.Duration;
import picocli.CommandLine;

/** Reads {@code 15m}, {@code 90s}, {@code 1h30m} for duration options; refuses zero and negatives. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d = ConfigNode.parseDuration(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration (examples: 30s, 15m, 1h30m)"));
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be longer than zero");
        }
        return d;
    }
}
