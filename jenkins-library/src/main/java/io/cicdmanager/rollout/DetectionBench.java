package io.cicdmanager.rollout;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.AnalysisContext;
import io.cicdmanager.analysis.AnalysisPolicy;
import io.cicdmanager.analysis.AnalysisRound;
import io.cicdmanager.analysis.AnalysisRun;
import io.cicdmanager.analysis.Check;
import io.cicdmanager.analysis.CheckParser;
import io.cicdmanager.analysis.CheckParsers;
import io.cicdmanager.analysis.CheckResult;
import io.cicdmanager.analysis.OnInconclusive;
import io.cicdmanager.analysis.PodHealthSource;
import io.cicdmanager.analysis.SimulatedMetricProvider;
import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.analysis.SimulationScenario.Behaviour;
import io.cicdmanager.analysis.SimulationScenario.Change;
import io.cicdmanager.analysis.SimulationScenario.Event;
import io.cicdmanager.analysis.SimulationScenario.Outlier;
import io.cicdmanager.analysis.SimulationScenario.Pods;
import io.cicdmanager.analysis.SimulationScenario.Shape;
import io.cicdmanager.analysis.SimulationScenario.Warmup;
import io.cicdmanager.analysis.Track;
import io.cicdmanager.analysis.Verdict;
import io.cicdmanager.analysis.WeightTimeline;
import io.cicdmanager.config.ConfigNode;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * How fast analysis policies roll a bad canary back and how often they roll a good one back: each scenario's
 * simulated traffic (the {@link SimulatedMetricProvider} of {@code cicd simulate}, seeded per run) through each
 * policy's checks, run by the engine's analysis loop on virtual time with the canary steps, the step waits, the
 * limits and the progress deadline as {@link RolloutEngine} applies them, but without the Kubernetes round trips,
 * so that thousands of 45-minute canaries take minutes.
 */
public final class DetectionBench {
    /** The default steps: those of the example rollout, docs/examples/rollout.yaml. */
    public static final String DEFAULT_STEPS = "5,pause=15m,25,pause=15m,50,pause=15m";
    public static final Duration PROGRESS_DEADLINE = RolloutSpec.DEFAULT_PROGRESS_DEADLINE;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final double RPS = 200;
    private static final Behaviour HEALTHY = new Behaviour(0.005, 0.12, SimulationScenario.DEFAULT_SIGMA);
    /** The pods of the scenarios that tell them apart: a canary on 3, the stable track on 9. */
    private static final int CANARY_PODS = 3;
    private static final int STABLE_PODS = 9;

    /**
     * A kind of traffic, built for one run's seed, and what a policy should do with it: {@code promote} (a rollback is
     * a false one) or {@code rollback} (a promotion, or a pause, is a miss).
     */
    public record Scenario(String name, String expect, String description, LongFunction<SimulationScenario> build) {
        public Scenario {
            if (!SimulationScenario.EXPECTATIONS.contains(expect)) {
                throw new IllegalArgumentException("a scenario expects promote or rollback, not " + expect);
            }
        }

        /** Whether the canary is bad: a rollback is what it should get. */
        public boolean bad() {
            return expect.equals("rollback");
        }
    }

    /**
     * An analysis policy by name: its {@code analysis:} section as a spec would write it, where that text came from
     * (for error messages), and how long after a failed check the tool it stands for takes traffic off the canary
     * (Flagger rolls back when its next interval starts).
     */
    public record Policy(String name, String description, String analysisYaml, String source, Duration rollbackDelay) {
        public Policy(String name, String description, String analysisYaml, String source) {
            this(name, description, analysisYaml, source, Duration.ZERO);
        }

        /** A fresh policy: checks keep evidence, so every run needs its own. */
        public AnalysisPolicy parse() {
            ConfigNode node = ConfigReader.read(analysisYaml, source);
            return AnalysisPolicy.fromCanary(node, CheckParsers.standard().with(new AnyOfParser()));
        }
    }

