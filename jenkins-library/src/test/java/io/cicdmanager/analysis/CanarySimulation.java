package io.cicdmanager.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Canary analyses simulated as counts, for the judge's statistical tests: each interval draws both tracks' requests
 * (Poisson around the traffic split), and their bad requests, from a seeded sampler, and feeds the real
 * {@link SequentialJudge}. Runs are independent and reproducible.
 */
final class CanarySimulation {
    static final int INTERVAL_SECONDS = 10;
    static final double RPS = 200;

    /** One track's counts for one interval; {@code t} counts intervals from 0. */
    interface Track {
        RequestCounts draw(CountSampler sampler, int t, double requestsMean, double burst);
    }

    /** Bernoulli failures: every request fails with the rate, independently. */
    static Track bernoulli(double rate) {
        return (s, t, mean, burst) -> {
            long n = s.requests(mean);
            return new RequestCounts(n, s.binomial(n, Math.min(1, rate * burst)));
        };
    }

    /**
     * Failures in bursts: bursts start at the rate divided by their mean size and each fails a geometric number of
     * requests of mean {@code size} (a client retrying a failing call), so the count's variance is 2·size − 1 times
     * its mean.
     */
    static Track bursts(double rate, double size) {
        return (s, t, mean, burst) -> {
            long n = s.requests(mean);
            long clusters = s.poisson(n * rate * burst / size);
            long bad = 0;
            for (long c = 0; c < clusters; c++) {
                bad += s.geometric(size);
            }
            return new RequestCounts(n, Math.min(n, bad));
        };
    }

    /** Poisson failures: the failure count is Poisson with mean requests × rate (the judge's exact model). */
    static Track poisson(double rate) {
        return (s, t, mean, burst) -> {
            long n = s.requests(mean);
            return new RequestCounts(n, Math.min(n, s.poisson(n * rate * burst)));
        };
    }

    /** Behaves like {@code before} until interval {@code at}, then like {@code after}. */
    static Track changing(Track before, int at, Track after) {
        return (s, t, mean, burst) -> (t < at ? before : after).draw(s, t, mean, burst);
    }

    /**
     * The canary's share of traffic per interval: the default steps (5 %, 25 %, 50 %, 15 minutes each, then 50 %),
     * or, with {@code jitter}, a share that also moves at random between 1 % and 60 % now and then.
     */
    static double weight(int t, boolean jitter, CountSampler s) {
        double step = switch (Math.min(2, t * INTERVAL_SECONDS / 900)) {
            case 0 -> 0.05;
            case 1 -> 0.25;
            default -> 0.5;
        };
        if (jitter && s.uniform() < 0.1) {
            return 0.01 + 0.59 * s.uniform();
        }
        return step;
    }

    /**
     * A scenario: both tracks, whether the split jitters, and common-mode noise: {@code burstiness} &gt; 0 draws,
     * each interval, a traffic factor and an error factor shared by both tracks (log-normal with that spread, and
     * one interval in twenty an error storm ten times the usual rate), so that counts are overdispersed.
     */
    record Scenario(String name, Track canary, Track stable, boolean jitter, double burstiness, double rps,
            double canaryNoise, double stableNoise) {
        Scenario(String name, Track canary, Track stable, boolean jitter, double burstiness) {
            this(name, canary, stable, jitter, burstiness, RPS, 0, 0);
        }

        Scenario(String name, Track canary, Track stable, boolean jitter, double burstiness, double rps) {
            this(name, canary, stable, jitter, burstiness, rps, 0, 0);
        }

        /**
         * The same with each track's error rate wandering on its own every interval: a log-normal factor of mean 1
         * and the given sigma.
         */
        Scenario withNoise(double canarySigma, double stableSigma) {
            return new Scenario(name, canary, stable, jitter, burstiness, rps, canarySigma, stableSigma);
        }
    }

    /** Intervals of the stable track alone before the canary: the history the check gives the judge first. */
    static final int HISTORY = 120;

    /**
     * When each run's verdict first became FAIL and first became PASS, in intervals from 1 (0: never), and how many
     * runs were still INCONCLUSIVE at the end.
     */
    record Outcome(int[] firstFail, int[] firstPass, int inconclusiveAtEnd) {
        int failures() {
            return (int) Arrays.stream(firstFail).filter(t -> t > 0).count();
        }

        int passes() {
            return (int) Arrays.stream(firstPass).filter(t -> t > 0).count();
        }

