package io.cicdmanager.analysis;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.analysis.SimulationScenario.Behaviour;
import io.cicdmanager.analysis.SimulationScenario.Shape;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Simulated traffic and its metrics, for {@code cicd simulate}, the demo and the benchmarks. Each virtual second
 * it draws each track's requests (Poisson, from the total rate times the track's share of the weight at that
 * second), spreads them over the track's pods, and gives each request a status (failing at the track's error rate)
 * and a latency (log-normal fitted to the track's P95). The scenario's {@link Shape} makes that traffic look like
 * production's: answers in bursts that share one outcome, error rates and slow shares that wander every 10 s, new
 * canary pods warming up, one pod misbehaving. Seeded, so a scenario replays exactly.
 *
 * <p>Counts are exact by default, to the second. With a scrape interval, the provider sees each pod's counters only
 * when a Prometheus would scrape them (every interval, each pod at its own phase), as counters of its
 * own series (a series appears with its first request, a 5xx series with its first error), and answers as
 * Prometheus' queries would: {@code increase()} and {@code rate()} extrapolated, {@code histogram_quantile} over
 * the client libraries' default buckets, raw samples differenced by {@link CounterSamples}.
 *
 * <p>The stable track also serves {@value #HISTORY} seconds before the scenario starts, the history a judge reads
 * before the canary's first request.
 */
public final class SimulatedMetricProvider implements MetricProvider {
    private static final double Z95 = 1.6448536269514722;
    /** The default buckets of Prometheus' Go and Java clients, seconds: what a service exposes unless told otherwise. */
    static final double[] CLIENT_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};
    /** Bucket upper bounds, seconds: Prometheus' defaults plus an 8 % geometric ladder from 1 ms to 2 min. */
    static final double[] BOUNDS = bounds();
    /** Seconds of the stable track's traffic before the start. */
    public static final int HISTORY = 600;
    /** How long a noise factor lasts: the "interval" of per-interval noise. */
    static final int NOISE_PERIOD = 10;
    /** Fine bucket index to client bucket index (the last: +Inf). */
    private static final int[] TO_CLIENT_BUCKET = clientBucketOfEach();

    private final SimulationScenario scenario;
    private final Shape shape;
    private final Instant start;
    private final Clock clock;
    private final WeightTimeline weights;
    private final SplittableRandom random;
    private final List<Second> seconds = new ArrayList<>();
    private final int[] pods = new int[2];
    private final List<double[]> noise = new ArrayList<>();
    private final Map<Behaviour, double[]> tails = new HashMap<>();
    private final Map<Behaviour, Alias> aliases = new HashMap<>();
    private final Scrapes scrapes;

    public SimulatedMetricProvider(SimulationScenario scenario, Instant start, Clock clock, WeightTimeline weights) {
        this.scenario = scenario;
        this.shape = scenario.shape();
        this.start = start;
        this.clock = clock;
        this.weights = weights;
        this.random = new SplittableRandom(scenario.seed());
        for (Track t : Track.values()) {
            pods[t.ordinal()] = shape.pods() == null ? 1 : shape.pods().of(t);
        }
        this.scrapes = shape.scrapeInterval() == null ? null : new Scrapes();
    }

    /**
     * One second of traffic: per track and pod, requests, 5xx answers, and latencies as (bucket index, count)
     * pairs packed into ints.
     */
    private record Second(int[][] requests, int[][] errors, int[][][] latencies) {
    }

    private record State(double rps, Behaviour stable, Behaviour canary, boolean up, int alerts) {
        Behaviour of(Track track) {
            return track == Track.STABLE ? stable : canary;
        }
    }

    /** The scenario's state at {@code offset} from the start, every event up to it applied. */
    private State stateAt(Duration offset) {
        double rps = scenario.rps();
        Behaviour stable = scenario.stable();
        Behaviour canary = scenario.canary();
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

    /** The name of a track's pod, as its series' {@code pod} label carries it. */
    static String podName(Track track, int pod) {
        return "bench-" + track.label() + "-" + pod;
    }

    @Override
    public synchronized MetricSample query(MetricQuery query) {
        Instant now = clock.instant();
        Instant end = checkUp(query, now);
        String source = String.format(Locale.ROOT, "simulated %s{track=%s}[%ds]", query.metric(),
                query.track().label(), query.window().toSeconds());
        if (query.metric().equals(FiringAlertsCheck.METRIC)) {
            return MetricSample.of(query, stateAt(Duration.between(start, end)).alerts(), source);
        }
        if (scrapes != null) {
            return scrapes.query(query, end, source);
        }
        int to = second(end);
        int from = second(end.minus(query.window()));
        generateUpTo(to);
        int t = query.track().ordinal();
        long requests = 0;
        long errors = 0;
        long[] histogram = new long[BOUNDS.length + 1];
        for (int i = from; i < to; i++) {
            Second s = seconds.get(i + HISTORY);
            for (int p = 0; p < pods[t]; p++) {
                requests += s.requests()[t][p];
                errors += s.errors()[t][p];
                for (int packed : s.latencies()[t][p]) {
                    histogram[bucketOf(packed)] += countOf(packed);
                }
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

    private Instant checkUp(MetricQuery query, Instant now) {
        State state = stateAt(Duration.between(start, now));
        if (!state.up()) {
            throw new DependencyUnreachableException("simulated metrics backend is down (scenario) at "
                    + Duration.between(start, now).toSeconds() + " s");
        }
        return query.end().isAfter(now) ? now : query.end();
    }

    /** The second (from the start, negative in the history) that {@code at} falls in, clamped to the history. */
    private int second(Instant at) {
        return (int) Math.max(-HISTORY, Math.floorDiv(Duration.between(start, at).toMillis(), 1000));
    }

    /** Raw counters: this backend gives them, by {@link #increases}. */
    @Override
    public Optional<RawCounters> rawCounters() {
        return Optional.of(this::increases);
    }

    /**
     * Exact per-pod increases, one step per {@code step}, where counts are exact; as Prometheus' raw samples would
     * give them where the scenario scrapes. Series carry a {@code pod} label where the scenario names pods.
     */
    public synchronized List<SeriesIncreases> increases(MetricQuery query, Duration step) {
        Instant end = checkUp(query, clock.instant());
        int steps = (int) (query.window().toMillis() / step.toMillis());
        if (steps < 1 || query.window().toMillis() % step.toMillis() != 0) {
            throw new IllegalArgumentException("a window of " + query.window() + " is no whole number of steps of "
                    + step);
        }
        if (scrapes != null) {
            return scrapes.increases(query, end, step, steps);
        }
        int t = query.track().ordinal();
        generateUpTo(second(end));
        List<SeriesIncreases> out = new ArrayList<>();
        for (int p = 0; p < pods[t]; p++) {
            double[][] perStep = query.metric().equals(LATENCY_BUCKETS) ? new double[CLIENT_BUCKETS.length + 1][steps]
                    : new double[1][steps];
            for (int s = 0; s < steps; s++) {
                int to = second(end.minus(step.multipliedBy(steps - s - 1L)));
                int from = second(end.minus(step.multipliedBy(steps - s)));
                for (int i = from; i < to; i++) {
                    Second sec = seconds.get(i + HISTORY);
                    switch (query.metric()) {
                        case REQUEST_COUNTERS -> perStep[0][s] += sec.requests()[t][p];
                        case ERROR_COUNTERS -> perStep[0][s] += sec.errors()[t][p];
                        case LATENCY_BUCKETS -> {
                            for (int packed : sec.latencies()[t][p]) {
                                // Cumulative: a request counts in its bucket and every one above it.
                                for (int b = TO_CLIENT_BUCKET[bucketOf(packed)]; b <= CLIENT_BUCKETS.length; b++) {
                                    perStep[b][s] += countOf(packed);
                                }
                            }
                        }
                        default -> throw new IllegalArgumentException("no raw counters named " + query.metric());
                    }
                }
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (shape.pods() != null) {
                labels.put("pod", podName(query.track(), p));
            }
            if (query.metric().equals(LATENCY_BUCKETS)) {
                for (int b = 0; b <= CLIENT_BUCKETS.length; b++) {
                    Map<String, String> withLe = new LinkedHashMap<>(labels);
                    withLe.put("le", leText(b));
                    out.add(new SeriesIncreases(withLe, perStep[b]));
                }
            } else {
                out.add(new SeriesIncreases(labels, perStep[0]));
            }
        }
        return out;
    }

    private static String leText(int clientBucket) {
        return clientBucket == CLIENT_BUCKETS.length ? "+Inf" : String.valueOf(CLIENT_BUCKETS[clientBucket]);
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

    // ---- generating traffic

    private void generateUpTo(int count) {
        while (seconds.size() < count + HISTORY) {
            int i = seconds.size() - HISTORY;
            Instant at = start.plusSeconds(i);
            State state = stateAt(Duration.ofSeconds(Math.max(0, i)));
            int weight = i < 0 ? 0 : Math.max(0, Math.min(100, weights.weightAt(at)));
            double canaryRate = state.rps() * weight / 100.0 + (i < 0 ? 0 : scenario.previewRps());
            double stableRate = state.rps() * (100 - weight) / 100.0;
            double warm = i < 0 || shape.warmup() == null ? 0
                    : weights.addedShareWithin(at, shape.warmup().duration());
            Second s = new Second(new int[2][], new int[2][], new int[2][][]);
            double[] factors = noiseAt(i);
            draw(Track.STABLE, stableRate, state, 0, factors[0], s);
            draw(Track.CANARY, canaryRate, state, warm, factors[1], s);
            seconds.add(s);
            if (scrapes != null) {
                scrapes.record(i, s, weight);
            }
        }
    }

    /** Each track's noise factors at second {@code i}: fresh every {@value #NOISE_PERIOD} s, mean 1. */
    private double[] noiseAt(int i) {
        int block = Math.floorDiv(i + HISTORY, NOISE_PERIOD);
        while (noise.size() <= block) {
            double[] f = new double[2];
            for (Track t : Track.values()) {
                double sigma = shape.noise(t);
                f[t.ordinal()] = sigma > 0 ? Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2) : 1;
            }
            noise.add(f);
        }
        return noise.get(block);
    }

    private void draw(Track track, double rate, State state, double warmShare, double factor, Second s) {
        int t = track.ordinal();
        int podCount = pods[t];
        int[] requests = new int[podCount];
        int[] errors = new int[podCount];
        Behaviour usual = state.of(track);
        Behaviour warming = shape.warmup() == null || track != Track.CANARY ? usual
                : usual.with(shape.warmup().behaviour());
        SimulationScenario.Outlier outlier = shape.pods() == null ? null : shape.pods().outlier();
        Behaviour odd = outlier != null && outlier.track() == track ? usual.with(outlier.behaviour()) : null;
        double[] usualTail = tailsOf(usual);
        double[] warmingTail = tailsOf(warming);
        double[] oddTail = odd == null ? null : tailsOf(odd);
        if (scratch == null || scratch.length < podCount) {
            scratch = new int[podCount][BOUNDS.length + 1];
        }
        int remaining = poisson(rate);
        if (shape.burst() <= 1 && factor == 1 && oddTail == null && warmShare == 0) {
            // Independent answers from one behaviour: pods by share, errors binomial, latencies by alias table.
            Alias alias = aliasOf(usual);
            for (int k = 0; k < remaining; k++) {
                int pod = podCount == 1 ? 0 : random.nextInt(podCount);
                requests[pod]++;
                scratch[pod][alias.draw(random.nextDouble())]++;
            }
            for (int p = 0; p < podCount; p++) {
                errors[p] = binomial(requests[p], usual.errorRate());
            }
        }
        while (remaining > 0 && !(shape.burst() <= 1 && factor == 1 && oddTail == null && warmShare == 0)) {
            int size = Math.min(remaining, burstSize());
            remaining -= size;
            int pod = podCount == 1 ? 0 : random.nextInt(podCount);
            Behaviour b = usual;
            double[] tail = usualTail;
            if (oddTail != null && pod == 0) {
                b = odd;
                tail = oddTail;
            } else if (warmShare > 0 && random.nextDouble() < warmShare) {
                b = warming;
                tail = warmingTail;
            }
            requests[pod] += size;
            if (random.nextDouble() < Math.min(1, b.errorRate() * factor)) {
                errors[pod] += size;
            }
            scratch[pod][bucket(tail, random.nextDouble() / factor)] += size;
        }
        s.requests()[t] = requests;
        s.errors()[t] = errors;
        int[][] latencies = new int[podCount][];
        for (int p = 0; p < podCount; p++) {
            latencies[p] = requests[p] == 0 ? NONE : pack(scratch[p]);
        }
        s.latencies()[t] = latencies;
    }

    private static final int[] NONE = new int[0];
    /** Per pod, answers per bucket in the second being drawn; emptied as it is packed. */
    private int[][] scratch;

    /** The nonzero buckets of a pod-second as packed (bucket, count) pairs; empties {@code counts}. */
    private static int[] pack(int[] counts) {
        int n = 0;
        for (int c : counts) {
            n += c > 0 ? 1 : 0;
        }
        int[] packed = new int[n];
        int k = 0;
        for (int b = 0; b < counts.length; b++) {
            if (counts[b] > 0) {
                packed[k++] = b << 20 | counts[b];
                counts[b] = 0;
            }
        }
        return packed;
    }

    private double[] tailsOf(Behaviour b) {
        return tails.computeIfAbsent(b, SimulatedMetricProvider::tailShares);
    }

    private Alias aliasOf(Behaviour b) {
        return aliases.computeIfAbsent(b, k -> Alias.of(tailsOf(k)));
    }

    /** Binomial(n, p) by inversion, for the small n·p of one pod-second. */
    private int binomial(int n, double p) {
        if (n == 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (n * p > 30) {
            return (int) Math.max(0, Math.min(n, Math.round(n * p + Math.sqrt(n * p * (1 - p))
                    * random.nextGaussian())));
        }
        double u = random.nextDouble();
        double odds = p / (1 - p);
        double prob = Math.pow(1 - p, n);
        double cdf = prob;
        int k = 0;
        while (u > cdf && k < n) {
            prob *= (n - k) / (double) (k + 1) * odds;
            k++;
            cdf += prob;
        }
        return k;
    }

    /**
     * Walker's alias table over the buckets: one uniform draw picks a bucket in constant time, with the
     * probabilities the tail shares give each.
     */
    private record Alias(double[] threshold, int[] alias) {
        static Alias of(double[] slower) {
            int k = slower.length + 1;
            double[] p = new double[k];
            for (int b = 0; b < k; b++) {
                double above = b == 0 ? 1 : slower[b - 1];
                double below = b == slower.length ? 0 : slower[b];
                p[b] = Math.max(0, above - below) * k;
            }
            double[] threshold = new double[k];
            int[] alias = new int[k];
            java.util.ArrayDeque<Integer> small = new java.util.ArrayDeque<>();
            java.util.ArrayDeque<Integer> large = new java.util.ArrayDeque<>();
            for (int b = 0; b < k; b++) {
                (p[b] < 1 ? small : large).add(b);
            }
            while (!small.isEmpty() && !large.isEmpty()) {
                int lo = small.poll();
                int hi = large.poll();
                threshold[lo] = p[lo];
                alias[lo] = hi;
                p[hi] -= 1 - p[lo];
                (p[hi] < 1 ? small : large).add(hi);
            }
            for (int b : large) {
                threshold[b] = 1;
            }
            for (int b : small) {
                threshold[b] = 1;
            }
            return new Alias(threshold, alias);
        }

        int draw(double u) {
            double scaled = u * threshold.length;
            int b = (int) scaled;
            return scaled - b < threshold[b] ? b : alias[b];
        }
    }

    private static int bucketOf(int packed) {
        return packed >>> 20;
    }

    private static int countOf(int packed) {
        return packed & 0xFFFFF;
    }

    /** A burst's size: geometric with the scenario's mean, 1 without bursts. */
    private int burstSize() {
        double mean = shape.burst();
        if (mean <= 1) {
            return 1;
        }
        return 1 + (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - 1 / mean));
    }

    /**
     * The bucket of a latency whose probability of being exceeded is {@code tail} (uniform for a plain draw;
     * divided by a noise factor, which scales every tail share by it), read off {@code slower}, the share of answers
     * slower than each bound.
     */
    private static int bucket(double[] slower, double tail) {
        // slower[k] falls with k: the first bound with fewer slower answers than the draw holds it.
        int lo = 0;
        int hi = slower.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (slower[mid] <= tail) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The share of answers slower than each of {@link #BOUNDS}. */
    private static double[] tailShares(Behaviour b) {
        double mu = Math.log(b.p95Seconds()) - Z95 * b.sigma();
        double[] slower = new double[BOUNDS.length];
        for (int k = 0; k < BOUNDS.length; k++) {
            slower[k] = 1 - normalCdf((Math.log(BOUNDS[k]) - mu) / b.sigma());
        }
        return slower;
    }

    /** Φ(z) through erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.5 * x);
        double erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return z >= 0 ? 1 - erfc / 2 : erfc / 2;
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
        TreeSet<Double> all = new TreeSet<>();
        for (double b : CLIENT_BUCKETS) {
            all.add(b);
        }
        for (double b = 0.001; b <= 120; b *= 1.08) {
            all.add(Math.round(b * 1e6) / 1e6);
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static int[] clientBucketOfEach() {
        int[] map = new int[BOUNDS.length + 1];
        for (int k = 0; k <= BOUNDS.length; k++) {
            double upper = k == BOUNDS.length ? Double.POSITIVE_INFINITY : BOUNDS[k];
            int c = 0;
            while (c < CLIENT_BUCKETS.length && CLIENT_BUCKETS[c] < upper) {
                c++;
            }
            map[k] = c;
        }
        return map;
    }

    // ---- what a Prometheus scraping every pod would have

    /**
     * Every pod's counters as a Prometheus scraping them every interval would store them: a sample per scrape
     * (each pod at its own phase), series appearing with their first request or first error.
     */
    private final class Scrapes {
        /** Per track and pod: scrape times (seconds from the start) and the counters read then. */
        private final List<List<double[]>> samples = new ArrayList<>();
        private final double[][] running;
        private final double[] phase;
        private final double interval = shape.scrapeInterval().toMillis() / 1000.0;
        private boolean canaryStarted;
        /** Counter layout: 0 all requests, 1 non-5xx, 2 5xx, then the client buckets and +Inf. */
        private static final int ALL = 0;
        private static final int OK = 1;
        private static final int FAILED = 2;
        private static final int BUCKETS = 3;

        Scrapes() {
            phase = new double[pods[0] + pods[1]];
            running = new double[pods[0] + pods[1]][];
            for (Track t : Track.values()) {
                for (int p = 0; p < pods[t.ordinal()]; p++) {
                    samples.add(new ArrayList<>());
                    phase[index(t, p)] = random.nextDouble() * interval;
                    running[index(t, p)] = new double[BUCKETS + CLIENT_BUCKETS.length + 1];
                }
            }
        }

        private int index(Track t, int pod) {
            return t == Track.STABLE ? pod : pods[0] + pod;
        }

        /** After second {@code i} is drawn: counters grow; pods whose scrape falls in the next second are read. */
        void record(int i, Second s, int weight) {
            canaryStarted |= weight > 0;
            for (Track t : Track.values()) {
                int tr = t.ordinal();
                for (int p = 0; p < pods[tr]; p++) {
                    double[] c = running[index(t, p)];
                    c[ALL] += s.requests()[tr][p];
                    c[FAILED] += s.errors()[tr][p];
                    c[OK] += s.requests()[tr][p] - s.errors()[tr][p];
                    for (int packed : s.latencies()[tr][p]) {
                        for (int b = TO_CLIENT_BUCKET[bucketOf(packed)]; b <= CLIENT_BUCKETS.length; b++) {
                            c[BUCKETS + b] += countOf(packed);
                        }
                    }
                    // The canary's pods start with its first traffic: nothing to scrape before.
                    if (t == Track.CANARY && !canaryStarted) {
                        continue;
                    }
                    // A scrape at a time in [i + 1, i + 2) reads the counters as they stand after second i.
                    double at = phase[index(t, p)];
                    double due = at + Math.ceil((i + 1 + HISTORY - at) / interval) * interval - HISTORY;
                    if (due < i + 2) {
                        double[] sample = new double[c.length + 1];
                        sample[0] = due;
                        System.arraycopy(c, 0, sample, 1, c.length);
                        samples.get(index(t, p)).add(sample);
                    }
                }
            }
        }

        /**
         * One counter of one pod as a series' samples, those in [from, to] only; empty before the series exists. A
         * status code's series exists from its first request with that code (the client creates a labelled child
         * on first use); the histogram's buckets all exist from the pod's first request.
         */
        private List<MetricPoint> series(Track t, int pod, int counter, double from, double to) {
            int existsWith = counter >= BUCKETS ? ALL : counter;
            List<MetricPoint> points = new ArrayList<>();
            for (double[] sample : samples.get(index(t, pod))) {
                double time = sample[0];
                if (time >= from && time <= to && (sample[1 + existsWith] > 0 || !points.isEmpty())) {
                    points.add(new MetricPoint(start.plusMillis(Math.round(time * 1000)), sample[1 + counter]));
                }
            }
            return points;
        }

        List<SeriesIncreases> increases(MetricQuery query, Instant end, Duration step, int steps) {
            generateUpTo(second(end) + 1);
            Track t = query.track();
            double to = Duration.between(start, end).toMillis() / 1000.0;
            // One scrape before the window is all the differencing needs; a real Prometheus is asked for more.
            double from = to - query.window().toMillis() / 1000.0 - interval - 1;
            List<SeriesIncreases> out = new ArrayList<>();
            for (int p = 0; p < pods[t.ordinal()]; p++) {
                String pod = podName(t, p);
                switch (query.metric()) {
                    case REQUEST_COUNTERS -> {
                        add(out, Map.of("pod", pod, "code", "200"), series(t, p, OK, from, to), end, step, steps);
                        add(out, Map.of("pod", pod, "code", "500"), series(t, p, FAILED, from, to), end, step, steps);
                    }
                    case ERROR_COUNTERS -> add(out, Map.of("pod", pod, "code", "500"), series(t, p, FAILED, from, to),
                            end, step, steps);
                    case LATENCY_BUCKETS -> {
                        for (int b = 0; b <= CLIENT_BUCKETS.length; b++) {
                            add(out, Map.of("pod", pod, "le", leText(b)), series(t, p, BUCKETS + b, from, to), end,
                                    step, steps);
                        }
                    }
                    default -> throw new IllegalArgumentException("no raw counters named " + query.metric());
                }
            }
            return out;
        }

        private void add(List<SeriesIncreases> out, Map<String, String> labels, List<MetricPoint> points, Instant end,
                Duration step, int steps) {
            if (!points.isEmpty()) {
                out.add(new SeriesIncreases(labels, CounterSamples.increases(points, end, step, steps)));
            }
        }

        /** A query as Prometheus evaluates its template: increase() and rate() extrapolated, summed over pods. */
        MetricSample query(MetricQuery query, Instant end, String source) {
            generateUpTo(second(end) + 1);
            Track t = query.track();
            double to = Duration.between(start, end).toMillis() / 1000.0;
            double from = to - query.window().toMillis() / 1000.0;
            int counters = BUCKETS + CLIENT_BUCKETS.length + 1;
            double[] increase = new double[counters];
            boolean[] seen = new boolean[counters];
            for (int p = 0; p < pods[t.ordinal()]; p++) {
                for (int c = 0; c < counters; c++) {
                    double v = CounterSamples.extrapolatedIncrease(series(t, p, c, from, to), end, query.window());
                    if (!Double.isNaN(v)) {
                        increase[c] += v;
                        seen[c] = true;
                    }
                }
            }
            if (!seen[ALL]) {
                return MetricSample.noData(query, source);
            }
            double all = increase[ALL];
            // The 5xx query falls back to 0 × all requests where no 5xx series has two samples in the window.
            double failed = seen[FAILED] ? increase[FAILED] : 0;
            double[] bounds = new double[CLIENT_BUCKETS.length + 1];
            double[] cumulative = new double[CLIENT_BUCKETS.length + 1];
            for (int b = 0; b <= CLIENT_BUCKETS.length; b++) {
                bounds[b] = b == CLIENT_BUCKETS.length ? Double.POSITIVE_INFINITY : CLIENT_BUCKETS[b];
                // Extrapolated separately, buckets need not stay cumulative; histogram_quantile mends that too.
                cumulative[b] = Math.max(b == 0 ? 0 : cumulative[b - 1], increase[BUCKETS + b]);
            }
            CumulativeHistogram histogram = CumulativeHistogram.of(bounds, cumulative);
            return switch (query.metric()) {
                case "request-count" -> MetricSample.of(query, all, source);
                case "histogram-count" -> MetricSample.of(query, histogram.count(), source);
                case "error-count" -> MetricSample.of(query, failed, source);
                case "error-rate" -> all == 0 ? MetricSample.noData(query, source)
                        : MetricSample.of(query, failed / all, source);
                case "p50-latency" -> quantileOf(query, histogram, 0.50, source);
                case "p95-latency" -> quantileOf(query, histogram, 0.95, source);
                case "p99-latency" -> quantileOf(query, histogram, 0.99, source);
                case "slow-count" -> MetricSample.of(query, histogram.count() - histogram.countAtOrBelow(le(query)),
                        source);
                default -> throw new IllegalArgumentException("the simulated provider knows no metric '"
                        + query.metric() + "'");
            };
        }

        private MetricSample quantileOf(MetricQuery query, CumulativeHistogram histogram, double q, String source) {
            double v = histogram.quantile(q);
            return Double.isFinite(v) ? MetricSample.of(query, v, source) : MetricSample.noData(query, source);
        }
    }
}
