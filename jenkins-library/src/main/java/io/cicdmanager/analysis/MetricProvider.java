package io.cicdmanager.analysis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Answers metric queries for a rollout's analysis. Implementations: Prometheus over its HTTP API, and a
 * simulated provider for {@code cicd simulate}, the demo and the benchmarks.
 *
 * <p>Every provider understands these metric names (per track, over the query's window):
 * <ul>
 *   <li>{@code error-rate}: fraction 0..1 of requests answered with a 5xx status;</li>
 *   <li>{@code p50-latency}, {@code p95-latency}, {@code p99-latency}: seconds;</li>
 *   <li>{@code request-count}, {@code error-count}: numbers of requests, all and 5xx;</li>
 *   <li>{@code slow-count}: requests slower than the {@code le} variable (seconds), a histogram bucket bound;</li>
 *   <li>{@code histogram-count}: requests the latency histogram counted, the denominator of slow-count (it may
 *       differ from {@code request-count}, which counts from the request counter);</li>
 *   <li>{@code firing-alerts}: alerts firing that match the {@code selector} variable (the track is ignored).</li>
 * </ul>
 * A query with no data returns {@link MetricSample#noData}; a backend that cannot be reached throws
 * {@link io.cicdmanager.DependencyUnreachableException}.
 */
public interface MetricProvider {
    /** The raw request counters of a track, one series per pod and status code: what the judge counts requests by. */
    String REQUEST_COUNTERS = "request-counters";
    /** The raw counters of a track's 5xx answers. */
    String ERROR_COUNTERS = "error-counters";
    /** The raw bucket counters ({@code le}) of a track's latency histogram. */
    String LATENCY_BUCKETS = "latency-buckets";

    MetricSample query(MetricQuery query);

    /**
     * The backend's raw counters, where it gives them. Where it does not (empty), the judge counts from
     * {@code request-count} and {@code error-count}, without pods.
     */
    default Optional<RawCounters> rawCounters() {
        return Optional.empty();
    }

    /** A backend's raw counter series. */
    @FunctionalInterface
    interface RawCounters {
        /**
         * The raw counter series behind one of {@link #REQUEST_COUNTERS}, {@link #ERROR_COUNTERS} and
         * {@link #LATENCY_BUCKETS} for the query's track, each with its increase in every {@code step} of the query's
         * window (which must be a whole number of steps), as {@link CounterSamples#increases} reads them: counters
         * differenced at the steps' ends, never extrapolated; a series that appears counts from zero; a fall is a
         * restart. Empty when no series matches.
         */
        List<SeriesIncreases> increases(MetricQuery query, Duration step);
    }

    /**
     * How far behind now the judge reads counters, so that samples still on their way into the backend (a scrape
     * in progress, remote storage) are not missed: a sample that arrives later than this after its own time loses
     * the requests between it and the sample before it.
     */
    default Duration ingestionLag() {
        return Duration.ZERO;
    }
}
