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
 * @param stablePods the pods of the stable version (the image running before the release) at the start
 * @param canaryPods the pods of the release wherever they run (the canary, the blue-green preview, a rolling
 *                   update's new ReplicaSet, the stable Deployment once promoted) at the start
 */
public record SimulationScenario(long seed, double rps, double previewRps, Behaviour stable, Behaviour canary,
        List<Event> events, Pods stablePods, Pods canaryPods) {

    /** The operator commands an event may send. */
    public static final List<String> COMMANDS = List.of("abort", "pause", "resume", "promote", "promote-full", "rollback");
    /** Spread of the log-normal latency distribution when the scenario gives none. */
    public static final double DEFAULT_SIGMA = 0.5;

    public SimulationScenario {
        events = events.stream().sorted(Comparator.comparing(Event::at)).toList();
        stablePods = stablePods == null ? Pods.HEALTHY : stablePods;
        canaryPods = canaryPods == null ? Pods.HEALTHY : canaryPods;
    }

    /** A scenario whose pods are all healthy throughout. */
    public SimulationScenario(long seed, double rps, double previewRps, Behaviour stable, Behaviour canary,
            List<Event> events) {
        this(seed, rps, previewRps, stable, canary, events, Pods.HEALTHY, Pods.HEALTHY);
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
    public record Pods(boolean ready, boolean crash) {
        public static final Pods HEALTHY = new Pods(true, false);

        /** Ready pods serve; crashing ones never do, whatever {@code ready} says. */
        public boolean serving() {
            return ready && !crash;
        }

        Pods with(PodsChange change) {
            if (change == null) {
                return this;
            }
            return new Pods(change.ready() != null ? change.ready() : ready,
                    change.crash() != null ? change.crash() : crash);
        }
    }

    /** A change to a track's pods; null fields stay as they were. */
    public record PodsChange(Boolean ready, Boolean crash) {
    }

    /**
     * Something that happens at {@code at} (virtual time from the start): a behaviour change, a traffic change,
     * the metrics backend going down or up, alerts firing, or an operator's command.
     */
    public record Event(Duration at, Change stable, Change canary, Double rps, Boolean providerUp, Integer alerts,
            String command, String by, String reason, PodsChange stablePods, PodsChange canaryPods) {

        /** An event that leaves the pods as they are. */
        public Event(Duration at, Change stable, Change canary, Double rps, Boolean providerUp, Integer alerts,
                String command, String by, String reason) {
            this(at, stable, canary, rps, providerUp, alerts, command, by, reason, null, null);
        }
    }

    /** The pods of {@code track} at {@code offset} from the start, every event up to it applied. */
    public Pods podsAt(Track track, Duration offset) {
        Pods pods = track == Track.CANARY ? canaryPods : stablePods;
        for (Event e : events) {
            if (e.at().compareTo(offset) > 0) {
                break;
            }
            PodsChange change = track == Track.CANARY ? e.canaryPods() : e.stablePods();
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

    /** Reads and validates a scenario document. */
    public static SimulationScenario from(ConfigNode root) {
        root.allowOnly("seed", "traffic", "stable", "canary", "events");
        long seed = root.find("seed").map(n -> n.asDecimal().longValue()).orElse(1L);
        double rps = 200;
        double previewRps = 0;
        if (root.has("traffic")) {
            ConfigNode traffic = root.get("traffic");
            traffic.allowOnly("rps", "previewRps");
            rps = nonNegative(traffic, "rps", 200);
            previewRps = nonNegative(traffic, "previewRps", 0);
        }
        Behaviour base = new Behaviour(0.005, 0.12, DEFAULT_SIGMA);
        Behaviour stable = root.find("stable").map(n -> base.with(change(n))).orElse(base);
        Behaviour canary = root.find("canary").map(n -> stable.with(change(n))).orElse(stable);
        Pods stablePods = root.find("stable").map(n -> Pods.HEALTHY.with(podsChange(n))).orElse(Pods.HEALTHY);
        Pods canaryPods = root.find("canary").map(n -> Pods.HEALTHY.with(podsChange(n))).orElse(Pods.HEALTHY);
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
        return new SimulationScenario(seed, rps, previewRps, stable, canary, events, stablePods, canaryPods);
    }

    /** The pod keys of a track's section ({@code ready}, {@code crash}); null when it names neither. */
    private static PodsChange podsChange(ConfigNode node) {
        Boolean ready = node.has("ready") ? node.bool("ready", true) : null;
        Boolean crash = node.has("crash") ? node.bool("crash", false) : null;
        return ready == null && crash == null ? null : new PodsChange(ready, crash);
    }

    private static Change change(ConfigNode node) {
        node.allowOnly("errorRate", "p95", "sigma", "ready", "crash");
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
