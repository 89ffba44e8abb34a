package io.cicdmanager.analysis;

import static io.cicdmanager.analysis.CanarySimulation.bernoulli;
import static io.cicdmanager.analysis.CanarySimulation.changing;
import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.analysis.CanarySimulation.Outcome;
import io.cicdmanager.analysis.CanarySimulation.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * How fast the judge stops bad canaries, at 200 requests per second with the canary on the default steps (5 %,
 * 25 %, 50 %, 15 minutes each) and a look every 10 s: every bad scenario must be caught within the 45 minutes,
 * and the median detection times are printed. Latency scenarios go through Prometheus-style histograms, counter
 * restarts included, and {@link CumulativeHistogram#slowerThan(double)}.
 */
class SequentialJudgePowerTest {
    private static final int RUNS = 300;
    private static final int STEPS = 270;
    private static final double STABLE_ERRORS = 0.005;

    private static Outcome detect(String name, Scenario scenario, JudgeSettings settings, long seed) {
        Outcome outcome = CanarySimulation.run(scenario, settings, seed, RUNS, STEPS, true);
        System.out.println(String.format(Locale.ROOT, "%s: FAIL in %d of %d runs, median %.0f s, P95 %.0f s", name,
                outcome.failures(), RUNS, outcome.medianFailSeconds(), outcome.quantileFailSeconds(0.95)));
        return outcome;
    }

    @Test
    void tenTimesTheErrorsAreStoppedWithinHalfAMinute() {
        Outcome outcome = detect("errors-10x", new Scenario("errors-10x", bernoulli(0.05), bernoulli(STABLE_ERRORS),
                false, 0), JudgeSettings.defaults(), 21);
        assertThat(outcome.failures()).isEqualTo(RUNS);
        assertThat(outcome.medianFailSeconds()).isLessThanOrEqualTo(30);
        assertThat(outcome.quantileFailSeconds(0.95)).isLessThanOrEqualTo(60);
    }

    @Test
    void twiceTheErrorsAreStoppedWithinTheSteps() {
        Outcome outcome = detect("errors-2x", new Scenario("errors-2x", bernoulli(0.01), bernoulli(STABLE_ERRORS),
                false, 0), JudgeSettings.defaults(), 22);
        assertThat(outcome.failures()).isEqualTo(RUNS);
        assertThat(outcome.quantileFailSeconds(0.5)).isLessThan(STEPS * 10.0);
    }

    @Test
    void aCanaryThatTurnsBadLateIsStoppedAlmostAsFast() {
        // Healthy for 10 minutes, then ten times the errors: restarts keep the healthy start from hiding it.
        Scenario late = new Scenario("late-10x", changing(bernoulli(STABLE_ERRORS), 60, bernoulli(0.05)),
                bernoulli(STABLE_ERRORS), false, 0);
        Outcome outcome = detect("errors-10x after 10 minutes (time from the start)", late, JudgeSettings.defaults(), 23);
        assertThat(outcome.failures()).isEqualTo(RUNS);
        assertThat(outcome.medianFailSeconds() - 600).isLessThanOrEqualTo(60);
    }

    @Test
    void latencyRegressionsAreStoppedThroughSlowRequestCounts() {
        // Stable P95 120 ms; the judge counts requests slower than the 125 ms bucket (about 4 % of stable's).
        JudgeSettings settings = JudgeSettings.of(1.5, 0.01, 0.01);
        for (double factor : new double[] {2, 3}) {
            List<Double> seconds = new ArrayList<>();
            LatencyTrack stable = new LatencyTrack(0.120, 0.125);
            LatencyTrack canary = new LatencyTrack(0.120 * factor, 0.125);
            CountSampler sampler = new CountSampler(24 + (long) factor);
            for (int r = 0; r < RUNS; r++) {
                SequentialJudge judge = new SequentialJudge(settings);
                stable.restart();
                canary.restart();
                List<TrackCounts> history = new ArrayList<>();
                for (int h = 0; h < CanarySimulation.HISTORY; h++) {
                    history.add(TrackCounts.of(stable.scrape(sampler, sampler.requests(CanarySimulation.RPS * 5),
                            false)));
                }
                judge.learn(history);
                for (int t = 0; t < STEPS; t++) {
                    double w = CanarySimulation.weight(t, false, sampler);
                    double mean = CanarySimulation.RPS * CanarySimulation.INTERVAL_SECONDS;
                    // The canary's pods restart in every run before the third scrape.
                    RequestCounts c = canary.scrape(sampler, sampler.requests(mean * w), t == 2);
                    RequestCounts s = stable.scrape(sampler, sampler.requests(mean * (1 - w)), false);
                    if (judge.observe(c, s).decision() == Verdict.FAIL) {
                        seconds.add((t + 1) * (double) CanarySimulation.INTERVAL_SECONDS);
                        break;
                    }
                }
            }
            seconds.sort(null);
            double median = seconds.isEmpty() ? Double.NaN : seconds.get((seconds.size() - 1) / 2);
            System.out.println(String.format(Locale.ROOT, "p95-%.0fx: FAIL in %d of %d runs, median %.0f s, P95 %.0f s",
                    factor, seconds.size(), RUNS, median, seconds.isEmpty() ? Double.NaN
                            : seconds.get((int) Math.ceil(0.95 * seconds.size()) - 1)));
            assertThat(seconds).hasSize(RUNS);
            assertThat(median).isLessThanOrEqualTo(30);
        }
    }
}
