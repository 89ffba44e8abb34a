package io.cicdmanager.rollout;

import io.cicdmanager.UsageException;
import io.cicdmanager.analysis.MetricProvider;
import io.cicdmanager.analysis.MetricSample;
import io.cicdmanager.analysis.SimulatedMetricProvider;
import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.analysis.WeightTimeline;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.kube.CommandRejectedException;
import io.cicdmanager.kube.InProcessApiServer;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.RolloutTakenOverException;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.time.Sleeper;
import io.cicdmanager.time.VirtualTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One chaos run: a random rollout (strategy, router, steps, checks, deadline) of a random scenario (a bad canary,
 * pods that never get ready or crash, Prometheus down or answering garbage) against the in-process API server in
 * virtual time, with the API requests of every engine and guardian faulted (409, 429, 500, dropped connections, slow
 * answers), engines killed at random requests (a new engine resumes, or the guardian rolls back or resumes, or both
 * race for it), and operators sending commands, two at once at times. Every engine runs with its record watch closed:
 * it learns of commands only when it reads its record at a heartbeat. After every step the {@link InvariantChecker}
 * looks at the cluster; at the end, I3 (every command applied once or rejected with a reason, audited once) and I4.
 * Everything follows from the run's seed, so a run replays exactly.
 */
final class ChaosRun {
    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    /** Past this much virtual time an operator aborts what is still running (a pause nobody promoted). */
    static final Duration HORIZON = Duration.ofMinutes(45);
    private static final Duration CONTROLLER_PERIOD = Duration.ofSeconds(5);
    private static final int MAX_ENGINES = 12;

    /** What one run found and injected. */
    record Result(long seed, String outcome, int kills, int faults, int commands, List<InvariantChecker.Broken> broken,
            String story, List<String> trace) {
    }

    private final InProcessApiServer server;
    private final long seed;
    private final String namespace;
    private final SplittableRandom random;
    private final VirtualTime time = new VirtualTime(T0);
    private final List<InvariantChecker.Broken> broken = new ArrayList<>();
    private final List<AuditEntry> audit = Collections.synchronizedList(new ArrayList<>());
    private final List<Sent> sent = new ArrayList<>();
    private final StringBuilder story = new StringBuilder();
    private RolloutRecordStore operators;
    private RolloutSpec spec;
    private InvariantChecker checker;
    private RolloutEngine current;
    private boolean dirty = true;
    private Instant lastCheck = T0;

    /** A command an operator sent, and what became of its delivery. */
    private record Sent(RolloutCommand command, String delivery) {
    }

    ChaosRun(InProcessApiServer server, long seed, String namespace) {
        this.server = server;
        this.seed = seed;
        this.namespace = namespace;
        this.random = new SplittableRandom(seed);
    }

