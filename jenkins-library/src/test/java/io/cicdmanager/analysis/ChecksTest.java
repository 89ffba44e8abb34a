package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.ConfigReader;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChecksTest {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    /** A provider answering from a table keyed by metric/track; absent means no data. */
    static MetricProvider table(Map<String, Double> values) {
        return q -> {
            Double v = values.get(q.metric() + "/" + q.track().label());
            return v == null ? MetricSample.noData(q, "table") : MetricSample.of(q, v, "table");
        };
    }

    static AnalysisContext context(MetricProvider metrics, PodHealthSource pods) {
        return new AnalysisContext(metrics, pods, NOW, Duration.ofSeconds(30), NOW.minusSeconds(60),
                Map.of("namespace", "prod", "service", "shop"));
    }

    static final MetricProvider DOWN = q -> {
        throw new DependencyUnreachableException("prometheus at http://prom:9090 is unreachable");
    };

    @Test
    void thresholdsPassFailAndNeverPassWithoutData() {
        ThresholdCheck max = new ThresholdCheck("p95", "p95-latency", 1.0, true, Track.CANARY, Map.of());
        assertThat(max.evaluate(context(table(Map.of("p95-latency/canary", 0.4)), null)).verdict()).isEqualTo(Verdict.PASS);
        CheckResult fail = max.evaluate(context(table(Map.of("p95-latency/canary", 1.5)), null));
        assertThat(fail.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(fail.value()).isEqualTo(1.5);
        assertThat(fail.threshold()).isEqualTo(1.0);
        assertThat(fail.message()).isEqualTo("p95-latency 1.50 s breaches <= 1.00 s");
        assertThat(max.evaluate(context(table(Map.of()), null)).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(max.evaluate(context(DOWN, null)).verdict()).isEqualTo(Verdict.ERROR);
        ThresholdCheck min = new ThresholdCheck("rps", "request-count", 100, false, Track.STABLE, Map.of());
        assertThat(min.evaluate(context(table(Map.of("request-count/stable", 50.0)), null)).verdict())
                .isEqualTo(Verdict.FAIL);
        assertThat(min.kind()).isEqualTo("threshold");
        assertThat(min.name()).isEqualTo("rps");
        assertThat(min.metric()).isEqualTo("request-count");
    }

    @Test
    void anErrorRateAboveItsBoundWithinNoisePassesAndSaysSo() {
        ThresholdCheck check = new ThresholdCheck("errors", "error-rate", 0.01, true, Track.CANARY, Map.of());
        Map<String, Double> fewErrors = Map.of("error-rate/canary", 3 / 288.0, "request-count/canary", 288.0,
                "error-count/canary", 3.0);
        CheckResult noise = check.evaluate(context(table(fewErrors), null));
        assertThat(noise.verdict()).isEqualTo(Verdict.PASS);
        assertThat(noise.message()).contains("3 of 288 requests").contains("within noise");
        Map<String, Double> manyErrors = Map.of("error-rate/canary", 15 / 300.0, "request-count/canary", 300.0,
                "error-count/canary", 15.0);
        assertThat(check.evaluate(context(table(manyErrors), null)).verdict()).isEqualTo(Verdict.FAIL);
        Map<String, Double> rateOnly = Map.of("error-rate/canary", 0.0104);
        assertThat(check.evaluate(context(table(rateOnly), null)).verdict()).isEqualTo(Verdict.FAIL);
        ThresholdCheck plain = new ThresholdCheck("errors", "error-rate", 0.01, true, Track.CANARY, Map.of(), 0);
        assertThat(plain.evaluate(context(table(fewErrors), null)).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void binomialTailsMatchKnownValues() {
        assertThat(BinomialTail.atLeast(0, 10, 0.5)).isEqualTo(1.0);
        assertThat(BinomialTail.atLeast(11, 10, 0.5)).isZero();
        assertThat(BinomialTail.atLeast(10, 10, 0.5)).isCloseTo(1 / 1024.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(BinomialTail.atLeast(1, 10, 0.0)).isZero();
        assertThat(BinomialTail.atLeast(1, 10, 1.0)).isEqualTo(1.0);
        // exact sums computed independently (Python, math.comb and math.lgamma)
        assertThat(BinomialTail.atLeast(3, 288, 0.01)).isCloseTo(0.5504247862464352,
                org.assertj.core.data.Offset.offset(1e-9));
        // large n uses Stirling's series
        assertThat(BinomialTail.atLeast(130, 10_000, 0.01)).isCloseTo(0.002175091348918592,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(BinomialTail.logFactorial(100)).isCloseTo(363.73937555556347, org.assertj.core.data.Offset.offset(1e-8));
    }

    @Test
    void ratioToStableComparesTracksOverTheSameWindow() {
        RatioToStableCheck check = new RatioToStableCheck("vs", "p95-latency", 3, Map.of());
        CheckResult ok = check.evaluate(context(table(Map.of("p95-latency/canary", 0.2, "p95-latency/stable", 0.1)), null));
        assertThat(ok.verdict()).isEqualTo(Verdict.PASS);
        assertThat(ok.value()).isEqualTo(2.0);
        assertThat(ok.stableValue()).isEqualTo(0.1);
        CheckResult bad = check.evaluate(context(table(Map.of("p95-latency/canary", 0.5, "p95-latency/stable", 0.1)), null));
        assertThat(bad.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(bad.message()).contains("5.00×").contains("exceeds 3.00×");
        assertThat(check.evaluate(context(table(Map.of("p95-latency/canary", 0.5)), null)).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(check.evaluate(context(table(Map.of("p95-latency/canary", 0.0, "p95-latency/stable", 0.0)), null))
                .verdict()).isEqualTo(Verdict.PASS);
        assertThat(check.evaluate(context(table(Map.of("p95-latency/canary", 0.1, "p95-latency/stable", 0.0)), null))
                .verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(check.evaluate(context(DOWN, null)).verdict()).isEqualTo(Verdict.ERROR);
        assertThat(check.kind()).isEqualTo("ratio-to-stable");
        assertThat(check.name()).isEqualTo("vs");
        assertThat(check.metric()).isEqualTo("p95-latency");
    }

    @Test
    void podHealthReadsReadinessRestartsAndCrashLoops() {
        PodHealthSource pods = track -> Optional.of(track == Track.CANARY ? new PodHealth(4, 3, 7, 1)
                : new PodHealth(4, 4, 0, 0));
        assertThat(new PodHealthCheck("r", "readiness-failures", 0.1, Track.CANARY).evaluate(context(null, pods)).value())
                .isEqualTo(0.25);
        assertThat(new PodHealthCheck("r", "readiness-failures", 0.1, Track.STABLE).evaluate(context(null, pods))
                .verdict()).isEqualTo(Verdict.PASS);
        assertThat(new PodHealthCheck("r", "restarts", 3, Track.CANARY).evaluate(context(null, pods)).verdict())
                .isEqualTo(Verdict.FAIL);
        CheckResult loops = new PodHealthCheck("c", "crash-loops", 0, Track.CANARY).evaluate(context(null, pods));
        assertThat(loops.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(loops.message()).contains("of 4 canary pods");
        assertThat(new PodHealthCheck("c", "crash-loops", 0, Track.CANARY).evaluate(context(null,
                PodHealthSource.none())).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThatThrownBy(() -> new PodHealthCheck("x", "cpu", 1, Track.CANARY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PodHealth(0, 0, 0, 0).readinessFailureRate()).isNaN();
    }

    @Test
    void firingAlertsFailAboveTheirMax() {
        FiringAlertsCheck check = new FiringAlertsCheck("alerts", "severity=\"critical\"", 0);
        Map<String, String> seen = new HashMap<>();
        MetricProvider two = q -> {
            seen.putAll(q.variables());
            return MetricSample.of(q, 2, "ALERTS");
        };
        CheckResult result = check.evaluate(context(two, null));
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(seen).containsEntry("selector", "severity=\"critical\"").containsEntry("namespace", "prod");
        assertThat(check.evaluate(context(table(Map.of()), null)).verdict()).isEqualTo(Verdict.PASS);
        assertThat(check.evaluate(context(DOWN, null)).verdict()).isEqualTo(Verdict.ERROR);
        assertThat(check.metric()).isEqualTo("firing-alerts");
        assertThat(check.kind()).isEqualTo("firing-alerts");
    }

    @Test
    void theRunAppliesArgosLimits() {
        Map<String, Double> values = new HashMap<>();
        MetricProvider metrics = table(values);
        AnalysisPolicy policy = new AnalysisPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30),
                List.of(new ThresholdCheck("p95", "p95-latency", 1.0, true, Track.CANARY, Map.of())), 1, 1, 2,
                OnInconclusive.PAUSE);
        AnalysisRun run = new AnalysisRun(policy);
        values.put("p95-latency/canary", 0.5);
        assertThat(run.evaluate(context(metrics, null)).action()).isEqualTo(AnalysisRound.Action.PASSING);
        values.put("p95-latency/canary", 2.0);
        assertThat(run.evaluate(context(metrics, null)).action()).as("first failure within the limit of 1")
                .isEqualTo(AnalysisRound.Action.WAITING);
        AnalysisRound second = run.evaluate(context(metrics, null));
        assertThat(second.action()).isEqualTo(AnalysisRound.Action.ROLLBACK);
        assertThat(second.trigger().check()).isEqualTo("p95");
        assertThat(second.reason()).contains("2 failed round(s), limit 1");
        assertThat(second.result("p95")).isPresent();
        assertThat(second.result("nope")).isEmpty();
        assertThat(second.tallies()).singleElement().satisfies(t -> {
            assertThat(t.passed()).isEqualTo(1);
            assertThat(t.failed()).isEqualTo(2);
        });

        AnalysisRun inconclusive = new AnalysisRun(policy);
        values.clear();
        assertThat(inconclusive.evaluate(context(metrics, null)).action()).isEqualTo(AnalysisRound.Action.WAITING);
        assertThat(inconclusive.evaluate(context(metrics, null)).action()).isEqualTo(AnalysisRound.Action.PAUSE);
        inconclusive.forgiveInconclusive();
        assertThat(inconclusive.evaluate(context(metrics, null)).action()).isEqualTo(AnalysisRound.Action.WAITING);

        AnalysisRun errors = new AnalysisRun(policy);
        errors.evaluate(context(DOWN, null));
        errors.evaluate(context(DOWN, null));
        AnalysisRound third = errors.evaluate(context(DOWN, null));
        assertThat(third.action()).isEqualTo(AnalysisRound.Action.ROLLBACK);
        assertThat(third.reason()).contains("3 rounds in a row");

        AnalysisRun rollbackOnInconclusive = new AnalysisRun(new AnalysisPolicy(policy.interval(), policy.window(),
                policy.checks(), 0, 0, 4, OnInconclusive.ROLLBACK));
        assertThat(rollbackOnInconclusive.evaluate(context(metrics, null)).action())
                .isEqualTo(AnalysisRound.Action.ROLLBACK);
    }

    @Test
    void aCheckThatThrowsIsAnErrorNotAPass() {
        Check broken = new Check() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public String kind() {
                return "custom";
            }

            @Override
            public String metric() {
                return "error-rate";
            }

            @Override
            public CheckResult evaluate(AnalysisContext context) {
                throw new IllegalStateException("bad template");
            }
        };
        AnalysisRound round = new AnalysisRun(new AnalysisPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1),
                List.of(broken), 0, 0, 4, OnInconclusive.PAUSE)).evaluate(context(null, null));
        assertThat(round.results()).singleElement().satisfies(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
            assertThat(r.message()).contains("bad template");
        });
        assertThat(round.action()).isEqualTo(AnalysisRound.Action.WAITING);
    }

    static List<Check> parse(String yaml) {
        return CheckParsers.standard().parse(ConfigReader.read(yaml, "spec.yaml").asList());
    }

    @Test
    void checksAreReadFromTheSpecWithUnitsAndValidated() {
        List<Check> checks = parse("""
                - {name: e, metric: error-rate, max: 1%}
                - {name: p, metric: p95-latency, max: 250ms}
                - {metric: p95-latency, maxRatioToStable: 3, name: r}
                - {metric: readiness-failures, max: 10%}
                - {metric: restarts}
                - {metric: firing-alerts}
                - {name: slow, metric: slow-count, le: 500ms, max: 10, track: stable, confidence: 0}
                """);
        assertThat(checks).extracting(Check::kind).containsExactly("threshold", "threshold", "ratio-to-stable",
                "pod-health", "pod-health", "firing-alerts", "threshold");
        assertThat(checks).extracting(Check::name).containsExactly("e", "p", "r", "readiness-failures", "restarts",
                "firing-alerts", "slow");
        assertThat(CheckParsers.standard().with(new CheckParser() {
            @Override
            public boolean accepts(io.cicdmanager.config.ConfigNode node) {
                return node.has("judge");
            }

            @Override
            public Check parse(io.cicdmanager.config.ConfigNode node, String name) {
                return new FiringAlertsCheck(name, "x", 0);
            }
        }).parse(ConfigReader.read("[{name: j, judge: sequential}]", "s").asList())).singleElement()
                .extracting(Check::name).isEqualTo("j");
    }

    @Test
    void badChecksNameTheFieldAndWhatIsRight() {
        assertThatThrownBy(() -> parse("- {metric: cpu, max: 1}")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("spec.yaml:1").hasMessageContaining("[0].metric: 'cpu' is not a metric");
        assertThatThrownBy(() -> parse("- {metric: error-rate, max: 1, min: 0}")).hasMessageContaining("not both");
        assertThatThrownBy(() -> parse("- {metric: error-rate, max: lots}")).hasMessageContaining("'lots' is not a number");
        assertThatThrownBy(() -> parse("- {metric: error-rate, max: -1}")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> parse("- {metric: error-rate, max: 1%, confidence: 2}"))
                .hasMessageContaining("confidence");
        assertThatThrownBy(() -> parse("- {metric: p95-latency, maxRatioToStable: 0}")).hasMessageContaining("more than 0");
        assertThatThrownBy(() -> parse("- {metric: slow-count, max: 3}")).hasMessageContaining("needs le");
        assertThatThrownBy(() -> parse("- {metric: error-rate}")).hasMessageContaining("is not a check this build knows");
        assertThatThrownBy(() -> parse("- {name: a, metric: error-rate, max: 1}\n- {name: a, metric: p95-latency, max: 1}"))
                .hasMessageContaining("names two checks");
        assertThatThrownBy(() -> parse("- just-a-string")).hasMessageContaining("must be a map");
        assertThatThrownBy(() -> parse("- {max: 1}")).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> parse("- {metric: firing-alerts, selector: ' '}")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> parse("- {metric: error-rate, max: 1x%}")).hasMessageContaining("not a percentage");
        assertThatThrownBy(() -> parse("- {metric: error-rate, max: 1, colour: red}"))
                .hasMessageContaining("unknown field");
    }

    @Test
    void analysisSectionsHaveArgosDefaults() {
        AnalysisPolicy p = AnalysisPolicy.from(ConfigReader.read("checks: [{metric: error-rate, max: 1%}]", "s"),
                CheckParsers.standard());
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.window()).isEqualTo(p.interval());
        assertThat(p.failureLimit()).isZero();
        assertThat(p.inconclusiveLimit()).isZero();
        assertThat(p.consecutiveErrorLimit()).isEqualTo(4);
        assertThat(p.onInconclusive()).isEqualTo(OnInconclusive.PAUSE);
        assertThat(AnalysisPolicy.none().isEmpty()).isTrue();
        assertThatThrownBy(() -> AnalysisPolicy.from(ConfigReader.read("interval: 10ms", "s"), CheckParsers.standard()))
                .hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> AnalysisPolicy.from(ConfigReader.read("window: 10ms", "s"), CheckParsers.standard()))
                .hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> AnalysisPolicy.from(ConfigReader.read("failureLimit: -1", "s"), CheckParsers.standard()))
                .hasMessageContaining("0 or more");
        assertThatThrownBy(() -> AnalysisPolicy.from(ConfigReader.read("onInconclusive: panic", "s"),
                CheckParsers.standard())).hasMessageContaining("pause, rollback");
    }

    @Test
    void numbersArePrintedForPeople() {
        assertThat(MetricFormat.format("error-rate", 0.0123)).isEqualTo("1.23 %");
        assertThat(MetricFormat.format("p95-latency", 0.1234)).isEqualTo("123 ms");
        assertThat(MetricFormat.format("p99-latency", 2.5)).isEqualTo("2.50 s");
        assertThat(MetricFormat.format("restarts", 3.0)).isEqualTo("3");
        assertThat(MetricFormat.format("request-count", 2.25)).isEqualTo("2.250");
        assertThat(MetricFormat.format("error-rate", null)).isEqualTo("no data");
        assertThat(MetricFormat.format("error-rate", Double.NaN)).isEqualTo("no data");
        assertThat(Track.CANARY.label()).isEqualTo("canary");
    }
}
