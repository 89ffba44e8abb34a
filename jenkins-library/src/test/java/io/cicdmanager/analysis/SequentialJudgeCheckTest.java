package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.config.ConfigException;
import io.cicdmanager.config.ConfigReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The judge as a check: what it asks the backend, over which windows, and what it reports. */
class SequentialJudgeCheckTest {
    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
    private static final Map<String, String> VARIABLES = Map.of("namespace", "prod", "service", "shop");

    /**
     * A backend whose tracks serve requests at fixed rates per second with fixed shares of 5xx and of slow ones,
     * answering counts for the query's window and remembering every query; {@code missing} metrics have no data.
     */
    static final class Counter implements MetricProvider {
        final List<MetricQuery> queries = new ArrayList<>();
        final Map<Track, double[]> tracks = new HashMap<>();
        final List<String> missing = new ArrayList<>();
        boolean down;

        Counter track(Track track, double rps, double errorShare, double slowShare) {
            tracks.put(track, new double[] {rps, errorShare, slowShare});
            return this;
        }

        @Override
        public MetricSample query(MetricQuery q) {
            queries.add(q);
            if (down) {
                throw new DependencyUnreachableException("Prometheus at http://prom:9090 is unreachable");
            }
            if (missing.contains(q.metric() + "/" + q.track().label())) {
                return MetricSample.noData(q, "sum(increase(x{track=\"" + q.track().label() + "\"}))");
            }
            double[] t = tracks.get(q.track());
            double requests = t[0] * q.window().toMillis() / 1000.0;
            double value = switch (q.metric()) {
                case "request-count", "histogram-count" -> requests;
                case "error-count" -> requests * t[1];
                case "slow-count" -> requests * t[2];
                default -> throw new IllegalArgumentException(q.metric());
            };
            return MetricSample.of(q, value, "counter");
        }
    }

    private static AnalysisContext at(MetricProvider metrics, long seconds) {
        return new AnalysisContext(metrics, null, START.plusSeconds(seconds), Duration.ofMinutes(5), START, VARIABLES);
    }

    private static SequentialJudgeCheck judge(String metric, Map<String, String> variables) {
        return new SequentialJudgeCheck("vs-stable", metric, JudgeSettings.defaults(), variables);
    }

