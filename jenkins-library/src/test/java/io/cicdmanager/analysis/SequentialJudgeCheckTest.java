package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.ConfigReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The judges as checks: what they ask the backend, over which windows, and what they report. */
class SequentialJudgeCheckTest {
    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
    private static final Map<String, String> VARIABLES = Map.of("namespace", "prod", "service", "shop");
    /** The client libraries' default buckets. */
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /**
     * A backend whose tracks' pods serve requests at fixed rates per second with fixed shares of 5xx answers and a
     * fixed latency distribution (a share per bucket), answering raw counter increases per pod for any window and
     * counts for the queries without raw counters, and remembering every question; {@code missing} tracks have no
     * series, and {@code raw} off makes it a backend without raw counters.
     */
    static final class Counter implements MetricProvider {
        final List<MetricQuery> queries = new ArrayList<>();
        final List<Duration> steps = new ArrayList<>();
        final Map<Track, Map<String, double[]>> pods = new HashMap<>();
        final Map<Track, double[]> latency = new HashMap<>();
        final List<Track> missing = new ArrayList<>();
        boolean down;
        boolean raw = true;
        Duration lag = Duration.ZERO;

        /** One pod of a track: its requests per second and share of 5xx. */
        Counter pod(Track track, String pod, double rps, double errorShare) {
            pods.computeIfAbsent(track, t -> new LinkedHashMap<>()).put(pod, new double[] {rps, errorShare});
            return this;
        }

        /** A track on one pod. */
        Counter track(Track track, double rps, double errorShare) {
            pods.remove(track);
            return pod(track, track.label() + "-0", rps, errorShare);
        }

        /** A track's share of requests in each bucket of {@link #BUCKETS}, and the rest above the last. */
        Counter latency(Track track, double... shares) {
            latency.put(track, shares);
            return this;
        }

        @Override
        public Duration ingestionLag() {
            return lag;
        }

        @Override
        public MetricSample query(MetricQuery q) {
            queries.add(q);
            if (down) {
                throw new DependencyUnreachableException("Prometheus at http://prom:9090 is unreachable");
            }
            if (missing.contains(q.track())) {
                return MetricSample.noData(q, "sum(increase(x{track=\"" + q.track().label() + "\"}))");
            }
            double requests = 0;
            double errors = 0;
            for (double[] p : pods.get(q.track()).values()) {
                requests += p[0] * q.window().toMillis() / 1000.0;
                errors += p[0] * p[1] * q.window().toMillis() / 1000.0;
            }
            double value = switch (q.metric()) {
                case "request-count", "histogram-count" -> requests;
                case "error-count" -> errors;
                default -> throw new IllegalArgumentException(q.metric());
            };
            return MetricSample.of(q, value, "counter");
        }

        @Override
        public Optional<RawCounters> rawCounters() {
            return raw ? Optional.of(this::increases) : Optional.empty();
        }

        List<SeriesIncreases> increases(MetricQuery q, Duration step) {
            queries.add(q);
            steps.add(step);
            if (down) {
                throw new DependencyUnreachableException("Prometheus at http://prom:9090 is unreachable");
            }
            List<SeriesIncreases> out = new ArrayList<>();
            if (missing.contains(q.track())) {
                return out;
            }
            int n = (int) (q.window().toMillis() / step.toMillis());
            double seconds = step.toMillis() / 1000.0;
            for (Map.Entry<String, double[]> pod : pods.get(q.track()).entrySet()) {
                double rps = pod.getValue()[0];
                double share = pod.getValue()[1];
                switch (q.metric()) {
                    case REQUEST_COUNTERS -> out.add(series(pod.getKey(), null, n, rps * seconds));
                    case ERROR_COUNTERS -> out.add(series(pod.getKey(), null, n, rps * share * seconds));
                    case LATENCY_BUCKETS -> {
                        double[] shares = latency.get(q.track());
                        double cumulative = 0;
                        for (int b = 0; b <= BUCKETS.length; b++) {
                            cumulative += b < shares.length ? shares[b] : 0;
                            double c = b == BUCKETS.length ? 1 : Math.min(1, cumulative);
                            out.add(series(pod.getKey(), b == BUCKETS.length ? "+Inf" : String.valueOf(BUCKETS[b]), n,
                                    rps * c * seconds));
                        }
                    }
                    default -> throw new IllegalArgumentException(q.metric());
                }
            }
            return out;
        }