    /** How one run ended and, for a rollback, after how long and why. */
    public record Outcome(Ending ending, long seconds, String check) {
    }

    /** The three ways a run ends. */
    public enum Ending {
        /** Traffic back on stable by the analysis' decision. */
        ROLLED_BACK,
        /** Every step passed: the release became stable. */
        PROMOTED,
        /** Waiting for a person: paused on inconclusive results. */
        PAUSED
    }

    /**
     * The figures of one policy on one scenario; {@code trippedBy} counts the rollbacks by the check that caused
     * them (a baseline's rollback of a latency regression may be its error-rate check tripping on noise).
     * {@code medianSeconds} and {@code p95Seconds} are over the runs rolled back; {@code medianOfAllRuns} counts a
     * run not rolled back as never, so it is null when half the runs or more were not.
     */
    public record Row(String policy, String scenario, String expect, int runs, int rollbacks, int promoted,
            int paused, Double medianSeconds, Double p95Seconds, Double medianOfAllRuns,
            Map<String, Integer> trippedBy) {
        public Row {
            trippedBy = Map.copyOf(trippedBy);
        }

        public boolean bad() {
            return expect.equals("rollback");
        }

        /** On a healthy scenario, the share of runs rolled back; null on a bad one. */
        public Double falseRollbackRate() {
            return bad() ? null : rollbacks / (double) runs;
        }

        /** On a bad scenario, the share of runs not rolled back (promoted or waiting for a person); null on a healthy one. */
        public Double missRate() {
            return bad() ? (runs - rollbacks) / (double) runs : null;
        }
    }

    /** The seed of run {@code run}: mixed, so that no run's randomness is a shifted copy of another's. */
    public static long runSeed(long seed, int run) {
        return mix(mix(seed) + run * 0x9E3779B97F4A7C15L);
    }