    @Test
    void aCanaryFailingTenTimesAsOftenFailsNamingBothRatesAndTheEvidence() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.05, 0).track(Track.STABLE, 190, 0.005, 0);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        CheckResult result = check.evaluate(at(backend, 60));
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.kind()).isEqualTo("sequential-judge");
        assertThat(result.value()).isEqualTo(0.05);
        assertThat(result.stableValue()).isEqualTo(0.005);
        // Within the margins: at most the larger of 1.5 × 0.5 % and 0.5 % + 0.1 points.
        assertThat(result.threshold()).isCloseTo(0.0075, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(result.message()).startsWith("5xx answers: canary 5 % (30/600) vs stable 0.5 % (57/11400): "
                + "worse than 1.5× and +0.1 points, evidence ").contains(">= 100 (alpha 1 %)");
        assertThat(check.accumulatesEvidence()).isTrue();
    }

    @Test
    void roundsCountTheTimeSinceTheLastRoundSoNoRequestCountsTwice() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.005, 0).track(Track.STABLE, 190, 0.005, 0);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        check.evaluate(at(backend, 30));
        check.evaluate(at(backend, 40));
        assertThat(backend.queries).extracting(MetricQuery::window).containsExactly(Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(backend.queries).extracting(MetricQuery::metric).startsWith("request-count", "error-count",
                "request-count", "error-count");
        assertThat(backend.queries.get(0).variables()).containsAllEntriesOf(VARIABLES);

        // A round without data for a track adds nothing; the next one covers its time too.
        backend.missing.add("error-count/stable");
        CheckResult noData = check.evaluate(at(backend, 50));
        assertThat(noData.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(noData.message()).startsWith("5xx answers: no data for the stable track in the last 10s (sum(")
                .contains("so far canary 0.75 % (3/400) vs stable 0.51 % (39/7600)");
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
    void aNewCanaryStartsFromNoEvidence() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.05, 0).track(Track.STABLE, 190, 0.005, 0);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        assertThat(check.evaluate(at(backend, 60)).verdict()).isEqualTo(Verdict.FAIL);
        Instant later = START.plusSeconds(3600);
        CheckResult fresh = check.evaluate(new AnalysisContext(backend, null, later.plusSeconds(1), Duration.ofMinutes(1),
                later, VARIABLES));
        assertThat(fresh.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(fresh.message()).contains("canary 10 % (1/10) vs stable 0.53 % (1/190)");
    }

    @Test
    void latencyIsJudgedOnTheHistogramsOwnCountAndTheSlowRequestsAboveTheBound() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0, 0.40).track(Track.STABLE, 190, 0, 0.05);
        SequentialJudgeCheck check = judge("slow-count", Map.of("le", "0.25"));
        CheckResult result = check.evaluate(at(backend, 30));
        assertThat(backend.queries).extracting(MetricQuery::metric).containsExactly("histogram-count", "slow-count",
                "histogram-count", "slow-count");
        assertThat(backend.queries).allSatisfy(q -> assertThat(q.variables()).containsEntry("le", "0.25"));
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.metric()).isEqualTo("slow-count");
        assertThat(result.message()).startsWith("requests slower than 250 ms: canary 40 % (120/300) vs stable 5 % "
                + "(285/5700): worse than");
        assertThat(judge("slow-count", Map.of("le", "1.5")).evaluate(at(backend, 30)).message())
                .startsWith("requests slower than 1.50 s:");
    }

    @Test
    void anUnreachableBackendIsAnErrorAndItsTimeIsCountedLater() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.005, 0).track(Track.STABLE, 190, 0.005, 0);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        backend.down = true;
        CheckResult down = check.evaluate(at(backend, 30));
        assertThat(down.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(down.message()).isEqualTo("5xx answers could not be counted: Prometheus at http://prom:9090 is "
                + "unreachable");
        backend.down = false;
        backend.queries.clear();
        check.evaluate(at(backend, 40));
        assertThat(backend.queries).extracting(MetricQuery::window).containsOnly(Duration.ofSeconds(40));
    }

    @Test
    void theJudgeComparesErrorsOrSlowRequestsOnly() {
        assertThatThrownBy(() -> judge("p95-latency", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("error-rate or slow-count");
        assertThatThrownBy(() -> judge("slow-count", Map.of())).hasMessageContaining("needs the variable le");
    }

    private static List<Check> parse(String yaml) {
        return CheckParsers.standard().parse(ConfigReader.read(yaml, "rollout.yaml").asList());
    }

    @Test
    void theSpecNamesTheJudgeItsMetricAndItsMargins() {
        List<Check> checks = parse("""
                - {name: errors-vs-stable, judge: sequential, metric: error-rate, maxRatio: 1.25, maxIncrease: 0.2%, alpha: 0.05}
                - {name: latency-vs-stable, judge: sequential, metric: slow-count, le: 250ms}
                """);
        SequentialJudgeCheck errors = (SequentialJudgeCheck) checks.get(0);
        assertThat(errors.name()).isEqualTo("errors-vs-stable");
        assertThat(errors.metric()).isEqualTo("error-rate");
        assertThat(errors.settings()).isEqualTo(JudgeSettings.of(1.25, 0.002, 0.05));
        SequentialJudgeCheck latency = (SequentialJudgeCheck) checks.get(1);
        assertThat(latency.kind()).isEqualTo(SequentialJudgeCheck.KIND);
        assertThat(latency.settings()).isEqualTo(JudgeSettings.defaults());
        Counter backend = new Counter().track(Track.CANARY, 10, 0, 0.05).track(Track.STABLE, 190, 0, 0.05);
        latency.evaluate(at(backend, 30));
        assertThat(backend.queries.get(1).variables()).containsEntry("le", "0.25");
    }

    @Test
    void mistakesInTheSpecNameTheLineAndTheField() {
        assertThatThrownBy(() -> parse("- {name: x, judge: bayesian, metric: error-rate}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rollout.yaml:1:20: [0].judge: 'bayesian' is not a judge this build knows; the "
                        + "one there is: sequential");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: p95-latency}"))
                .hasMessageContaining("[0].metric: the judge compares error-rate (5xx answers) or slow-count");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: slow-count}"))
                .hasMessageContaining("slow-count needs le");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: error-rate, max: 1%}"))
                .hasMessageContaining("max");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: error-rate,\n   maxRatio: 0.5}"))
                .hasMessageContaining("rollout.yaml:2:14: [0].maxRatio: must be at least 1 (got 0.5)");
        assertThatThrownBy(() -> parse("- {name: x, judge: sequential, metric: error-rate, alpha: often}"))
                .hasMessageContaining("[0].alpha: 'often' is not a number (or a percentage such as 0.1%)");
    }

    @Test
    void theRunWaitsForEvidenceAndRollsBackOnAProvenRegressionAtOnce() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.005, 0).track(Track.STABLE, 190, 0.005, 0);
        SequentialJudgeCheck check = judge("error-rate", Map.of());
        // inconclusiveLimit 0 and failureLimit 3: neither applies to the judge.
        AnalysisRun run = new AnalysisRun(new AnalysisPolicy(Duration.ofSeconds(10), Duration.ofSeconds(10),
                List.of(check), 3, 0, 4, OnInconclusive.ROLLBACK));
        AnalysisRound waiting = run.evaluate(at(backend, 10));
        assertThat(waiting.results()).singleElement().extracting(CheckResult::verdict).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(waiting.action()).isEqualTo(AnalysisRound.Action.WAITING);
        assertThat(run.evaluate(at(backend, 20)).action()).isEqualTo(AnalysisRound.Action.WAITING);

        backend.track(Track.CANARY, 10, 0.2, 0);
        AnalysisRound failed = run.evaluate(at(backend, 40));
        assertThat(failed.action()).isEqualTo(AnalysisRound.Action.ROLLBACK);
        assertThat(failed.trigger().check()).isEqualTo("vs-stable");
        assertThat(failed.reason()).startsWith("check vs-stable failed: 5xx answers: canary ").doesNotContain("limit");
    }

    @Test
    void aThresholdListedFirstIsNamedWhenBothFailInOneRound() {
        Counter backend = new Counter().track(Track.CANARY, 10, 0.2, 0).track(Track.STABLE, 190, 0.005, 0);
        MetricProvider withRate = q -> q.metric().equals("error-rate") ? MetricSample.of(q, 0.2, "rate")
                : backend.query(q);
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
                parse("- {name: slow, judge: sequential, metric: slow-count, le: 1s}"), 1, 2, 3,
                OnInconclusive.ROLLBACK);
        AnalysisPolicy added = latencyOnly.withDefaultJudge();
        assertThat(added.checks()).extracting(Check::name).containsExactly("slow", "errors-vs-stable");
        assertThat(added).usingRecursiveComparison().ignoringFields("checks").isEqualTo(latencyOnly);
    }
}
