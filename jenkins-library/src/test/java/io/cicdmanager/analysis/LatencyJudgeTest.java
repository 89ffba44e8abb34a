package io.cicdmanager.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The latency judge on histograms with the client libraries' default buckets (coarse: 100, 250, 500 ms around a
 * P95 of 120 ms): clear regressions fail, healthy canaries pass, and, seeded and measured, a P95 50 % higher is
 * caught within the three 15-minute steps while healthy canaries in bursty, wandering traffic are not failed more
 * often than alpha allows.
 */
class LatencyJudgeTest {
    private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
        Double.POSITIVE_INFINITY};
    private static final double Z95 = 1.6448536269514722;
    private static final int STEPS = 270;

    /** The share of answers in each bucket for log-normal latencies (sigma 0.5) with the given P95. */
    static double[] shares(double p95) {
        double mu = Math.log(p95) - Z95 * 0.5;
        double[] shares = new double[BOUNDS.length];
        double below = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            double cdf = i == BOUNDS.length - 1 ? 1 : LatencyTrack.normalCdf((Math.log(BOUNDS[i]) - mu) / 0.5);
            shares[i] = cdf - below;
            below = cdf;
        }
        return shares;
    }

    /**
     * One interval's histogram of {@code n} answers: multinomial over the buckets (sequential binomials), in bursts
     * of {@code burst} answers sharing one latency, with the slow tail scaled by {@code tailFactor}.
     */
    static CumulativeHistogram draw(CountSampler s, long n, double[] shares, int burst, double tailFactor) {
        double[] p = shares.clone();
        if (tailFactor != 1) {
            // Answers slower than the median get tailFactor times as likely, taken from the fastest.
            double moved = 0;
            for (int i = 6; i < p.length; i++) {
                moved += p[i] * (tailFactor - 1);
                p[i] *= tailFactor;
            }
            for (int i = 0; i < 6 && moved != 0; i++) {
                double take = Math.max(-p[i] * 5, Math.min(p[i], moved));
                p[i] -= take;
                moved -= take;
            }
        }
        long units = n / burst;
        double[] counts = new double[p.length];
        long left = units;
        double mass = 1;
        for (int i = 0; i < p.length && left > 0; i++) {
            long k = i == p.length - 1 ? left : s.binomial(left, Math.min(1, Math.max(0, p[i] / mass)));
            counts[i] = k * (double) burst;
            left -= k;
            mass -= p[i];
        }
        double[] cumulative = new double[counts.length];
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i];
            cumulative[i] = sum;
        }
        return CumulativeHistogram.of(BOUNDS, cumulative);
    }

    private static LatencyJudge.Histograms track(CumulativeHistogram h) {
        return new LatencyJudge.Histograms(h, Map.of("", h));
    }

    /** Runs that FAIL (and when, in intervals from 1) under the given canary and stable P95s and traffic shapes. */
    static int[] run(double canaryP95, double stableP95, int burst, double noise, int runs, long seed) {
        double[] canary = shares(canaryP95);
        double[] stable = shares(stableP95);
        int[] failedAt = new int[runs];
        IntStream.range(0, runs).parallel().forEach(r -> {
            CountSampler s = new CountSampler(seed * 1_000_003L + r);
            LatencyJudge judge = new LatencyJudge(LatencyJudgeSettings.defaults(0.95), 1, false);
            List<Map<String, CumulativeHistogram>> history = new ArrayList<>();
            for (int h = 0; h < 120; h++) {
                history.add(Map.of("", draw(s, s.requests(1000), stable, burst, CanarySimulation.noise(s, noise))));
            }
            judge.learn(history);
            for (int t = 0; t < STEPS; t++) {
                double w = CanarySimulation.weight(t, false, s);
                long n = s.requests(2000);
                long nc = Math.round(n * w);
                CumulativeHistogram c = draw(s, nc, canary, burst, CanarySimulation.noise(s, noise));
                CumulativeHistogram st = draw(s, n - nc, stable, burst, CanarySimulation.noise(s, noise));
                if (judge.observe(track(c), track(st)).decision() == Verdict.FAIL) {
                    failedAt[r] = t + 1;
                    return;
                }
            }
        });
        return failedAt;
    }

    @Test
    void aClearlySlowerCanaryFailsAndTheVerdictSaysWhatWasCompared() {
        LatencyJudge judge = new LatencyJudge(LatencyJudgeSettings.defaults(0.95), 1, false);
        CountSampler s = new CountSampler(1);
        LatencyVerdict first = judge.observe(track(draw(s, 100, shares(0.36), 1, 1)),
                track(draw(s, 1900, shares(0.12), 1, 1)));
        assertThat(first.decision()).as("no reference for the stable's P95 before the first interval")
                .isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(first.judged()).isZero();
        LatencyVerdict verdict = first;
        for (int i = 0; i < 20 && verdict.decision() != Verdict.FAIL; i++) {
            verdict = judge.observe(track(draw(s, 100, shares(0.36), 1, 1)), track(draw(s, 1900, shares(0.12), 1, 1)));
        }
        assertThat(verdict.decision()).isEqualTo(Verdict.FAIL);
        assertThat(verdict.canaryQuantile()).isGreaterThan(0.25);
        assertThat(verdict.stableQuantile()).isBetween(0.1, 0.25);
        assertThat(verdict.allowed()).isCloseTo(1.2 * verdict.stableQuantile(), within(1e-12));
        assertThat(verdict.canaryShare()).isGreaterThan(verdict.stableShare());
        assertThat(verdict.message()).matches("p95 canary \\d+ ms vs stable \\d+ ms \\(\\+\\d+ %\\): worse than \\+20 %: "
                + "[0-9.]+ % of its answers slower than the stable's p95 \\+20 %, against [0-9.]+ % of the stable's "
                + "slower than its p95; evidence \\S+ >= 100 \\(alpha 1 %\\)");
    }

    @Test
    void latenciesBeyondTheHighestBucketCarryNoEvidence() {
        LatencyJudge judge = new LatencyJudge(LatencyJudgeSettings.defaults(0.95), 1, false);
        CountSampler s = new CountSampler(2);
        for (int i = 0; i < 30; i++) {
            judge.observe(track(draw(s, 100, shares(60), 1, 1)), track(draw(s, 1900, shares(30), 1, 1)));
        }
        assertThat(judge.verdict().decision()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(judge.verdict().judged()).isZero();
        assertThat(judge.verdict().stableQuantile()).isEqualTo(10);
    }

    @Test
    void anAbsoluteMarginAllowsThatMuchMore() {
        LatencyJudgeSettings plus50 = LatencyJudgeSettings.of(0.95, 1, 0.05, 0.01);
        assertThat(plus50.allowed(0.12)).isCloseTo(0.17, within(1e-12));
        assertThat(plus50.margins()).isEqualTo("+50 ms");
        assertThat(plus50.quantileName()).isEqualTo("p95");
        assertThat(LatencyJudgeSettings.defaults(0.99).quantileName()).isEqualTo("p99");
        // P95 from 120 to 160 ms: 33 % more, inside +50 ms; the judge lets it PASS, the default +20 % does not.
        CountSampler s = new CountSampler(3);
        LatencyJudge lenient = new LatencyJudge(plus50, 1, false);
        LatencyJudge strict = new LatencyJudge(LatencyJudgeSettings.defaults(0.95), 1, false);
        for (int i = 0; i < 200; i++) {
            CumulativeHistogram c = draw(s, 500, shares(0.16), 1, 1);
            CumulativeHistogram st = draw(s, 1500, shares(0.12), 1, 1);
            lenient.observe(track(c), track(st));
            strict.observe(track(c), track(st));
        }
        assertThat(lenient.verdict().decision()).isNotEqualTo(Verdict.FAIL);
        assertThat(strict.verdict().decision()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aFiftyPercentHigherP95IsCaughtWithinTheStepsOnDefaultBuckets() {
        int runs = 100;
        int[] failedAt = run(0.18, 0.12, 1, 0, runs, 5);
        long caught = IntStream.of(failedAt).filter(t -> t > 0).count();
        double median = IntStream.of(failedAt).filter(t -> t > 0).sorted().skip((caught - 1) / 2).findFirst()
                .orElse(0) * 10.0;
        System.out.println(String.format(Locale.ROOT, "p95 ×1.5 on default buckets: caught %d of %d, median %.0f s",
                caught, runs, median));
        assertThat(caught).isGreaterThanOrEqualTo(95);
    }

    @Test
    void healthyCanariesInBurstyWanderingTrafficAreRarelyFailed() {
        int runs = 300;
        for (int[] shape : new int[][] {{1, 0}, {5, 0}, {1, 5}, {5, 5}}) {
            int burst = shape[0];
            double noise = shape[1] / 10.0;
            int failures = (int) IntStream.of(run(0.12, 0.12, burst, noise, runs, 6 + burst + shape[1])).filter(t -> t > 0)
                    .count();
            int limit = CanarySimulation.binomialUpperLimit(runs, 0.01, 0.001);
            String line = CanarySimulation.describe("healthy latency, bursts of " + burst + ", noise " + noise + ": FAIL",
                    failures, runs, 0.01, limit);
            System.out.println(line);
            assertThat(failures).as(line).isLessThanOrEqualTo(limit);
        }
    }
}
