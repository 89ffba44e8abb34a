package io.cicdmanager.analysis;

import io.cicdmanager.config.ConfigNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A rehearsal's world: total traffic, how each track behaves (error rate, P95 latency), whether each track's pods
 * pass their readiness probes, a seed, and events at virtual times that change the behaviour or the pods, take the
 * metrics backend down, fire alerts, or have an operator send a command. Read from the scenario YAML of
 * {@code cicd simulate}.
 *
 * @param previewRps requests per second that reach the canary's pods directly whatever the weight (smoke tests
 *                   against a blue-green preview), on top of its share of {@code rps}
 * @param shape      how the traffic departs from independent requests: bursts, noise, warm-up, pods, scrapes
 * @param expect     for the detection benchmark: {@code promote} (a rollback is a false one) or {@code rollback} (a
 *                   promotion is a miss); null where the scenario does not say
 * @param stablePods the health of the stable version's pods (the image running before the release) at the start
 * @param canaryPods the health of the release's pods wherever they run (the canary, the blue-green preview, a
 *                   rolling update's new ReplicaSet, the stable Deployment once promoted) at the start
 */
public record SimulationScenario(long seed, double rps, double previewRps, Behaviour stable, Behaviour canary,
        List<Event> events, Shape shape, String expect, PodHealth stablePods, PodHealth canaryPods) {

    /** The operator commands an event may send. */
    public static final List<String> COMMANDS = List.of("abort", "pause", "resume", "promote", "promote-full", "rollback");
    /** Spread of the log-normal latency distribution when the scenario gives none. */
    public static final double DEFAULT_SIGMA = 0.5;

    /** What a benchmark scenario may expect. */
    public static final List<String> EXPECTATIONS = List.of("promote", "rollback");

    public SimulationScenario {
        events = events.stream().sorted(Comparator.comparing(Event::at)).toList();
        stablePods = stablePods == null ? PodHealth.HEALTHY : stablePods;
        canaryPods = canaryPods == null ? PodHealth.HEALTHY : canaryPods;
    }

    /**
     * A scenario of independent requests on one healthy pod per track, counted exactly, expecting nothing.
     */
    public SimulationScenario(long seed, double rps, double previewRps, Behaviour stable, Behaviour canary,
            List<Event> events) {
        this(seed, rps, previewRps, stable, canary, events, Shape.INDEPENDENT, null);
    }

    /** A scenario whose pods are all healthy throughout. */
    public SimulationScenario(long seed, double rps, double previewRps, Behaviour stable, Behaviour canary,
            List<Event> events, Shape shape, String expect) {
        this(seed, rps, previewRps, stable, canary, events, shape, expect, PodHealth.HEALTHY, PodHealth.HEALTHY);
    }

    /** Independent requests counted exactly, expecting nothing, with these pods' health at the start. */
    public SimulationScenario(long seed, double rps, double previewRps, Behaviour stable, Behaviour canary,
            List<Event> events, PodHealth stablePods, PodHealth canaryPods) {
        this(seed, rps, previewRps, stable, canary, events, Shape.INDEPENDENT, null, stablePods, canaryPods);
    }

    /** The same traffic from another seed. */
    public SimulationScenario withSeed(long other) {
        return new SimulationScenario(other, rps, previewRps, stable, canary, events, shape, expect, stablePods,
                canaryPods);
    }

    /**
     * How production traffic departs from independent requests counted exactly.
     *
     * @param burst          mean size of the bursts (geometric) in which failed and slow answers come: a burst's
     *                       requests share one outcome, as a client's retries of one failing call do; 1 is none
     * @param stableNoise    the stable track's per-interval noise: every 10 s its error rate and its share of slow
     *                       answers are multiplied by a fresh log-normal factor of mean 1 and this sigma
     * @param canaryNoise    the same for the canary
     * @param warmup         how new canary pods behave in their first seconds, or null
     * @param pods           how many pods serve each track, one of them perhaps misbehaving; null: not told apart
     * @param scrapeInterval how often a Prometheus scrapes each pod (null: counts are exact); the provider then sees
     *                       the counters only at scrapes and answers as Prometheus' queries would
     */
    public record Shape(double burst, double stableNoise, double canaryNoise, Warmup warmup, Pods pods,
            Duration scrapeInterval) {
        public static final Shape INDEPENDENT = new Shape(1, 0, 0, null, null, null);

        public double noise(Track track) {
            return track == Track.STABLE ? stableNoise : canaryNoise;
        }
    }

    /** A new canary pod's behaviour for its first {@code duration}. */
    public record Warmup(Duration duration, Change behaviour) {
    }

    /** How many pods serve each track; {@code outlier}, if any, is the one that misbehaves. */
    public record Pods(int canary, int stable, Outlier outlier) {
        public int of(Track track) {
            return track == Track.STABLE ? stable : canary;
        }
    }

    /** One pod of {@code track} (its first) that behaves as {@code behaviour} says, whatever its track does. */
    public record Outlier(Track track, Change behaviour) {
    }

    /** How one track answers requests: the fraction that fail with a 5xx, and its latency distribution. */
    public record Behaviour(double errorRate, double p95Seconds, double sigma) {
        Behaviour with(Change change) {
            return new Behaviour(change.errorRate() != null ? change.errorRate() : errorRate,
                    change.p95Seconds() != null ? change.p95Seconds() : p95Seconds,
                    change.sigma() != null ? change.sigma() : sigma);
        }
    }

    /** A change to a track's behaviour; null fields stay as they were. */
    public record Change(Double errorRate, Double p95Seconds, Double sigma) {
    }

    /**
     * Whether a track's pods pass their readiness probes ({@code ready: false}: they never become ready) and whether
     * they crash ({@code crash: true}: they fail readiness and restart in a loop). What a real cluster would show,
     * as the simulated Deployment controller writes it onto the pods.
     */
    public record PodHealth(boolean ready, boolean crash) {
        public static final PodHealth HEALTHY = new PodHealth(true, false);

        /** Ready pods serve; crashing ones never do, whatever {@code ready} says. */
        public boolean serving() {
            return ready && !crash;
        }

        PodHealth with(PodHealthChange change) {
            if (change == null) {
                return this;
            }
            return new PodHealth(change.ready() != null ? change.ready() : ready,
                    change.crash() != null ? change.crash() : crash);
        }
    }

    /** A change to a track's pods; null fields stay as they were. */
    public record PodHealthChange(Boolean ready, Boolean crash) {
    }

    /**
     * Something that happens at {@code at} (virtual time from the start): a behaviour change, a traffic change,
     * the metrics backend going down or up, alerts firing, or an operator's command.
     */
    public record Event(Duration at, Change stable, Change canary, Double rps, Boolean providerUp, Integer alerts,
            String command, String by, String reason, PodHealthChange stablePods, PodHealthChange canaryPods) {

        /** An event that leaves the pods as they are. */
        public Event(Duration at, Change stable, Change canary, Double rps, Boolean providerUp, Integer alerts,
                String command, String by, String reason) {
            this(at, stable, canary, rps, providerUp, alerts, command, by, reason, null, null);
        }
    }

    /** The pods of {@code track} at {@code offset} from the start, every event up to it applied. */
    public PodHealth podsAt(Track track, Duration offset) {
        PodHealth pods = track == Track.CANARY ? canaryPods : stablePods;
        for (Event e : events) {
            if (e.at().compareTo(offset) > 0) {
                break;
            }
            PodHealthChange change = track == Track.CANARY ? e.canaryPods() : e.stablePods();
            if (change != null) {
                pods = pods.with(change);
            }
        }
        return pods;
    }

    public static SimulationScenario healthy(long seed, double rps) {
        Behaviour b = new Behaviour(0.005, 0.12, DEFAULT_SIGMA);
        return new SimulationScenario(seed, rps, 0, b, b, List.of());
    }

    private static final String[] TRACK_KEYS = {"errorRate", "p95", "sigma", "ready", "crash"};

    /** Reads and validates a scenario document. */
    public static SimulationScenario from(ConfigNode root) {
        root.allowOnly("seed", "traffic", "stable", "canary", "events", "expect", "pods", "prometheus");
        long seed = root.find("seed").map(n -> n.asDecimal().longValue()).orElse(1L);
        double rps = 200;
        double previewRps = 0;
        double burst = 1;
        if (root.has("traffic")) {
            ConfigNode traffic = root.get("traffic");
            traffic.allowOnly("rps", "previewRps", "burst");
            rps = nonNegative(traffic, "rps", 200);
            previewRps = nonNegative(traffic, "previewRps", 0);
            burst = traffic.number("burst", 1);
            if (burst < 1 || burst > 1000) {
                throw traffic.get("burst").error("must be a mean burst size from 1 (no bursts) to 1000");
            }
        }
        Behaviour base = new Behaviour(0.005, 0.12, DEFAULT_SIGMA);
        Behaviour stable = root.find("stable").map(n -> base.with(change(n, "noise"))).orElse(base);
        Behaviour canary = root.find("canary").map(n -> stable.with(change(n, "noise", "warmup"))).orElse(stable);
        Warmup warmup = root.find("canary").flatMap(n -> n.find("warmup")).map(SimulationScenario::warmup)
                .orElse(null);
        Shape shape = new Shape(burst, noise(root, "stable"), noise(root, "canary"), warmup,
                root.find("pods").map(SimulationScenario::pods).orElse(null),
                root.find("prometheus").map(SimulationScenario::scrapeInterval).orElse(null));
        String expect = root.optString("expect").map(String::trim).orElse(null);
        if (expect != null && !EXPECTATIONS.contains(expect)) {
            throw root.get("expect").error("'" + expect + "' is not one of " + String.join(", ", EXPECTATIONS)
                    + " (promote: a rollback is a false one; rollback: a promotion is a miss)");
        }
        PodHealth stablePods = root.find("stable").map(n -> PodHealth.HEALTHY.with(podsChange(n)))
                .orElse(PodHealth.HEALTHY);
        PodHealth canaryPods = root.find("canary").map(n -> PodHealth.HEALTHY.with(podsChange(n)))
                .orElse(PodHealth.HEALTHY);
        List<Event> events = new ArrayList<>();
        for (ConfigNode e : root.list("events")) {
            e.allowOnly("at", "stable", "canary", "traffic", "provider", "alerts", "command", "by", "reason");
            Duration at = e.get("at").asDuration();
            Double eventRps = null;
            if (e.has("traffic")) {
                ConfigNode t = e.get("traffic");
                t.allowOnly("rps");
                eventRps = nonNegative(t, "rps", rps);
            }
            Boolean up = null;
            if (e.has("provider")) {
                String state = e.string("provider").trim();
                if (!state.equals("up") && !state.equals("down")) {
                    throw e.get("provider").error("'" + state + "' is not up or down");
                }
                up = state.equals("up");
            }
            Integer alerts = e.find("alerts").map(ConfigNode::asInt).orElse(null);
            if (alerts != null && alerts < 0) {
                throw e.get("alerts").error("must be 0 or more");
            }
            String command = e.optString("command").map(String::trim).orElse(null);
            if (command != null && !COMMANDS.contains(command)) {
                throw e.get("command").error("'" + command + "' is not one of " + String.join(", ", COMMANDS));
            }
            if (command == null && (e.has("by") || e.has("reason"))) {
                throw e.error("by and reason go with a command");
            }
            Event event = new Event(at, e.find("stable").map(SimulationScenario::change).orElse(null),
                    e.find("canary").map(SimulationScenario::change).orElse(null), eventRps, up, alerts, command,
                    command == null ? null : e.string("by", "simulator"), command == null ? null : e.string("reason", ""),
                    e.find("stable").map(SimulationScenario::podsChange).orElse(null),
                    e.find("canary").map(SimulationScenario::podsChange).orElse(null));
            if (event.stable() == null && event.canary() == null && eventRps == null && up == null && alerts == null
                    && command == null) {
                throw e.error("does nothing: give stable, canary, traffic, provider, alerts or command");
            }
            events.add(event);
        }
        return new SimulationScenario(seed, rps, previewRps, stable, canary, events, shape, expect, stablePods,
                canaryPods);
    }

    private static double noise(ConfigNode root, String track) {
        return root.find(track).flatMap(n -> n.find("noise")).map(n -> {
            double sigma = n.asDecimal().doubleValue();
            if (sigma < 0 || sigma > 3) {
                throw n.error("must be a log-normal sigma from 0 (no noise) to 3");
            }
            return sigma;
        }).orElse(0.0);
    }

    private static Warmup warmup(ConfigNode node) {
        ConfigNode duration = node.get("for");
        Duration d = duration.asDuration();
        if (d.isNegative() || d.isZero()) {
            throw duration.error("must be a positive duration such as 45s");
        }
        return new Warmup(d, change(node, "for"));
    }

    private static Pods pods(ConfigNode node) {
        node.allowOnly("canary", "stable", "outlier");
        int canary = node.integer("canary", 1);
        int stable = node.integer("stable", 1);
        for (String key : List.of("canary", "stable")) {
            int n = node.integer(key, 1);
            if (n < 1 || n > 1000) {
                throw node.get(key).error("must be from 1 to 1000 pods");
            }
        }
        Outlier outlier = node.find("outlier").map(o -> {
            Track track = o.enumValue("track", Track.class, Track.CANARY);
            Change behaviour = change(o, "track");
            if (behaviour.errorRate() == null && behaviour.p95Seconds() == null && behaviour.sigma() == null) {
                throw o.error("says nothing about the pod: give errorRate, p95 or sigma");
            }
            return new Outlier(track, behaviour);
        }).orElse(null);
        if (outlier != null && (outlier.track() == Track.CANARY ? canary : stable) < 2) {
            throw node.error("an outlier needs at least 2 " + outlier.track().label() + " pods: one to misbehave, "
                    + "the others to compare it with");
        }
        return new Pods(canary, stable, outlier);
    }

    private static Duration scrapeInterval(ConfigNode node) {
        node.allowOnly("scrapeInterval");
        Duration interval = node.duration("scrapeInterval", Duration.ofSeconds(15));
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofMinutes(10)) > 0) {
            throw node.get("scrapeInterval").error("must be from 1s to 10m");
        }
        return interval;
    }

    /** The pod keys of a track's section ({@code ready}, {@code crash}); null when it names neither. */
    private static PodHealthChange podsChange(ConfigNode node) {
        Boolean ready = node.has("ready") ? node.bool("ready", true) : null;
        Boolean crash = node.has("crash") ? node.bool("crash", false) : null;
        return ready == null && crash == null ? null : new PodHealthChange(ready, crash);
    }

    private static Change change(ConfigNode node, String... alsoAllowed) {
        String[] allowed = java.util.stream.Stream.concat(java.util.Arrays.stream(TRACK_KEYS),
                java.util.Arrays.stream(alsoAllowed)).toArray(String[]::new);
        node.allowOnly(allowed);
        Double errorRate = node.find("errorRate").map(CheckParsers::threshold).orElse(null);
        if (errorRate != null && (errorRate < 0 || errorRate > 1)) {
            throw node.get("errorRate").error("must be a fraction from 0 to 1 (or a percentage)");
        }
        Double p95 = node.find("p95").map(CheckParsers::threshold).orElse(null);
        if (p95 != null && p95 <= 0) {
            throw node.get("p95").error("must be a positive duration such as 120ms");
        }
        Double sigma = node.find("sigma").map(n -> n.asDecimal().doubleValue()).orElse(null);
        if (sigma != null && (sigma <= 0 || sigma > 3)) {
            throw node.get("sigma").error("must be between 0 and 3");
        }
        return new Change(errorRate, p95, sigma);
    }

    private static double nonNegative(ConfigNode node, String key, double defaultValue) {
        double v = node.number(key, defaultValue);
        if (v < 0) {
            throw node.get(key).error("must not be negative");
        }
        return v;
    }
}
