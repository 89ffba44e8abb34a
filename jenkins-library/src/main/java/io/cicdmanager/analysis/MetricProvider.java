package io.cicdmanager.analysis;

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
    MetricSample query(MetricQuery query);
}