        /** Seconds from the canary's first traffic to the first FAIL, over the runs that failed, sorted. */
        double[] failSeconds() {
            return Arrays.stream(firstFail).filter(t -> t > 0).mapToDouble(t -> t * (double) INTERVAL_SECONDS)
                    .sorted().toArray();
        }

        double medianFailSeconds() {
            double[] s = failSeconds();
            return s.length == 0 ? Double.NaN : s[(s.length - 1) / 2];
        }

        double quantileFailSeconds(double q) {
            double[] s = failSeconds();
            return s.length == 0 ? Double.NaN : s[(int) Math.ceil(q * s.length) - 1];
        }
    }

    private CanarySimulation() {
    }

    /** A log-normal factor of mean 1 and spread {@code sigma}; 1 without drawing for sigma 0. */
    static double noise(CountSampler s, double sigma) {
        return sigma > 0 ? Math.exp(sigma * s.gaussian() - sigma * sigma / 2) : 1;
    }

    /**
     * Runs the scenario {@code runs} times for up to {@code horizon} intervals. Each run has its own sampler seeded
     * from {@code seed} and its index, so runs may go in parallel and the outcome is the same every time.
     */
    static Outcome run(Scenario scenario, JudgeSettings settings, long seed, int runs, int horizon,
            boolean stopAtFail) {
        int[] firstFail = new int[runs];
        int[] firstPass = new int[runs];
        int[] inconclusive = new int[runs];
        IntStream.range(0, runs).parallel().forEach(r -> {
            CountSampler s = new CountSampler(seed * 1_000_003L + r);
            SequentialJudge judge = new SequentialJudge(settings);
            // As the check does: ten minutes of the stable track alone, in 5-s windows, before the first round.
            List<TrackCounts> history = new ArrayList<>();
            for (int h = 0; h < HISTORY; h++) {
                history.add(TrackCounts.of(scenario.stable().draw(s, -1, scenario.rps() * 5,
                        noise(s, scenario.stableNoise()))));
            }
            judge.learn(history);
            for (int t = 0; t < horizon; t++) {
                double w = weight(t, scenario.jitter(), s);
                double traffic = 1;
                double errors = 1;
                if (scenario.burstiness() > 0) {
                    double sigma = scenario.burstiness();
                    traffic = Math.exp(sigma * s.gaussian() - sigma * sigma / 2);
                    errors = Math.exp(sigma * s.gaussian() - sigma * sigma / 2) * (s.uniform() < 0.05 ? 10 : 1);
                }
                double mean = scenario.rps() * INTERVAL_SECONDS * traffic;
                RequestCounts canary = scenario.canary().draw(s, t, mean * w, errors * noise(s, scenario.canaryNoise()));
                RequestCounts stable = scenario.stable().draw(s, t, mean * (1 - w), errors
                        * noise(s, scenario.stableNoise()));
                Verdict d = judge.observe(canary, stable).decision();
                if (d == Verdict.FAIL && firstFail[r] == 0) {
                    firstFail[r] = t + 1;
                    if (stopAtFail) {
                        break;
                    }
                }
                if (d == Verdict.PASS && firstPass[r] == 0) {
                    firstPass[r] = t + 1;
                }
            }
            inconclusive[r] = judge.verdict().decision() == Verdict.INCONCLUSIVE ? 1 : 0;
        });
        return new Outcome(firstFail, firstPass, Arrays.stream(inconclusive).sum());
    }

    /**
     * The largest number of events among {@code runs} that is still unsurprising at probability {@code p} each:
     * the count k with P(Binomial(runs, p) ≥ k+1) ≤ {@code surprise}. A measured false-alarm count above it
     * refutes "the rate is at most p" at that level.
     */
    static int binomialUpperLimit(int runs, double p, double surprise) {
        double[] logPmf = new double[runs + 1];
        for (int k = 0; k <= runs; k++) {
            logPmf[k] = logChoose(runs, k) + k * Math.log(p) + (runs - k) * Math.log1p(-p);
        }
        double tail = 0;
        for (int k = runs; k >= 0; k--) {
            double next = tail + Math.exp(logPmf[k]);
            if (next > surprise) {
                return k;
            }
            tail = next;
        }
        return 0;
    }

    private static double logChoose(int n, int k) {
        double sum = 0;
        for (int i = 1; i <= k; i++) {
            sum += Math.log(n - k + i) - Math.log(i);
        }
        return sum;
    }

    static String describe(String what, int events, int runs, double bound, int limit) {
        return String.format(Locale.ROOT, "%s: %d of %d runs (%.2f %%), bound %.2f %%, at most %d allowed by sampling",
                what, events, runs, 100.0 * events / runs, 100 * bound, limit);
    }

}