    Result execute() throws InterruptedException {
        KubernetesClient clean = server.client();
        spec = RolloutSpecParser.forSimulation().parseText(specYaml(), "chaos spec");
        String scenarioYaml = scenarioYaml();
        SimulationScenario scenario = SimulationScenario.from(ConfigReader.read(scenarioYaml, "chaos scenario"));
        new Rehearsal(clean, spec, scenario, T0, HORIZON).seed();
        String stableImage = Rehearsal.previousImage(spec.image());

        SimulatedDeploymentController controller = new SimulatedDeploymentController(clean, namespace);
        PodFaultScript.schedule(scenario, controller, time, T0, stableImage, spec.image());
        for (SimulationScenario.Event e : scenario.events()) {
            if (e.stablePods() != null || e.canaryPods() != null) {
                time.schedule(T0.plus(e.at()), () -> dirty = true);
            }
        }
        controller.reconcile();
        time.every(CONTROLLER_PERIOD, controller::reconcile);
        checker = new InvariantChecker(clean, spec, stableImage, broken::add);
        operators = RolloutRecordStore.withoutRemoteWatches(clean);

        List<Integer> kills = new ArrayList<>();
        int killCount = random.nextInt(4);
        for (int i = 0; i < killCount; i++) {
            kills.add(5 + random.nextInt(400));
        }
        double faultRate = random.nextDouble() * 0.05;
        double slowRate = random.nextDouble() * 0.02;
        ChaosFaults faults = new ChaosFaults(random.split(), faultRate, slowRate, Duration.ofSeconds(8), kills, time,
                java.net.URI.create(clean.getMasterUrl().toString()), () -> dirty = true);
        story.append(String.format(Locale.ROOT, "%s %s, %d kill(s) planned, %.1f %% faults, %.1f %% slow; ",
                spec.strategy().kind(), spec.strategy() instanceof StrategySpec.Canary ? spec.router().type() : "",
                killCount, faultRate * 100, slowRate * 100));
        scheduleOperators();
        if (random.nextInt(7) == 0) {
            OnInterrupt action = random.nextInt(3) == 0 ? OnInterrupt.HOLD : OnInterrupt.ROLLBACK;
            time.schedule(T0.plusSeconds(between(20, 600)), () -> {
                if (current != null) {
                    story.append("SIGTERM (").append(action.wireName()).append("); ");
                    current.interrupt("SIGTERM", 15, action);
                }
            });
        }

        WeightTimeline weights = new WeightTimeline();
        MetricProvider metrics = garbled(new SimulatedMetricProvider(scenario, T0, time.clock(), weights));
        Sleeper checking = d -> {
            checkIfDue();
            time.sleep(d);
        };
        try (KubernetesClient acting = faults.client(server)) {
            RolloutRecordStore store = RolloutRecordStore.withoutRemoteWatches(acting);
            // Every write by an engine, a guardian or an operator is seen as it is made, however short-lived.
            store.watch(namespace, spec.name(), r -> checker.recordWritten(r, time.now()));
            operators.watch(namespace, spec.name(), r -> checker.recordWritten(r, time.now()));
            drive(acting, store, metrics, weights, checking, faults);
            controller.reconcile();
            Instant end = time.now();
            checker.check(end);
            // Stable pods the world makes crash right now are its doing: the release rolled back still runs there.
            boolean stableCrashing = stableCrash != null && !end.isBefore(T0.plusSeconds(stableCrash[0]))
                    && end.isBefore(T0.plusSeconds(stableCrash[1]));
            checker.finish(end, stableCrashing);
            judgeCommands(end);
            RolloutRecord record = new RolloutRecordStore(clean).read(namespace, spec.name()).orElse(null);
            String outcome = record == null || record.status() == null ? "NoRecord"
                    : record.status().phase().wireName();
            story.append("ended ").append(outcome).append(" at +")
                    .append(Duration.between(T0, end).toSeconds()).append(" s; ").append(faults.describe());
            List<String> trace = new ArrayList<>();
            trace.add("spec:\n" + spec.yaml());
            trace.add("world:\n" + scenarioYaml);
            synchronized (audit) {
                audit.forEach(e -> trace.add("+" + Duration.between(T0, e.time()).toSeconds() + "s " + e.actor() + " "
                        + e.action() + " (" + e.reason() + ") -> " + e.outcome() + " " + e.details()));
            }
            return new Result(seed, outcome, faults.kills(), faults.faults(), sent.size(), List.copyOf(broken),
                    story.toString(), trace);
        }
    }

    /**
     * A look at the cluster when an engine, a guardian or an operator changed something in it, and at least every
     * 15 s of virtual time for what time alone brings (pods failing, the grace running out).
     */
    private void checkIfDue() {
        Instant now = time.now();
        if (dirty || !now.isBefore(lastCheck.plusSeconds(15))) {
            dirty = false;
            lastCheck = now;
            checker.check(now);
        }
    }

