package io.cicdmanager.dora;

import java.time.Duration;
import java.util.List;

/**
 * Percentiles by linear interpolation between the two nearest ranks (Hyndman and Fan's type 7, the default of
 * NumPy, R and PostgreSQL's {@code percentile_cont}): the median of an even count is the mean of the middle two.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** The p-th percentile (0 ≤ p ≤ 1) of the first n values of an ascending array; n must be positive. */
    public static double of(long[] sorted, int n, double p) {
        if (n <= 0) {
            throw new IllegalArgumentException("no values");
        }
        double rank = p * (n - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, n - 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }

    /** The median of ascending durations in milliseconds, or null when there are none. */
    public static Double medianMillis(List<Duration> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        long[] millis = sorted.stream().mapToLong(Duration::toMillis).toArray();
        return of(millis, millis.length, 0.5);
    }
}
