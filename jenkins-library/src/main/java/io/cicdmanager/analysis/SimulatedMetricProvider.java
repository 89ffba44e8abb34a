package io.cicdmanager.analysis;

import io.cicdmanager.DependencyUnreachableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Simulated traffic and its metrics, for {@code cicd simulate}, the demo and the benchmarks. Each virtual second
 * it draws each track's requests (Poisson, from the total rate times the track's share of the weight at that
 * second), their failures (Bernoulli at the track's error rate) and their latencies (log-normal fitted to the
 * track's P95) into a histogram with Prometheus' default buckets among finer ones, then answers every metric
 * {@link MetricProvider} names from those counts. Seeded, so a scenario replays exactly.
 */
public final class SimulatedMetricProvider implements MetricProvider {
    private static final double Z95 = 1.6448536269514722;
    /** Bucket upper bounds, seconds: Prometheus' defaults plus an 8 % geometric ladder from 1 ms to 2 min. */
    static final double[] BOUNDS = bounds();

    private final SimulationScenario scenario;
    private final Instant start;
    private final Clock clock;
    private final WeightTimeline weights;
    private final SplittableRandom random;
    private final List<Second> seconds = new ArrayList<>();

    public SimulatedMetricProvider(SimulationScenario scenario, Instant start, Clock clock, WeightTimeline weights) {
        this.scenario = scenario;
        this.start = start;
        this.clock = clock;
        this.weights = weights;
        this.random = new SplittableRandom(scenario.seed());
    }

    private record Second(int[] requests, int[] errors, int[][] histogram) {
    }

    private record State(double rps, SimulationScenario.Behaviour stable, SimulationScenario.Behaviour canary,
            boolean up, int alerts) {
    }

    /** The scenario's state at {@code offset} from the start, every event up to it applied. */
    private State stateAt(Duration offset) {
        double rps = scenario.rps();
        SimulationScenario.Behaviour stable = scenario.stable();
        SimulationScenario.Behaviour canary = scenario.canary();
        boolean up = true;
        int alerts = 0;
        for (SimulationScenario.Event e : scenario.events()) {
            if (e.at().compareTo(offset) > 0) {
                break;
            }
            if (e.stable() != null) {
                stable = stable.with(e.stable());
            }
            if (e.canary() != null) {
                canary = canary.with(e.canary());
            }
            if (e.rps() != null) {
                rps = e.rps();
            }
            if (e.providerUp() != null) {
                up = e.providerUp();
            }
            if (e.alerts() != null) {
                alerts = e.alerts();
            }
        }
        return new State(rps, stable, canary, up, alerts);
    }

    @Override
    public synchronized MetricSample query(MetricQuery query) {
        Instant now = clock.instant();
        State state = stateAt(Duration.between(start, now));
        if (!state.up()) {
            throw new DependencyUnreachableException("simulated metrics backend is down (scenario) at "
                    + Duration.between(start, now).toSeconds() + " s");
        }
        Instant end = query.end().isAfter(now) ? now : query.end();
        String source = String.format(Locale.ROOT, "simulated %s{track=%s}[%ds]", query.metric(),
                query.track().label(), query.window().toSeconds());
        if (query.metric().equals(FiringAlertsCheck.METRIC)) {
            return MetricSample.of(query, stateAt(Duration.between(start, end)).alerts(), source);
        }
        int to = (int) Math.max(0, Duration.between(start, end).toSeconds());
        int from = (int) Math.max(0, Duration.between(start, end.minus(query.window())).toSeconds());
        generateUpTo(to);
        int t = query.track().ordinal();
        long requests = 0;
        long errors = 0;
        long[] histogram = new long[BOUNDS.length + 1];
        for (int i = from; i < to; i++) {
            Second s = seconds.get(i);
            requests += s.requests()[t];
            errors += s.errors()[t];
            int[] h = s.histogram()[t];
            for (int b = 0; b < h.length; b++) {
                histogram[b] += h[b];
            }
        }
        return switch (query.metric()) {
            // Every simulated request is timed, so the histogram counts exactly the requests.
            case "request-count", "histogram-count" -> MetricSample.of(query, requests, source);
            case "error-count" -> MetricSample.of(query, errors, source);
            case "error-rate" -> requests == 0 ? MetricSample.noData(query, source)
                    : MetricSample.of(query, errors / (double) requests, source);
            case "p50-latency" -> quantile(query, histogram, requests, 0.50, source);
            case "p95-latency" -> quantile(query, histogram, requests, 0.95, source);
            case "p99-latency" -> quantile(query, histogram, requests, 0.99, source);
            case "slow-count" -> MetricSample.of(query, slowerThan(histogram, requests, le(query)), source);
            default -> throw new IllegalArgumentException("the simulated provider knows no metric '" + query.metric()
                    + "'");
        };
    }

    private static double le(MetricQuery query) {
        String le = query.variables().get("le");
        if (le == null) {
            throw new IllegalArgumentException("slow-count needs the le variable (a latency bound in seconds)");
        }
        return Double.parseDouble(le);
    }

    private static MetricSample quantile(MetricQuery query, long[] histogram, long total, double q, String source) {
        if (total == 0) {
            return MetricSample.noData(query, source);
        }
        double rank = q * total;
        long cumulative = 0;
        for (int b = 0; b < histogram.length; b++) {
            if (cumulative + histogram[b] >= rank && histogram[b] > 0) {
                if (b == BOUNDS.length) {
                    return MetricSample.of(query, BOUNDS[BOUNDS.length - 1], source);
                }
                double lower = b == 0 ? 0 : BOUNDS[b - 1];
                double upper = BOUNDS[b];
                return MetricSample.of(query, lower + (upper - lower) * (rank - cumulative) / histogram[b], source);
            }
            cumulative += histogram[b];
        }
        return MetricSample.of(query, BOUNDS[BOUNDS.length - 1], source);
    }

    /** Requests slower than {@code le}: exact at a bucket bound, interpolated inside a bucket as Prometheus does. */
    static double slowerThan(long[] histogram, long total, double le) {
        long atOrBelow = 0;
        for (int b = 0; b < BOUNDS.length; b++) {
            if (BOUNDS[b] <= le) {
                atOrBelow += histogram[b];
            } else {
                double lower = b == 0 ? 0 : BOUNDS[b - 1];
                double fraction = (le - lower) / (BOUNDS[b] - lower);
                return total - atOrBelow - fraction * histogram[b];
            }
        }
        return total - atOrBelow;
    }

    private void generateUpTo(int count) {
        while (seconds.size() < count) {
            int i = seconds.size();
            Instant at = start.plusSeconds(i);
            State state = stateAt(Duration.ofSeconds(i));
            int weight = Math.max(0, Math.min(100, weights.weightAt(at)));
            double canaryRate = state.rps() * weight / 100.0 + scenario.previewRps();
            double stableRate = state.rps() * (100 - weight) / 100.0;
            int[] requests = new int[2];
            int[] errors = new int[2];
            int[][] histogram = new int[2][BOUNDS.length + 1];
            draw(Track.STABLE.ordinal(), stableRate, state.stable(), requests, errors, histogram);
            draw(Track.CANARY.ordinal(), canaryRate, state.canary(), requests, errors, histogram);
            seconds.add(new Second(requests, errors, histogram));
        }
    }

    private void draw(int track, double rate, SimulationScenario.Behaviour behaviour, int[] requests, int[] errors,
            int[][] histogram) {
        int n = poisson(rate);
        double mu = Math.log(behaviour.p95Seconds()) - Z95 * behaviour.sigma();
        int failed = 0;
        for (int r = 0; r < n; r++) {
            if (random.nextDouble() < behaviour.errorRate()) {
                failed++;
            }
            double latency = Math.exp(mu + behaviour.sigma() * random.nextGaussian());
            histogram[track][bucket(latency)]++;
        }
        requests[track] = n;
        errors[track] = failed;
    }

    static int bucket(double latency) {
        int i = Arrays.binarySearch(BOUNDS, latency);
        return i >= 0 ? i : -i - 1;
    }

    private int poisson(double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda < 30) {
            double limit = Math.exp(-lambda);
            double p = 1;
            int k = 0;
            do {
                k++;
                p *= random.nextDouble();
            } while (p > limit);
            return k - 1;
        }
        return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.nextGaussian()));
    }

    private static double[] bounds() {
        TreeSet<Double> all = new TreeSet<>(List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0));
        for (double b = 0.001; b <= 120; b *= 1.08) {
            all.add(Math.round(b * 1e6) / 1e6);
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