    /**
     * Runs engines until the rollout is finished: after a kill, a new engine resumes (it waits for the orphan's
     * heartbeat to go stale), or the guardian rolls back or resumes it once the grace has passed, or both race.
     */
    private void drive(KubernetesClient acting, RolloutRecordStore store, MetricProvider metrics,
            WeightTimeline weights, Sleeper sleeper, ChaosFaults faults) throws InterruptedException {
        RolloutGuardian rollingBack = guardian(acting, store, metrics, sleeper, false);
        RolloutGuardian resuming = guardian(acting, store, metrics, sleeper, true);
        for (int attempt = 0; attempt < MAX_ENGINES && !finished(store); attempt++) {
            String recovery = attempt == 0 ? "engine" : List.of("engine", "engine", "guardian", "guardian-resume",
                    "race").get(random.nextInt(5));
            if (!recordExists()) {
                recovery = "engine"; // killed before it wrote a record: only a rerun of the pipeline starts it
            }
            faults.revive();
            try {
                switch (recovery) {
                    case "engine" -> {
                        current = engine(acting, store, metrics, weights, sleeper, attempt);
                        current.run();
                    }
                    case "race" -> {
                        // Past the guardian's grace a new engine and the guardian find the same orphan, and the
                        // guardian claims it just before the engine's claim leaves: only one may act.
                        sleeper.sleep(RolloutGuardian.DEFAULT_GRACE.plusSeconds(1));
                        faults.beforeNextRecordWrite(() -> rollingBack.sweep(Runnable::run, line -> { }));
                        current = engine(acting, store, metrics, weights, sleeper, attempt);
                        current.run();
                    }
                    default -> {
                        RolloutGuardian guardian = recovery.equals("guardian") ? rollingBack : resuming;
                        Instant giveUp = T0.plus(HORIZON).plus(Duration.ofMinutes(15));
                        while (!finished(store) && time.now().isBefore(giveUp)) {
                            sleeper.sleep(Duration.ofSeconds(5));
                            if (!guardian.sweep(Runnable::run, line -> { }).isEmpty()) {
                                break;
                            }
                        }
                    }
                }
                story.append(recovery).append(" done; ");
            } catch (ChaosFaults.Killed e) {
                story.append(recovery).append(" killed; ");
                checker.killed();
                dirty = true;
            } catch (RolloutTakenOverException | UsageException e) {
                story.append(recovery).append(" left it (").append(e.getClass().getSimpleName()).append("); ");
            } catch (RuntimeException e) {
                if (ChaosFaults.isKill(e)) {
                    story.append(recovery).append(" killed; ");
                    checker.killed();
                    dirty = true;
                    continue;
                }
                // An API error the engine could not ride out ends its process, as it would the real one.
                story.append(recovery).append(" died of ").append(e.getClass().getSimpleName()).append("; ");
                dirty = true;
            }
        }
    }

    private boolean recordExists() {
        return new RolloutRecordStore(server.client()).read(namespace, spec.name()).isPresent();
    }

    private boolean finished(RolloutRecordStore store) {
        RolloutRecord r = new RolloutRecordStore(server.client()).read(namespace, spec.name()).orElse(null);
        return r != null && r.status() != null && r.status().isTerminal();
    }

    private RolloutEngine engine(KubernetesClient acting, RolloutRecordStore store, MetricProvider metrics,
            WeightTimeline weights, Sleeper sleeper, int attempt) {
        EngineContext ctx = EngineContext.of(acting, metrics, time.clock(), sleeper, "jenkins",
                "engine-" + attempt).withStore(store).withAudit(audit::add).withSource("chaos")
                // No thread rings the doorbell here (the record watch is closed): looking every second is enough.
                .withSlice(Duration.ofSeconds(1))
                .withObserver(new RolloutObserver() {
                    @Override
                    public void weightChanged(Instant at, int setWeight) {
                        weights.set(at, setWeight);
                        dirty = true;
                    }

                    @Override
                    public void phaseChanged(RolloutStatus status, RolloutStatus.Transition transition) {
                        dirty = true;
                    }
                });
        return new RolloutEngine(spec, ctx);
    }

    private RolloutGuardian guardian(KubernetesClient acting, RolloutRecordStore store, MetricProvider metrics,
            Sleeper sleeper, boolean resume) {
        return new RolloutGuardian(acting, store, namespace, RolloutGuardian.DEFAULT_GRACE, resume, time.clock(),
                sleeper, audit::add, resume ? "guardian-resuming" : "guardian", s -> metrics)
                .withSlice(Duration.ofSeconds(1));
    }

    // ---- the run's dice