    // SplitMix64's finaliser: consecutive inputs give unrelated outputs.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static List<Scenario> scenarios() {
        Behaviour errors2x = with(HEALTHY, 0.01, null);
        Behaviour errors10x = with(HEALTHY, 0.05, null);
        Behaviour p95x15 = with(HEALTHY, null, 0.18);
        Shape podsNamed = shape(1, 0, 0, null, new Pods(CANARY_PODS, STABLE_PODS, null), null);
        Shape bursty = shape(3, 0, 0, null, null, null);
        Shape noisyBoth = shape(1, 0.5, 0.5, null, null, null);
        Warmup warmup = new Warmup(Duration.ofSeconds(30), new Change(0.02, 0.24, null));
        Shape warming = shape(1, 0, 0, warmup, null, null);
        Shape scraped = shape(1, 0, 0, null, new Pods(CANARY_PODS, STABLE_PODS, null), Duration.ofSeconds(15));
        return List.of(
                steady("healthy", "promote", "0.5 % errors, P95 120 ms on both tracks", HEALTHY, Shape.INDEPENDENT),
                new Scenario("low-traffic", "promote", "healthy at 2 requests/s in all",
                        seed -> new SimulationScenario(seed, 2, 0, HEALTHY, HEALTHY, List.of(), Shape.INDEPENDENT,
                                "promote")),
                new Scenario("noisy-healthy", "promote", "healthy, with 30-s error storms (5 %) on both tracks in one "
                        + "minute of ten", DetectionBench::storms),
                steady("bursty-healthy", "promote", "healthy, failed and slow answers in bursts of mean size 3",
                        HEALTHY, bursty),
                steady("bursty5-healthy", "promote", "healthy, answers in bursts of mean size 5", HEALTHY,
                        shape(5, 0, 0, null, null, null)),
                steady("noisy-canary-healthy", "promote", "healthy, the canary's rates wander every 10 s "
                        + "(log-normal, sigma 0.5, mean 1)", HEALTHY, shape(1, 0, 0.5, null, null, null)),
                steady("noisy-both-healthy", "promote", "healthy, both tracks' rates wander every 10 s (sigma 0.5 "
                        + "each)", HEALTHY, noisyBoth),
                steady("warmup-healthy", "promote", "healthy, new canary pods answer 2 % errors at P95 240 ms for "
                        + "30 s", HEALTHY, warming),
                steady("stable-bad-pod", "promote", "healthy canary; one of 9 stable pods answers 5 % errors",
                        HEALTHY, shape(1, 0, 0, null, new Pods(CANARY_PODS, STABLE_PODS,
                                new Outlier(Track.STABLE, new Change(0.05, null, null))), null)),
                steady("scraped-healthy", "promote", "healthy, 3 canary and 9 stable pods scraped every 15 s",
                        HEALTHY, scraped),
                steady("errors-2x", "rollback", "canary 1 % errors", errors2x, Shape.INDEPENDENT),
                steady("errors-10x", "rollback", "canary 5 % errors", errors10x, Shape.INDEPENDENT),
                steady("p95-1.5x", "rollback", "canary P95 180 ms", p95x15, Shape.INDEPENDENT),
                steady("p95-2x", "rollback", "canary P95 240 ms", with(HEALTHY, null, 0.24), Shape.INDEPENDENT),
                steady("p95-3x", "rollback", "canary P95 360 ms", with(HEALTHY, null, 0.36), Shape.INDEPENDENT),
                steady("bursty-errors-10x", "rollback", "canary 5 % errors, in bursts of mean size 3", errors10x,
                        bursty),
                steady("bursty-errors-2x", "rollback", "canary 1 % errors, in bursts of mean size 3", errors2x,
                        bursty),
                steady("noisy-errors-10x", "rollback", "canary 5 % errors, rates wandering (sigma 0.5) on both "
                        + "tracks", errors10x, noisyBoth),
                steady("noisy-errors-2x", "rollback", "canary 1 % errors, rates wandering (sigma 0.5) on both tracks",
                        errors2x, noisyBoth),
                steady("noisy-p95-1.5x", "rollback", "canary P95 180 ms, rates wandering (sigma 0.5) on both "
                        + "tracks", p95x15, noisyBoth),
                steady("warmup-errors-10x", "rollback", "canary 5 % errors after a 30-s warm-up", errors10x,
                        warming),
                steady("bad-pod", "rollback", "one of 3 canary pods answers 20 % errors", HEALTHY,
                        shape(1, 0, 0, null, new Pods(CANARY_PODS, STABLE_PODS,
                                new Outlier(Track.CANARY, new Change(0.2, null, null))), null)),
                steady("scraped-errors-10x", "rollback", "canary 5 % errors, pods scraped every 15 s", errors10x,
                        scraped),
                steady("scraped-p95-1.5x", "rollback", "canary P95 180 ms, pods scraped every 15 s", p95x15,
                        scraped));
    }

    private static Behaviour with(Behaviour b, Double errorRate, Double p95) {
        return new Behaviour(errorRate == null ? b.errorRate() : errorRate, p95 == null ? b.p95Seconds() : p95,
                b.sigma());
    }

    private static Shape shape(double burst, double stableNoise, double canaryNoise, Warmup warmup, Pods pods,
            Duration scrapeInterval) {
        return new Shape(burst, stableNoise, canaryNoise, warmup, pods, scrapeInterval);
    }

    private static Scenario steady(String name, String expect, String description, Behaviour canary, Shape shape) {
        return new Scenario(name, expect, description, seed -> new SimulationScenario(seed, RPS, 0, HEALTHY, canary,
                List.of(), shape, expect));
    }

    /** Storms start at a random second of one minute in ten, each run its own, and hit both tracks alike. */
    private static SimulationScenario storms(long seed) {
        // A stream split off the run's own, not the run's seed shifted: the next run's storms are unrelated.
        SplittableRandom random = new SplittableRandom(seed).split();
        List<Event> events = new ArrayList<>();
        Change storm = new Change(0.05, null, null);
        Change calm = new Change(HEALTHY.errorRate(), null, null);
        for (int minute = 0; minute < 180; minute++) {
            if (random.nextDouble() < 0.1) {
                Duration at = Duration.ofSeconds(minute * 60L + random.nextInt(30));
                events.add(new Event(at, storm, storm, null, null, null, null, null, null));
                events.add(new Event(at.plusSeconds(30), calm, calm, null, null, null, null, null, null));
            }
        }
        return new SimulationScenario(seed, RPS, 0, HEALTHY, HEALTHY, events, Shape.INDEPENDENT, "promote");
    }

    /** A scenario from a file's scenario YAML, named after the file; it must say what it expects. */
    public static Scenario fromFile(String name, ConfigNode root) {
        SimulationScenario scenario = SimulationScenario.from(root);
        if (scenario.expect() == null) {
            throw root.error("a benchmark scenario must say what it expects: expect: promote (a rollback is a false "
                    + "one) or expect: rollback (a promotion is a miss)");
        }
        return new Scenario(name, scenario.expect(), "from " + root.source(), scenario::withSeed);
    }

    public static List<Policy> policies() {
        return List.of(ours("ours", 10, 0), ours("ours-60s", 60, 0), seed(0.01), flagger("flagger-1", 1, 0.01),
                flagger("flagger-10", 10, 0.01), argo(0.01));
    }

    /** The judges on 5xx and on P95 (+20 %) every {@code interval} seconds; alpha 0 keeps the default (1 %). */
    static Policy ours(String name, int interval, double alpha) {
        String a = alpha > 0 ? ", alpha: " + alpha : "";
        return new Policy(name, "sequential judges on 5xx and on P95 (+20 %), every " + interval + " s"
                + (alpha > 0 ? ", alpha " + percent(alpha) : ""), "interval: " + interval + "s\nchecks:\n"
                + "  - {name: errors-vs-stable, judge: sequential, metric: error-rate" + a + "}\n"
                + "  - {name: latency-vs-stable, judge: sequential, metric: p95-latency" + a + "}\n",
                "policy " + name, Duration.ZERO);
    }

    private static String seedChecks(double maxErrorRate) {
        return "checks:\n  - {name: error-rate, metric: error-rate, max: " + maxErrorRate + ", confidence: 0}\n"
                + "  - {name: p95-vs-stable, metric: p95-latency, maxRatioToStable: 3}\n";
    }

    /** The seed pipeline's rule: 15-minute windows, 5xx rate above {@code maxErrorRate} or P95 above 3× stable. */
    static Policy seed(double maxErrorRate) {
        return new Policy("seed", "15-min windows, 5xx rate > " + percent(maxErrorRate) + " or P95 > 3x stable",
                "interval: 15m\n" + seedChecks(maxErrorRate), "policy seed", Duration.ZERO);
    }

    /**
     * Flagger's built-in checks (request success rate at least 1 − {@code maxErrorRate}, P99 at most 500 ms) every
     * minute, one failed-check counter for both, rolled back at the interval after the {@code threshold}-th failure.
     */
    static Policy flagger(String name, int threshold, double maxErrorRate) {
        return new Policy(name, "every 1 min, success rate >= " + percent(1 - maxErrorRate) + " and P99 <= 500 ms, "
                + "threshold " + threshold + ", rolled back at the next interval", "interval: 1m\n"
                + "failureLimit: " + (threshold - 1) + "\ninconclusiveLimit: " + (threshold - 1) + "\n"
                + "onInconclusive: rollback\nchecks:\n  - name: flagger-checks\n    anyOf:\n"
                + "      - {name: request-success-rate, metric: error-rate, max: " + maxErrorRate + ", confidence: 0}\n"
                + "      - {name: request-duration, metric: p99-latency, max: 500ms}\n", "policy " + name,
                Duration.ofMinutes(1));
    }

    /** The {@code seed} policy's rules at Argo Rollouts' documented cadence: every 5 minutes, failureLimit 3. */
    static Policy argo(double maxErrorRate) {
        return new Policy("argo", "every 5 min, 5xx rate > " + percent(maxErrorRate) + " or P95 > 3x stable, "
                + "failureLimit 3",
                "interval: 5m\nfailureLimit: 3\n" + seedChecks(maxErrorRate), "policy argo", Duration.ZERO);
    }

    private static String percent(double fraction) {
        return java.math.BigDecimal.valueOf(fraction * 100).stripTrailingZeros().toPlainString() + " %";
    }

    /**
     * The policy's variants along its own dial, for a curve of false rollbacks against detection delay: alpha for
     * the judges, the error-rate threshold for the baselines. Empty for a policy of another name.
     */
    public static List<Policy> dial(Policy policy) {
        double[] alphas = {0.3, 0.1, 0.03, 0.01, 0.003, 0.001};
        double[] thresholds = {0.006, 0.008, 0.01, 0.015, 0.02, 0.03};
        List<Policy> variants = new ArrayList<>();
        switch (policy.name()) {
            case "ours" -> {
                for (double a : alphas) {
                    variants.add(ours("ours", 10, a));
                }
            }
            case "ours-60s" -> {
                for (double a : alphas) {
                    variants.add(ours("ours-60s", 60, a));
                }
            }
            case "seed" -> {
                for (double t : thresholds) {
                    variants.add(seed(t));
                }
            }
            case "flagger-1", "flagger-10" -> {
                for (double t : thresholds) {
                    variants.add(flagger(policy.name(), policy.name().equals("flagger-1") ? 1 : 10, t));
                }
            }
            case "argo" -> {
                for (double t : thresholds) {
                    variants.add(argo(t));
                }
            }
            default -> {
                // a policy from a file has no dial the benchmark knows
            }
        }
        return variants;
    }

    private static Policy policy(String name, String description, String yaml) {
        return new Policy(name, description, yaml, "policy " + name);
    }

    private final List<CanaryStep> steps;

    public DetectionBench(List<CanaryStep> steps) {
        this.steps = List.copyOf(steps);
    }

    /** Runs {@code runs} seeds of one scenario under one policy and sums them up. */
    public Row measure(Policy policy, Scenario scenario, int runs, long seed) throws InterruptedException {
        List<Double> seconds = new ArrayList<>();
        Map<String, Integer> trippedBy = new TreeMap<>();
        int promoted = 0;
        int paused = 0;
        for (int run = 0; run < runs; run++) {
            Outcome outcome = run(policy, scenario.build().apply(runSeed(seed, run)));
            switch (outcome.ending()) {
                case ROLLED_BACK -> {
                    seconds.add((double) outcome.seconds());
                    trippedBy.merge(outcome.check(), 1, Integer::sum);
                }
                case PROMOTED -> promoted++;
                case PAUSED -> paused++;
            }
        }
        Double median = null;
        Double p95 = null;
        Double ofAll = null;
        if (seconds.size() * 2 > runs) {
            List<Double> sorted = seconds.stream().sorted().toList();
            ofAll = runs % 2 == 1 ? sorted.get(runs / 2) : (sorted.get(runs / 2 - 1) + (runs / 2 < sorted.size()
                    ? sorted.get(runs / 2) : Double.POSITIVE_INFINITY)) / 2;
            if (ofAll.isInfinite()) {
                ofAll = null;
            }
        }
        if (!seconds.isEmpty()) {
            AbortLatencyBench.Result times = new AbortLatencyBench.Result(seconds.stream().mapToDouble(d -> d)
                    .toArray());
            median = times.percentile(50);
            p95 = times.percentile(95);
        }
        return new Row(policy.name(), scenario.name(), scenario.expect(), runs, seconds.size(), promoted, paused,
                median, p95, ofAll, trippedBy);
    }

    /** One canary under a policy, its rollbacks delayed as the tool it stands for delays them. */
    public Outcome run(Policy policy, SimulationScenario traffic) throws InterruptedException {
        Outcome outcome = run(policy.parse(), traffic);
        if (outcome.ending() == Ending.ROLLED_BACK && !policy.rollbackDelay().isZero()) {
            return new Outcome(outcome.ending(), outcome.seconds() + policy.rollbackDelay().toSeconds(),
                    outcome.check());
        }
        return outcome;
    }

    /** One canary from its first step to promotion, rollback or a pause, on virtual time. */
    public Outcome run(AnalysisPolicy policy, SimulationScenario traffic) throws InterruptedException {
        return new Replay(policy, traffic).run();
    }

    /** The engine's canary loop over one run's traffic: weights, analysis rounds, step waits, the deadline. */
    private final class Replay {
        private final AnalysisPolicy policy;
        private final AnalysisRun analysis;
        private final WeightTimeline weights = new WeightTimeline();
        private final VirtualTime time = new VirtualTime(START);
        private final SimulatedMetricProvider metrics;
        private Instant canaryStartedAt;
        private Instant weightRoseAt;
        private Instant nextAnalysisAt;
        private AnalysisRound lastRound;
        private int weight;

        Replay(AnalysisPolicy policy, SimulationScenario traffic) {
            this.policy = policy;
            this.analysis = new AnalysisRun(policy);
            this.metrics = new SimulatedMetricProvider(traffic, START, time.clock(), weights);
        }

        Outcome run() throws InterruptedException {
            for (CanaryStep step : steps) {
                Optional<Outcome> ended;
                if (step instanceof CanaryStep.SetWeight w) {
                    weights.set(time.now(), w.weight());
                    if (w.weight() > weight) {
                        weightRoseAt = time.now();
                    }
                    weight = w.weight();
                    if (w.weight() > 0 && canaryStartedAt == null) {
                        canaryStartedAt = time.now();
                        nextAnalysisAt = time.now().plus(policy.interval());
                    }
                    ended = Optional.empty();
                } else {
                    Duration duration = ((CanaryStep.Pause) step).duration();
                    if (duration == null) {
                        throw new IllegalArgumentException("a benchmark cannot wait for a person to promote: give "
                                + "every pause a duration");
                    }
                    ended = waitStep(duration);
                }
                if (ended.isPresent()) {
                    return ended.get();
                }
            }
            return waitStep(Duration.ZERO).orElseGet(() -> new Outcome(Ending.PROMOTED, 0, null));
        }

        /** As {@link RolloutEngine}'s step wait: rounds every interval; at the end, wait for passing. */
        private Optional<Outcome> waitStep(Duration duration) throws InterruptedException {
            Instant end = time.now().plus(duration);
            while (true) {
                if (canaryStartedAt != null && !time.now().isBefore(nextAnalysisAt)) {
                    nextAnalysisAt = time.now().plus(policy.interval());
                    AnalysisRound round = analysis.evaluate(new AnalysisContext(metrics, PodHealthSource.none(),
                            time.now(), policy.window(), canaryStartedAt, Map.of("namespace", "bench", "service",
                            "bench"), weightRoseAt, policy.initialDelay()));
                    lastRound = round;
                    if (round.action() == AnalysisRound.Action.ROLLBACK) {
                        return Optional.of(rolledBack(round.trigger()));
                    }
                    if (round.action() == AnalysisRound.Action.PAUSE) {
                        return Optional.of(new Outcome(Ending.PAUSED, seconds(), round.trigger().check()));
                    }
                }
                if (!time.now().isBefore(end)) {
                    boolean passing = canaryStartedAt == null || policy.isEmpty()
                            || lastRound != null && lastRound.action() == AnalysisRound.Action.PASSING;
                    if (passing) {
                        return Optional.empty();
                    }
                    if (Duration.between(end, time.now()).compareTo(PROGRESS_DEADLINE) > 0) {
                        Optional<CheckResult> waitingFor = lastRound == null ? Optional.empty()
                                : lastRound.results().stream().filter(r -> r.verdict() == Verdict.INCONCLUSIVE)
                                        .findFirst();
                        if (waitingFor.isPresent() && policy.onInconclusive() == OnInconclusive.PAUSE) {
                            return Optional.of(new Outcome(Ending.PAUSED, seconds(), waitingFor.get().check()));
                        }
                        return Optional.of(rolledBack(waitingFor.orElse(null)));
                    }
                }
                Instant next = nextAnalysisAt;
                if (time.now().isBefore(end) && (next == null || end.isBefore(next))) {
                    next = end;
                }
                time.sleep(Duration.between(time.now(), next));
            }
        }

        private Outcome rolledBack(CheckResult trigger) {
            String check = trigger == null ? "progressDeadline"
                    : trigger.kind().equals(AnyOf.KIND) ? trigger.metric() : trigger.check();
            return new Outcome(Ending.ROLLED_BACK, seconds(), check);
        }

        private long seconds() {
            return canaryStartedAt == null ? 0 : Duration.between(canaryStartedAt, time.now()).toSeconds();
        }
    }

    /**
     * Flagger's analysis as one check: every metric check each interval, and one failed check counted if any of them
     * failed or found no values (Flagger counts "no values found" as a failure). Its result's metric names the check
     * that failed, so that the benchmark can say what rolled a canary back.
     */
    static final class AnyOf implements Check {
        static final String KIND = "any-of";
        private final String name;
        private final List<Check> checks;

        AnyOf(String name, List<Check> checks) {
            this.name = name;
            this.checks = List.copyOf(checks);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public String metric() {
            return checks.get(0).metric();
        }

        @Override
        public CheckResult evaluate(AnalysisContext context) {
            List<String> passed = new ArrayList<>();
            for (Check check : checks) {
                CheckResult r = check.evaluate(context);
                if (r.verdict() != Verdict.PASS) {
                    return new CheckResult(name, KIND, r.check(), Verdict.FAIL, r.value(), r.stableValue(),
                            r.threshold(), r.comparison(), r.check() + " " + (r.verdict() == Verdict.FAIL ? "failed"
                                    : "found no values") + ": " + r.message(), r.figure());
                }
                passed.add(r.check());
            }
            return new CheckResult(name, KIND, metric(), Verdict.PASS, null, null, null, null, "passed: "
                    + String.join(", ", passed));
        }
    }

    /** Reads {@code {name, anyOf: [checks]}}, the benchmark's way to write Flagger's combined counter. */
    private static final class AnyOfParser implements CheckParser {
        @Override
        public boolean accepts(ConfigNode node) {
            return node.has("anyOf");
        }

        @Override
        public Check parse(ConfigNode node, String name) {
            node.allowOnly("name", "anyOf");
            return new AnyOf(name, CheckParsers.standard().parse(node.list("anyOf")));
        }
    }

    /** The policies and scenarios by name, in the order given; unknown names are refused with the known ones. */
    public static <T> List<T> select(List<T> all, List<String> names, Function<T, String> name,
            String what) {
        if (names == null || names.isEmpty()) {
            return all;
        }
        Map<String, T> byName = new LinkedHashMap<>();
        all.forEach(t -> byName.put(name.apply(t), t));
        List<T> chosen = new ArrayList<>();
        for (String n : names) {
            T t = byName.get(n.trim());
            if (t == null) {
                throw new UsageException("--" + what + ": '" + n + "' is not one of "
                        + String.join(", ", byName.keySet()));
            }
            chosen.add(t);
        }
        return chosen;
    }
}
