package io.cicdmanager.dora;

import java.time.Duration;
import java.util.List;

/**
 * The raw counts and durations a store aggregates for one selection and window; {@link FourKeys} turns them into
 * the keys and tiers.
 *
 * @param deployments every deployment that finished in the window
 * @param successful those that succeeded
 * @param failed those that failed, caused an incident or were restored (rolled back or fixed)
 * @param leadTime percentiles of finish − commit time over the changes successful deployments shipped, or null
 * @param recoveryTimes restore − finish of every failed deployment that was restored
 */
public record WindowFigures(long deployments, long successful, long failed, LeadTimePercentiles leadTime,
        List<Duration> recoveryTimes) {

    public WindowFigures {
        recoveryTimes = List.copyOf(recoveryTimes);
    }

    /** Median and 90th percentile of lead time, and how many changes they are over. */
    public record LeadTimePercentiles(long changes, double medianMillis, double p90Millis) {
    }
}