    private int between(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    private String specYaml() {
        StringBuilder y = new StringBuilder("name: app\nnamespace: " + namespace + "\ndeployment: app\n"
                + "image: registry.example/app:2\n");
        y.append("progressDeadline: ").append(between(2, 5)).append("m\n");
        String analysis = "{interval: " + between(20, 30) + "s, checks: [{metric: error-rate, max: 1%}]"
                + (random.nextBoolean() ? ", failureLimit: 1" : "") + "}";
        int strategy = random.nextInt(10);
        if (strategy < 6) {
            y.append("strategy:\n  canary:\n    steps: [");
            int weight = 0;
            int steps = between(1, 3);
            for (int i = 0; i < steps; i++) {
                weight = Math.min(80, weight + between(10, 40));
                y.append(i == 0 ? "" : ", ").append("{setWeight: ").append(weight).append("}, ");
                y.append(random.nextInt(10) == 0 ? "{pause: {}}" : "{pause: " + between(30, 180) + "s}");
            }
            y.append("]\n    analysis: ").append(analysis).append('\n');
            y.append(switch (random.nextInt(4)) {
                case 0 -> "";
                case 1 -> "router: {type: istio, virtualService: app}\n";
                case 2 -> "router: {type: gateway-api, httpRoute: app, stableService: app}\n";
                default -> "router: {type: nginx, ingress: app, stableService: app}\n";
            });
        } else if (strategy < 8) {
            y.append("strategy:\n  blueGreen:\n    activeService: app-active\n    previewService: app-preview\n");
            y.append(random.nextInt(5) == 0 ? "    autoPromotionEnabled: false\n"
                    : "    autoPromotionSeconds: " + between(0, 90) + "\n");
            y.append("    scaleDownDelaySeconds: ").append(between(0, 60)).append('\n');
            y.append("    prePromotionAnalysis: ").append(analysis).append('\n');
        } else {
            y.append("strategy:\n  rolling:\n    maxSurge: ").append(between(0, 2)).append("\n    maxUnavailable: ")
                    .append(between(1, 2)).append("\n    analysis: ").append(analysis).append('\n');
        }
        return y.toString();
    }

    private final List<String> events = new ArrayList<>();
    private final List<long[]> garbage = new ArrayList<>();
    /** From when to when (seconds from the start) the stable pods crash, or null. */
    private long[] stableCrash;

    private String scenarioYaml() {
        StringBuilder y = new StringBuilder("seed: " + random.nextInt(1_000_000) + "\ntraffic: {rps: "
                + between(50, 300) + ", previewRps: " + between(10, 40) + "}\n");
        if (random.nextInt(10) == 0) {
            y.append("canary: {ready: false}\n");
            if (random.nextBoolean()) {
                events.add("{at: " + between(20, 200) + "s, canary: {ready: true}}");
            }
        }
        if (random.nextInt(3) == 0) {
            events.add("{at: " + between(30, 600) + "s, canary: {errorRate: " + (random.nextBoolean() ? "0.05" : "0.02")
                    + "}}");
        }
        if (random.nextInt(8) == 0) {
            int at = between(30, 600);
            events.add("{at: " + at + "s, canary: {ready: false}}");
            if (random.nextBoolean()) {
                events.add("{at: " + (at + between(10, 120)) + "s, canary: {ready: true}}");
            }
        }
        if (random.nextInt(12) == 0) {
            int at = between(30, 600);
            int until = at + between(20, 300);
            stableCrash = new long[] {at, until};
            events.add("{at: " + at + "s, stable: {crash: true}}");
            events.add("{at: " + until + "s, stable: {crash: false}}");
        }
        if (random.nextInt(4) == 0) {
            int at = between(10, 600);
            events.add("{at: " + at + "s, provider: down}");
            events.add("{at: " + (at + between(10, 240)) + "s, provider: up}");
        }
        if (random.nextInt(4) == 0) {
            int at = between(10, 600);
            garbage.add(new long[] {at, at + between(10, 180)});
        }
        if (!events.isEmpty()) {
            y.append("events:\n");
            events.forEach(e -> y.append("  - ").append(e).append('\n'));
        }
        return y.toString();
    }

    /** A Prometheus that answers garbage for a while: values that are not numbers, bodies that do not parse. */
    private MetricProvider garbled(MetricProvider provider) {
        return query -> {
            long at = Duration.between(T0, query.end()).toSeconds();
            for (long[] window : garbage) {
                if (at >= window[0] && at < window[1]) {
                    if ((at & 1) == 0) {
                        throw new IllegalArgumentException("data.result[0].value[1] 'NaN?' is not a number");
                    }
                    return MetricSample.noData(query, "garbled");
                }
            }
            return provider.query(query);
        };
    }

    // ---- operators

    private static final List<CommandAction> ACTIONS = List.of(CommandAction.PAUSE, CommandAction.RESUME,
            CommandAction.PROMOTE, CommandAction.PROMOTE_FULL, CommandAction.ABORT, CommandAction.ROLLBACK,
            CommandAction.RESUME, CommandAction.PROMOTE);

    private void scheduleOperators() {
        int commands = random.nextInt(4);
        for (int i = 0; i < commands; i++) {
            Instant at = T0.plusSeconds(between(5, 900));
            boolean racing = random.nextInt(3) == 0;
            CommandAction first = ACTIONS.get(random.nextInt(ACTIONS.size()));
            CommandAction second = ACTIONS.get(random.nextInt(ACTIONS.size()));
            String id = "c" + i;
            time.schedule(at, () -> send(new RolloutCommand(id, first, "alice", "chaos", at, "tui")));
            if (racing) {
                time.schedule(at, () -> send(new RolloutCommand(id + "-race", second, "bob", "chaos", at, "cli")));
            }
        }
        Instant horizon = T0.plus(HORIZON);
        time.schedule(horizon, () -> send(new RolloutCommand("horizon", CommandAction.ABORT, "on-call",
                "still running at the horizon", horizon, "cli")));
    }

    /** Delivers through a store of its own: the engine sees it at its next heartbeat read, its watch being closed. */
    private void send(RolloutCommand command) {
        String delivery;
        try {
            CommandDelivery.Outcome outcome = new CommandDelivery(operators, time.clock(), time, audit::add)
                    .deliver(namespace, spec.name(), command);
            delivery = outcome instanceof CommandDelivery.Written ? "written" : "rolled-back-here";
        } catch (CommandRejectedException e) {
            delivery = "rejected";
        } catch (UsageException e) {
            delivery = "rejected";
        }
        sent.add(new Sent(command, delivery));
        dirty = true;
    }

    /**
     * I3: every command sent was applied exactly once or rejected with a reason, and audited once: a written one has
     * exactly one acknowledgement in the audit trail (by whichever engine read it, or the one that finished the
     * rollout), a refused one exactly one refusal, and one rolled back at once the operator's own transitions.
     */
    private void judgeCommands(Instant end) {
        for (Sent s : sent) {
            String id = s.command().id();
            List<AuditEntry> about = audit.stream().filter(e -> id.equals(String.valueOf(e.details().get("commandId"))))
                    .toList();
            long acks = about.stream().filter(e -> e.outcome().startsWith("applied") || e.outcome().startsWith("ignored"))
                    .count();
            long refusals = about.stream().filter(e -> e.outcome().startsWith("rejected")).count();
            switch (s.delivery()) {
                case "written" -> {
                    if (acks != 1 || refusals != 0) {
                        broken.add(new InvariantChecker.Broken("I3", end, "command " + id + " ("
                                + s.command().action() + ") written but acknowledged " + acks + " times in the audit"));
                    }
                }
                case "rejected" -> {
                    if (refusals != 1 || acks != 0) {
                        broken.add(new InvariantChecker.Broken("I3", end, "command " + id + " rejected but audited "
                                + refusals + " times as rejected, " + acks + " as acknowledged"));
                    }
                }
                default -> {
                    boolean rolledBackByOperator = audit.stream().anyMatch(e -> e.actor().equals(s.command().actor())
                            && "RolledBack".equals(e.outcome()));
                    if (!rolledBackByOperator) {
                        broken.add(new InvariantChecker.Broken("I3", end, "command " + id + " rolled an orphan back "
                                + "but no RolledBack transition by " + s.command().actor() + " is audited"));
                    }
                }
            }
        }
    }
}
