package io.cicdmanager.tui.demo;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.analysis.SimulationScenario.Behaviour;
import io.cicdmanager.analysis.SimulationScenario.Change;
import io.cicdmanager.analysis.SimulationScenario.Event;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One of the demo's applications: how each of its releases is rolled out (steps, checks, router), how its canary
 * behaves (a scenario for the simulated metrics), whether the demo holds it for a person to promote, and the kind
 * of DORA history it has.
 *
 * @param gap demo time between one release ending and the next starting
 */
record DemoApp(String name, String team, String story, String router, String steps, SimulationScenario scenario,
        boolean holdsForPromotion, Duration gap, DemoHistory.Profile history) {

    static final String NAMESPACE = "demo";

    private static final Behaviour STABLE = new Behaviour(0.004, 0.110, SimulationScenario.DEFAULT_SIGMA);

    /** The three applications: one healthy, one that turns bad, one that waits for a person. */
    static List<DemoApp> all() {
        return List.of(
                new DemoApp("checkout", "payments", "a healthy canary, promoted step by step", "istio",
                        "[{setWeight: 10}, {pause: 1m}, {setWeight: 25}, {pause: 1m}, {setWeight: 50}, {pause: 1m}, "
                                + "{setWeight: 75}, {pause: 30s}]",
                        new SimulationScenario(11, 200, 0, STABLE, new Behaviour(0.004, 0.105, 0.5), List.of()),
                        false, Duration.ofMinutes(1), new DemoHistory.Profile(3.0, 0.03, 2, 20, 10, 40)),
                new DemoApp("payments", "payments", "turns bad at 30 %, rolled back by its error-rate check", "istio",
                        "[{setWeight: 10}, {pause: 1m}, {setWeight: 30}, {pause: 1m}, {setWeight: 60}, {pause: 1m}]",
                        new SimulationScenario(23, 200, 0, STABLE, STABLE, List.of(new Event(Duration.ofSeconds(90),
                                null, new Change(0.06, 0.300, null), null, null, null, null, null, null))),
                        false, Duration.ofMinutes(1), new DemoHistory.Profile(1.0, 0.25, 24, 120, 120, 600)),
                new DemoApp("search", "discovery", "paused at 40 %, waiting for someone to promote it (p)",
                        "replicas",
                        "[{setWeight: 20}, {pause: 30s}, {setWeight: 40}, {pause: {}}, {setWeight: 80}, {pause: 30s}]",
                        new SimulationScenario(37, 120, 0, STABLE, new Behaviour(0.003, 0.120, 0.5), List.of()),
                        true, Duration.ofMinutes(1), new DemoHistory.Profile(0.3, 0.10, 72, 288, 30, 180)));
    }

    String image(int release) {
        return "registry.example/" + name + ":1." + release + ".0";
    }

    /** The spec of one release, in the schema of {@code cicd canary --spec}. */
    String spec(int release) {
        String routerLine = router.equals("istio") ? "router: {type: istio, virtualService: " + name + "}\n" : "";
        return String.format(Locale.ROOT, """
                name: %s
                namespace: %s
                deployment: %s
                image: %s
                strategy:
                  canary:
                    steps: %s
                    analysis:
                      interval: 10s
                      checks:
                        - {name: error-rate, metric: error-rate, max: 1%%}
                        - {name: p95-latency, metric: p95-latency, max: 500ms}
                        - {name: p95-vs-stable, metric: p95-latency, maxRatioToStable: 2}
                %sprogressDeadline: 5m
                """, name, NAMESPACE, name, image(release), steps, routerLine);
    }
}
