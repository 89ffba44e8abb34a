package io.cicdmanager.rollout;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.AnalysisContext;
import io.cicdmanager.analysis.AnalysisPolicy;
import io.cicdmanager.analysis.AnalysisRound;
import io.cicdmanager.analysis.AnalysisRun;
import io.cicdmanager.analysis.CheckParsers;
import io.cicdmanager.analysis.CheckResult;
import io.cicdmanager.analysis.OnInconclusive;
import io.cicdmanager.analysis.PodHealthSource;
import io.cicdmanager.analysis.SimulatedMetricProvider;
import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.analysis.SimulationScenario.Behaviour;
import io.cicdmanager.analysis.SimulationScenario.Change;
import io.cicdmanager.analysis.SimulationScenario.Event;
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
    /** The canary steps of the rollout issue's example spec. */
    public static final String DEFAULT_STEPS = "5,pause=15m,25,pause=15m,50,pause=15m";
    public static final Duration PROGRESS_DEADLINE = RolloutSpec.DEFAULT_PROGRESS_DEADLINE;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final double RPS = 200;
    private static final Behaviour HEALTHY = new Behaviour(0.005, 0.12, SimulationScenario.DEFAULT_SIGMA);

    /** A kind of traffic, healthy or not, built for one run's seed. */
    public record Scenario(String name, boolean bad, String description, LongFunction<SimulationScenario> build) {
    }

    /**
     * An analysis policy by name: its {@code analysis:} section as a spec would write it, and where that text came
     * from (for error messages).
     */
    public record Policy(String name, String description, String analysisYaml, String source) {
        /** A fresh policy: checks keep evidence, so every run needs its own. */
        public AnalysisPolicy parse() {
            ConfigNode node = ConfigReader.read(analysisYaml, source);
            return AnalysisPolicy.fromCanary(node, CheckParsers.standard());
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
     */
    public record Row(String policy, String scenario, boolean bad, int runs, int rollbacks, int promoted, int paused,
            Double medianSeconds, Double p95Seconds, Map<String, Integer> trippedBy) {
        public Row {
            trippedBy = Map.copyOf(trippedBy);
        }
    }

    public static List<Scenario> scenarios() {
        return List.of(
                steady("healthy", false, "0.5 % errors, P95 120 ms on both tracks", HEALTHY),
                steady("errors-2x", true, "canary 1 % errors", new Behaviour(0.01, 0.12, HEALTHY.sigma())),
                steady("errors-10x", true, "canary 5 % errors", new Behaviour(0.05, 0.12, HEALTHY.sigma())),
                steady("p95-2x", true, "canary P95 240 ms", new Behaviour(0.005, 0.24, HEALTHY.sigma())),
                steady("p95-3x", true, "canary P95 360 ms", new Behaviour(0.005, 0.36, HEALTHY.sigma())),
                new Scenario("low-traffic", false, "healthy at 2 requests/s in all",
                        seed -> new SimulationScenario(seed, 2, 0, HEALTHY, HEALTHY, List.of())),
                new Scenario("noisy-healthy", false, "healthy, with 30-s error storms (5 %) on both tracks in one "
                        + "minute of ten", DetectionBench::noisy));
    }

    private static Scenario steady(String name, boolean bad, String description, Behaviour canary) {
        return new Scenario(name, bad, description, seed -> new SimulationScenario(seed, RPS, 0, HEALTHY, canary,
                List.of()));
    }

    /** Storms start at a random second of one minute in ten, each run its own, and hit both tracks alike. */
    private static SimulationScenario noisy(long seed) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
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
        return new SimulationScenario(seed, RPS, 0, HEALTHY, HEALTHY, events);
    }

    public static List<Policy> policies() {
        String thresholds = """
                  - {name: error-rate, metric: error-rate, max: 1%, confidence: 0}
                  - {name: p95-latency, metric: p95-latency, max: 1s}
                """;
        return List.of(
                policy("ours", "sequential judge on 5xx and on requests slower than 100 ms, every 10 s", """
                        interval: 10s
                        checks:
                          - {name: errors-vs-stable, judge: sequential, metric: error-rate}
                          - {name: latency-vs-stable, judge: sequential, metric: slow-count, le: 100ms}
                        """),
                policy("seed", "15-min windows, error rate > 1 %, P95 > 1 s", "interval: 15m\nchecks:\n"
                        + thresholds),
                policy("flagger-1", "every 1 min, threshold 1 (first failed check)", """
                        interval: 1m
                        failureLimit: 0
                        inconclusiveLimit: 0
                        onInconclusive: rollback
                        checks:
                        """ + thresholds),
                policy("flagger-10", "every 1 min, threshold 10", """
                        interval: 1m
                        failureLimit: 9
                        inconclusiveLimit: 9
                        onInconclusive: rollback
                        checks:
                        """ + thresholds),
                policy("argo", "every 5 min, failureLimit 3", """
                        interval: 5m
                        failureLimit: 3
                        checks:
                        """ + thresholds));
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
            Outcome outcome = run(policy.parse(), scenario.build().apply(seed + run));
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
        if (!seconds.isEmpty()) {
            AbortLatencyBench.Result times = new AbortLatencyBench.Result(seconds.stream().mapToDouble(d -> d)
                    .toArray());
            median = times.percentile(50);
            p95 = times.percentile(95);
        }
        return new Row(policy.name(), scenario.name(), scenario.bad(), runs, seconds.size(), promoted, paused, median,
                p95, trippedBy);
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
        private Instant nextAnalysisAt;
        private AnalysisRound lastRound;

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
                            "bench")));
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
            return new Outcome(Ending.ROLLED_BACK, seconds(), trigger == null ? "progressDeadline" : trigger.check());
        }

        private long seconds() {
            return canaryStartedAt == null ? 0 : Duration.between(canaryStartedAt, time.now()).toSeconds();
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