        private static SeriesIncreases series(String pod, String le, int steps, double perStep) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("pod", pod);
            if (le != null) {
                labels.put("le", le);
            }
            double[] v = new double[steps];
            java.util.Arrays.fill(v, perStep);
            return new SeriesIncreases(labels, v);
        }
    }

    private static AnalysisContext at(MetricProvider metrics, long seconds) {
        return new AnalysisContext(metrics, null, START.plusSeconds(seconds), Duration.ofMinutes(5), START, VARIABLES);
    }

    private static SequentialJudgeCheck judge(String metric, Map<String, String> variables) {
        return new SequentialJudgeCheck("vs-stable", metric, JudgeSettings.defaults(), variables);
    }

    private static SequentialJudgeCheck latencyJudge() {
        return SequentialJudgeCheck.latency("latency", "p95-latency", LatencyJudgeSettings.defaults(0.95), Map.of());
    }

    @Test
    void aCanaryFailingTenTimesAsOftenFailsNamingBothRatesTheirRatioAndTheEvidence() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.05).track(Track.STABLE, 190, 0.005);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        CheckResult result = check.evaluate(at(backend, 60));
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.kind()).isEqualTo("sequential-judge");
        assertThat(result.value()).isEqualTo(0.05);
        assertThat(result.stableValue()).isEqualTo(0.005);
        // Within the margins: at most the larger of 1.5 × 0.5 % and 0.5 % + 0.1 points.
        assertThat(result.threshold()).isCloseTo(0.0075, within(1e-12));
        assertThat(result.message()).startsWith("5xx answers: canary 5 % (30/600) vs stable 0.5 % (57/11400), 10× the "
                + "stable's rate: worse than 1.5× and +0.1 points, evidence ").contains(">= 200 (alpha 1 % shared with the "
                + "canary's pods)");
        assertThat(check.accumulatesEvidence()).isTrue();
    }

    @Test
    void itDifferencesRawCountersOverWindowsThatFollowEachOtherAndReadsTheStablesHistoryFirst() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.005).track(Track.STABLE, 190, 0.005);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        check.evaluate(at(backend, 30));
        // The canary's and the stable's counters over the 30 s, then the stable's last 10 minutes in 5-s steps.
        assertThat(backend.queries).extracting(q -> q.metric() + " " + q.track().label() + " " + q.window() + " at "
                + Duration.between(START, q.end()).toSeconds()).containsExactly(
                "request-counters canary PT30S at 30", "error-counters canary PT30S at 30",
                "request-counters stable PT30S at 30", "error-counters stable PT30S at 30",
                "request-counters stable PT10M at 0", "error-counters stable PT10M at 0");
        assertThat(backend.steps.get(4)).isEqualTo(SequentialJudgeCheck.HISTORY_STEP);
        assertThat(backend.queries.get(0).variables()).containsAllEntriesOf(VARIABLES);
        backend.queries.clear();
        check.evaluate(at(backend, 40));
        assertThat(backend.queries).extracting(MetricQuery::window).containsOnly(Duration.ofSeconds(10));

        // A round without data for a track adds nothing; the next one covers its time too.
        backend.missing.add(Track.STABLE);
        CheckResult noData = check.evaluate(at(backend, 50));
        assertThat(noData.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(noData.message()).startsWith("5xx answers: no data for the stable track in the last 10s "
                + "(request-counters found no series); so far canary 0.75 % (3/400) vs stable 0.51 % (39/7600)");
        backend.missing.clear();
        backend.queries.clear();
        CheckResult next = check.evaluate(at(backend, 60));
        assertThat(backend.queries).extracting(MetricQuery::window).containsOnly(Duration.ofSeconds(20));
        assertThat(next.message()).contains("canary 0.67 % (4/600) vs stable 0.51 % (58/11400)");

        // Asked again at the same moment, it has nothing new and repeats its verdict without asking.
        backend.queries.clear();
        assertThat(check.evaluate(at(backend, 60)).message()).isEqualTo(next.message());
        assertThat(backend.queries).isEmpty();
    }

    @Test
    void itReadsBehindNowByTheBackendsIngestionLag() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.005).track(Track.STABLE, 190, 0.005);
        backend.lag = Duration.ofSeconds(5);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        check.evaluate(at(backend, 30));
        assertThat(backend.queries.get(0).end()).isEqualTo(START.plusSeconds(25));
        assertThat(backend.queries.get(0).window()).isEqualTo(Duration.ofSeconds(25));
        backend.queries.clear();
        check.evaluate(at(backend, 40));
        assertThat(backend.queries.get(0).end()).isEqualTo(START.plusSeconds(35));
        assertThat(backend.queries.get(0).window()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void countsOfNewPodsWarmingUpAreLeftOutAfterEveryRiseOfTheWeight() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.005).track(Track.STABLE, 190, 0.005);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        Duration delay = Duration.ofSeconds(30);
        CheckResult warming = check.evaluate(new AnalysisContext(backend, null, START.plusSeconds(20),
                Duration.ofSeconds(10), START, VARIABLES, START, delay));
        assertThat(warming.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(warming.message()).endsWith("new canary pods warm up until 10 s from now (initialDelay 30s)");
        assertThat(backend.queries).isEmpty();
        CheckResult judged = check.evaluate(new AnalysisContext(backend, null, START.plusSeconds(40),
                Duration.ofSeconds(10), START, VARIABLES, START, delay));
        // Only the 10 s after the warm-up count.
        assertThat(backend.queries.get(0).window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(judged.message()).contains("canary 1 % (1/100) vs stable 0.53 % (10/1900)");

        // The weight rises at 60 s: what came before is judged, the next 30 s are left out.
        Instant rose = START.plusSeconds(60);
        backend.queries.clear();
        CheckResult after = check.evaluate(new AnalysisContext(backend, null, START.plusSeconds(80),
                Duration.ofSeconds(10), START, VARIABLES, rose, delay));
        assertThat(backend.queries).extracting(MetricQuery::window).containsOnly(Duration.ofSeconds(20));
        assertThat(backend.queries.get(0).end()).isEqualTo(rose);
        assertThat(after.message()).endsWith("new canary pods warm up until 10 s from now (initialDelay 30s)");
        backend.queries.clear();
        check.evaluate(new AnalysisContext(backend, null, START.plusSeconds(100), Duration.ofSeconds(10), START,
                VARIABLES, rose, delay));
        assertThat(backend.queries).extracting(MetricQuery::window).containsOnly(Duration.ofSeconds(10));
        assertThat(backend.queries.get(0).end()).isEqualTo(START.plusSeconds(100));
    }

    @Test
    void oneBadPodAmongManyIsFoundAndNamed() {
        // One of ten canary pods answers 6 % 5xx, the others 1 % as the stable track does: the canary as a whole
        // answers 1.5 %, exactly at the margin of 1.5×, while that pod is six times worse.
        Counter backend = new Counter().track(Track.STABLE, 190, 0.01);
        for (int p = 0; p < 10; p++) {
            backend.pod(Track.CANARY, "shop-canary-" + p, 10, p == 3 ? 0.06 : 0.01);
        }
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        CheckResult result = null;
        for (int s = 10; s <= 600 && (result == null || result.verdict() != Verdict.FAIL); s += 10) {
            result = check.evaluate(at(backend, s));
        }
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.message()).startsWith("5xx answers: canary pod shop-canary-3 6 % (").contains("6× the "
                + "stable's rate: worse than 1.5×");
        assertThat(result.value()).isEqualTo(0.06);
    }

    @Test
    void withoutRawCountersItCountsFromTheCountQueriesWithoutPods() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.005).track(Track.STABLE, 190, 0.005);
        backend.raw = false;
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        CheckResult first = check.evaluate(at(backend, 30));
        assertThat(backend.queries).extracting(MetricQuery::metric).containsExactly("request-count", "error-count",
                "request-count", "error-count");
        assertThat(first.message()).contains("canary 0.67 % (2/300) vs stable 0.51 % (29/5700)")
                .endsWith("until the counts show how clustered failures are, each weighs less");
        backend.missing.add(Track.STABLE);
        assertThat(check.evaluate(at(backend, 40)).message()).startsWith("5xx answers: no data for the stable track in "
                + "the last 10s (sum(increase(x{track=\"stable\"})))");
    }

    @Test
    void aNewCanaryStartsFromNoEvidence() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.05).track(Track.STABLE, 190, 0.005);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        assertThat(check.evaluate(at(backend, 60)).verdict()).isEqualTo(Verdict.FAIL);
        Instant later = START.plusSeconds(3600);
        CheckResult fresh = check.evaluate(new AnalysisContext(backend, null, later.plusSeconds(1), Duration.ofMinutes(1),
                later, VARIABLES));
        assertThat(fresh.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(fresh.message()).contains("canary 10 % (1/10) vs stable 0.53 % (1/190)");
    }

    @Test
    void slowCountIsJudgedOnTheHistogramsBucketAboveTheBound() {
        // 40 % of the canary's requests above 250 ms, 5 % of the stable's.
        Counter backend = new Counter().track(Track.CANARY, 10, 0).track(Track.STABLE, 190, 0)
                .latency(Track.CANARY, 0, 0, 0, 0, 0.3, 0.3, 0.4).latency(Track.STABLE, 0, 0, 0, 0, 0.5, 0.45, 0.05);
        SequentialJudgeCheck check = judge("slow-count", Map.of("le", "0.25"));
        CheckResult result = check.evaluate(at(backend, 30));
        assertThat(backend.queries).extracting(MetricQuery::metric).containsOnly(MetricProvider.LATENCY_BUCKETS);
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.metric()).isEqualTo("slow-count");
        assertThat(result.message()).startsWith("requests slower than 250 ms: canary 40 % (120/300) vs stable 5 % "
                + "(285/5700), 8× the stable's rate: worse than");
        assertThatThrownBy(() -> judge("slow-count", Map.of("le", "0.3")).evaluate(at(backend, 30)))
                .hasMessageContaining("vs-stable: no bucket le=\"0.3\"");
    }

    @Test
    void aLatencyQuantileIsJudgedAgainstTheStablesWithMarginsInLatencyTerms() {
        // Stable: P95 in the 100-250 ms bucket; canary: much slower.
        Counter backend = new Counter().track(Track.CANARY, 10, 0).track(Track.STABLE, 190, 0)
                .latency(Track.STABLE, 0, 0, 0.2, 0.4, 0.3, 0.1).latency(Track.CANARY, 0, 0, 0, 0.1, 0.3, 0.4, 0.2);
        SequentialJudgeCheck check = latencyJudge();
        CheckResult result = null;
        for (int s = 10; s <= 120 && (result == null || result.verdict() != Verdict.FAIL); s += 10) {
            result = check.evaluate(at(backend, s));
        }
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.metric()).isEqualTo("p95-latency");
        // histogram_quantile: the stable's rank 0.95 falls half-way into the 100-250 ms bucket.
        assertThat(result.stableValue()).isCloseTo(0.175, within(1e-9));
        assertThat(result.threshold()).isCloseTo(0.21, within(1e-9));
        assertThat(result.value()).isCloseTo(0.4375, within(1e-9));
        assertThat(result.message()).startsWith("latency: p95 canary 438 ms vs stable 175 ms (+150 %): worse than "
                + "+20 %: ").contains("of its answers slower than the stable's p95 +20 %, against 5 % of the "
                + "stable's slower than its p95; evidence ");

        Counter same = new Counter().track(Track.CANARY, 10, 0).track(Track.STABLE, 190, 0)
                .latency(Track.STABLE, 0, 0, 0.2, 0.4, 0.3, 0.1).latency(Track.CANARY, 0, 0, 0.2, 0.4, 0.3, 0.1);
        SequentialJudgeCheck fine = latencyJudge();
        CheckResult healthy = null;
        for (int s = 10; s <= 1800 && (healthy == null || healthy.verdict() != Verdict.PASS); s += 10) {
            healthy = fine.evaluate(at(same, s));
        }
        assertThat(healthy.verdict()).isEqualTo(Verdict.PASS);
        assertThat(healthy.message()).startsWith("latency: p95 canary 175 ms vs stable 175 ms (+0 %): not +40 % worse, "
                + "evidence");
    }

    @Test
    void aLatencyJudgeNeedsRawBuckets() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0).track(Track.STABLE, 190, 0);
        backend.raw = false;
        assertThatThrownBy(() -> latencyJudge().evaluate(at(backend, 30)))
                .hasMessageContaining("judging p95-latency needs the latency histogram's raw bucket counters");
    }

    @Test
    void anUnreachableBackendIsAnErrorAndItsTimeIsCountedLater() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.005).track(Track.STABLE, 190, 0.005);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        backend.down = true;
        CheckResult down = check.evaluate(at(backend, 30));
        assertThat(down.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(down.message()).isEqualTo("5xx answers could not be counted: Prometheus at http://prom:9090 is "
                + "unreachable");
        backend.down = false;
        backend.queries.clear();
        check.evaluate(at(backend, 40));
        assertThat(backend.queries.get(0).window()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void theJudgesCompareErrorsLatencyQuantilesOrSlowRequestsOnly() {
        assertThatThrownBy(() -> judge("p95-latency", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("error-rate or slow-count");
        assertThatThrownBy(() -> judge("request-count", Map.of())).hasMessageContaining("the judge compares");
        assertThatThrownBy(() -> judge("slow-count", Map.of())).hasMessageContaining("needs the variable le");
        assertThatThrownBy(() -> SequentialJudgeCheck.latency("x", "p99-latency", LatencyJudgeSettings.defaults(0.95),
                Map.of())).hasMessageContaining("p99-latency is not the quantile 0.95");
    }

    private static List<Check> parse(String yaml) {
        return CheckParsers.standard().parse(ConfigReader.read(yaml, "rollout.yaml").asList());
    }

    @Test
    void theSpecNamesTheJudgeItsMetricAndItsMargins() {
        List<Check> checks = parse("""
                - {name: errors-vs-stable, judge: sequential, metric: error-rate, maxRatio: 1.25, maxIncrease: 0.2%, alpha: 0.05}
                - {name: slow, judge: sequential, metric: slow-count, le: 250ms}
                - {name: p95, judge: sequential, metric: p95-latency}
                - {name: p99, judge: sequential, metric: p99-latency, maxIncrease: 50ms}
                - {name: p50, judge: sequential, metric: p50-latency, maxIncrease: 30%}
                - {name: both, judge: sequential, metric: p95-latency, maxRatio: 1.1, maxIncrease: 20ms, alpha: 0.05}
                """);
        SequentialJudgeCheck errors = (SequentialJudgeCheck) checks.get(0);
        assertThat(errors.name()).isEqualTo("errors-vs-stable");
        assertThat(errors.metric()).isEqualTo("error-rate");
        assertThat(errors.settings()).isEqualTo(JudgeSettings.of(1.25, 0.002, 0.05));
        SequentialJudgeCheck slow = (SequentialJudgeCheck) checks.get(1);
        assertThat(slow.kind()).isEqualTo(SequentialJudgeCheck.KIND);
        assertThat(slow.settings()).isEqualTo(JudgeSettings.defaults());
        assertThat(((SequentialJudgeCheck) checks.get(2)).latencySettings()).isEqualTo(LatencyJudgeSettings.defaults(0.95));
        assertThat(((SequentialJudgeCheck) checks.get(3)).latencySettings())
                .isEqualTo(LatencyJudgeSettings.of(0.99, 1, 0.05, 0.01));
        assertThat(((SequentialJudgeCheck) checks.get(4)).latencySettings())
                .isEqualTo(LatencyJudgeSettings.of(0.5, 1.3, 0, 0.01));
        LatencyJudgeSettings both = ((SequentialJudgeCheck) checks.get(5)).latencySettings();
        assertThat(both).isEqualTo(LatencyJudgeSettings.of(0.95, 1.1, 0.02, 0.05));
        assertThat(both.margins()).isEqualTo("+10 % and +20 ms");
        // Worse than both margins: above 1.1 × 100 ms and above 100 ms + 20 ms.
        assertThat(both.allowed(0.1)).isCloseTo(0.12, within(1e-12));
        assertThat(both.allowed(0.5)).isCloseTo(0.55, within(1e-12));
    }

    @Test
    void mistakesInTheSpecNameTheLineAndTheField() {
        assertThatThrownBy(() -> parse("- {name: x, judge: bayesian, metric: error-rate}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollout.yaml:1:20: [0].judge: 'bayesian' is not a judge this build knows; the "
                        + "one there is: sequential");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: request-count}"))
                .hasMessageContaining("[0].metric: the judge compares error-rate (5xx answers), p50-latency");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: slow-count}"))
                .hasMessageContaining("slow-count needs le");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: p95-latency, le: 250ms}"))
                .hasMessageContaining("[0].le: a latency judge compares whole distributions and needs no bound");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: p95-latency, maxRatio: 1.2,\n"
                + "   maxIncrease: 10%}"))
                .hasMessageContaining("rollout.yaml:2:17: [0].maxIncrease: gives the relative margin again");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: p95-latency, maxRatio: 1}"))
                .hasMessageContaining("[0].maxRatio: leaves no margin at all");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: error-rate, max: 1%}"))
                .hasMessageContaining("max");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: error-rate,\n   maxRatio: 0.5}"))
                .hasMessageContaining("rollout.yaml:2:14: [0].maxRatio: must be at least 1 (got 0.5)");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: error-rate, alpha: often}"))
                .hasMessageContaining("[0].alpha: 'often' is not a number (or a percentage such as 0.1%)");
    }

    @Test
    void theJudgesOfOneAnalysisShareItsAlpha() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.05).track(Track.STABLE, 190, 0.005)
                .latency(Track.CANARY, 0, 0, 0.2, 0.4, 0.3, 0.1).latency(Track.STABLE, 0, 0, 0.2, 0.4, 0.3, 0.1);
        AnalysisRun run = new AnalysisRun(new AnalysisPolicy(Duration.ofSeconds(60), Duration.ofSeconds(60),
                List.of(judge("error-rate", Map.of()), latencyJudge()), 0, 0, 4, OnInconclusive.PAUSE));
        AnalysisRound round = run.evaluate(at(backend, 60));
        assertThat(round.results().get(0).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(round.results().get(0).message()).contains(">= 400 (alpha 1 % for the analysis' 2 judges, shared "
                + "with the canary's pods)");
    }

    @Test
    void theRunWaitsForEvidenceAndRollsBackOnAProvenRegressionAtOnce() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.005).track(Track.STABLE, 190, 0.005);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        // inconclusiveLimit 0 and failureLimit 3: neither applies to the judge.
        AnalysisRun run = new AnalysisRun(new AnalysisPolicy(Duration.ofSeconds(10), Duration.ofSeconds(10),
                List.of(check), 3, 0, 4, OnInconclusive.ROLLBACK));
        AnalysisRound waiting = run.evaluate(at(backend, 10));
        assertThat(waiting.results()).singleElement().extracting(CheckResult::verdict).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(waiting.action()).isEqualTo(AnalysisRound.Action.WAITING);
        assertThat(run.evaluate(at(backend, 20)).action()).isEqualTo(AnalysisRound.Action.WAITING);

        backend.track(Track.CANARY, 10, 0.2);
        AnalysisRound failed = run.evaluate(at(backend, 40));
        assertThat(failed.action()).isEqualTo(AnalysisRound.Action.ROLLBACK);
        assertThat(failed.trigger().check()).isEqualTo("vs-stable");
        assertThat(failed.reason()).startsWith("check vs-stable failed: 5xx answers: canary ").doesNotContain("limit");
    }

    @Test
    void aThresholdListedFirstIsNamedWhenBothFailInOneRound() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.2).track(Track.STABLE, 190, 0.005);
        MetricProvider withRate = new MetricProvider() {
            @Override
            public MetricSample query(MetricQuery q) {
                return q.metric().equals("error-rate") ? MetricSample.of(q, 0.2, "rate") : backend.query(q);
            }

            @Override
            public Optional<RawCounters> rawCounters() {
                return backend.rawCounters();
            }
        };
        AnalysisRun run = new AnalysisRun(new AnalysisPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30),
                List.of(new ThresholdCheck("error-rate", "error-rate", 0.01, true, Track.CANARY, Map.of()),
                        judge("error-rate", Map.of())), 0, 0, 4, OnInconclusive.PAUSE));
        AnalysisRound round = run.evaluate(at(withRate, 30));
        assertThat(round.results()).extracting(CheckResult::verdict).containsExactly(Verdict.FAIL, Verdict.FAIL);
        assertThat(round.trigger().check()).isEqualTo("error-rate");
    }

    @Test
    void theDefaultJudgeIsAddedOnceAfterTheSpecsOwnChecks() {
        AnalysisPolicy none = AnalysisPolicy.none().withDefaultJudge();
        assertThat(none.checks()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("errors-vs-stable");
            assertThat(c.kind()).isEqualTo("sequential-judge");
            assertThat(c.metric()).isEqualTo("error-rate");
            assertThat(((SequentialJudgeCheck) c).settings()).isEqualTo(JudgeSettings.defaults());
        });
        assertThat(none.withDefaultJudge()).isSameAs(none);

        AnalysisPolicy own = new AnalysisPolicy(Duration.ofSeconds(10), Duration.ofSeconds(20),
                parse("- {name: mine, judge: sequential, metric: error-rate, maxRatio: 2}"), 1, 2, 3,
                OnInconclusive.ROLLBACK);
        assertThat(own.withDefaultJudge()).isSameAs(own);
        AnalysisPolicy named = new AnalysisPolicy(Duration.ofSeconds(10), Duration.ofSeconds(20),
                parse("- {name: errors-vs-stable, metric: error-rate, max: 1%}"), 1, 2, 3, OnInconclusive.ROLLBACK);
        assertThat(named.withDefaultJudge()).isSameAs(named);

        AnalysisPolicy latencyOnly = new AnalysisPolicy(Duration.ofSeconds(10), Duration.ofSeconds(20),
                parse("- {name: slow, judge: sequential, metric: p95-latency}"), 1, 2, 3, OnInconclusive.ROLLBACK,
                Duration.ofSeconds(45));
        AnalysisPolicy added = latencyOnly.withDefaultJudge();
        assertThat(added.checks()).extracting(Check::name).containsExactly("slow", "errors-vs-stable");
        assertThat(added).usingRecursiveComparison().ignoringFields("checks").isEqualTo(latencyOnly);
    }
}
