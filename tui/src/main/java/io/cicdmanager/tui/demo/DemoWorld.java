package io.cicdmanager.tui.demo;

import io.cicdmanager.analysis.SimulatedMetricProvider;
import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.analysis.WeightTimeline;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.dora.DoraRecorder;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.RolloutDeployment;
import io.cicdmanager.kube.CommandRejectedException;
import io.cicdmanager.kube.InProcessApiServer;
import io.cicdmanager.kube.RecordAuditLog;
import io.cicdmanager.kube.RolloutEvents;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.model.CommandAck;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutOutcome;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.rollout.EngineContext;
import io.cicdmanager.rollout.Rehearsal;
import io.cicdmanager.rollout.RolloutEngine;
import io.cicdmanager.rollout.RolloutObserver;
import io.cicdmanager.rollout.RolloutSpec;
import io.cicdmanager.rollout.RolloutSpecParser;
import io.cicdmanager.time.Doorbell;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's cluster and what runs on it: Fabric8's CRUD API server in this process, a namespace with the three
 * applications, the simulated Deployment controller, and for each application the real engine rolling out one
 * release after another forever, judged on simulated metrics, on demo time. Rollouts that end are recorded in the
 * DORA store as the engine's outcomes.
 */
public final class DemoWorld implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoWorld.class);
    /** The first release each application rolls out; the one before it is what runs when the demo starts. */
    static final int FIRST_RELEASE = 5;
    /** How long, on the real clock, the engine waits between looks at its doorbell. */
    private static final Duration REAL_SLICE = Doorbell.DEFAULT_SLICE;

    private final ScaledTime time;
    private final AuditLog auditFile;
    private AuditLog audit;
    private final Supplier<DoraStore> dora;
    private final Consumer<String> log;
    private final List<DemoApp> apps;
    private final List<Thread> loops = new ArrayList<>();
    private final ExecutorService operator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "demo-operator");
        t.setDaemon(true);
        return t;
    });
    private InProcessApiServer server;
    private SharedIndexInformer<Deployment> controller;
    private RolloutRecordStore store;
    private volatile boolean stopping;

    /**
     * @param auditFile where the engines' audit entries go, besides Events on the records
     * @param dora where the engine's outcomes are recorded (asked for when the first rollout ends), or null
     * @param log one line per phase change and per command the engine handled
     */
    public DemoWorld(ScaledTime time, AuditLog auditFile, Supplier<DoraStore> dora, Consumer<String> log) {
        this(time, auditFile, dora, log, DemoApp.all());
    }

    DemoWorld(ScaledTime time, AuditLog auditFile, Supplier<DoraStore> dora, Consumer<String> log,
            List<DemoApp> apps) {
        this.time = time;
        this.auditFile = auditFile;
        this.dora = dora;
        this.log = log;
        this.apps = List.copyOf(apps);
    }

    /** Records eight weeks of past deployments of the applications up to now; returns how many. */
    public int seedHistory(DoraStore store) {
        return DemoHistory.seed(store, apps, time.now());
    }

    /** Starts the API server and creates the applications; {@link #startEngines()} sets them rolling. */
    public void start() {
        server = new InProcessApiServer();
        KubernetesClient client = server.client();
        store = new RolloutRecordStore(client);
        audit = new RecordAuditLog(auditFile, new RolloutEvents(client, time.clock()));
        for (DemoApp app : apps) {
            seed(client, app);
        }
        SimulatedDeploymentController deployments = new SimulatedDeploymentController(client, DemoApp.NAMESPACE);
        deployments.reconcile();
        controller = deployments.watch();
    }

    /** Starts one engine per application, each rolling out one release after another until stopped. */
    public void startEngines() {
        for (DemoApp app : apps) {
            Thread loop = new Thread(() -> loop(app), "demo-" + app.name());
            loop.setDaemon(true);
            loops.add(loop);
            loop.start();
        }
    }

    public KubernetesClient client() {
        return server.client();
    }

    public String namespace() {
        return DemoApp.NAMESPACE;
    }

    /** One line per application: its name and what it shows. */
    public List<String> stories() {
        return apps.stream().map(a -> a.name() + ": " + a.story()).toList();
    }

    /** The stable Deployment at the release before the first, and what its router needs (Service, routes). */
    private void seed(KubernetesClient client, DemoApp app) {
        if (client.namespaces().withName(DemoApp.NAMESPACE).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(DemoApp.NAMESPACE)
                    .endMetadata().build()).create();
        }
        client.apps().deployments().inNamespace(DemoApp.NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(app.name()).withNamespace(DemoApp.NAMESPACE).addToLabels("app", app.name())
                .endMetadata()
                .withNewSpec().withReplicas(4).withNewSelector().addToMatchLabels("app", app.name()).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", app.name()).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(app.image(FIRST_RELEASE - 1))
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        new Rehearsal(client, spec(app, FIRST_RELEASE), app.scenario(), time.now(), Duration.ZERO).seed();
    }

    private static RolloutSpec spec(DemoApp app, int release) {
        return new RolloutSpecParser().parseText(app.spec(release), "demo " + app.name() + " release " + release);
    }

    /** One release after another until the demo stops. */
    private void loop(DemoApp app) {
        for (int release = FIRST_RELEASE; !Thread.currentThread().isInterrupted(); release++) {
            try {
                rollOut(app, release);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    // Stopped in the middle of a call to the API server: the demo is ending, nothing failed.
                    return;
                }
                LOG.warn("demo rollout of {} failed", app.name(), e);
                log.accept(DemoApp.NAMESPACE + "/" + app.name() + ": release " + release + " stopped: " + e.getMessage());
            }
            try {
                time.sleep(app.gap());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void rollOut(DemoApp app, int release) throws InterruptedException {
        RolloutSpec spec = spec(app, release);
        WeightTimeline weights = new WeightTimeline();
        SimulationScenario s = app.scenario();
        // Each release draws its own traffic: the same story, not the same numbers every time.
        SimulationScenario scenario = s.withSeed(s.seed() + release);
        SimulatedMetricProvider metrics = new SimulatedMetricProvider(scenario, time.now(), time.clock(), weights);
        EngineContext base = EngineContext.of(server.client(), metrics, time.clock(), time, "demo",
                "demo-engine-" + app.name() + "-" + release);
        // The engine looks at its doorbell every slice of demo time; scaled, so that it does so every 20 ms of
        // real time at any speed rather than a thousand times a second at a high one.
        Duration slice = Duration.ofNanos(Math.round(REAL_SLICE.toNanos() * time.speed()));
        EngineContext ctx = new EngineContext(base.client(), store, metrics, base.clock(), base.sleeper(), audit,
                base.actor(), "demo", base.engineId(), base.heartbeatInterval(), slice, base.routers(),
                observer(app, weights), List.of());
        if (dora != null) {
            ctx = ctx.withOutcomeListener(outcome -> record(app, outcome));
        }
        new RolloutEngine(spec, ctx).run();
    }

    private RolloutObserver observer(DemoApp app, WeightTimeline weights) {
        String name = DemoApp.NAMESPACE + "/" + app.name();
        return new RolloutObserver() {
            @Override
            public void phaseChanged(RolloutStatus status, RolloutStatus.Transition t) {
                log.accept(name + " " + t.from().wireName() + " → " + t.to().wireName() + " by " + t.actor()
                        + (t.reason() == null || t.reason().isEmpty() ? "" : ": " + t.reason()));
            }

            @Override
            public void weightChanged(Instant at, int setWeight) {
                weights.set(at, setWeight);
            }

            @Override
            public void stepStarted(RolloutStatus status) {
                if (app.holdsForPromotion() && "pause until promoted".equals(status.step())) {
                    operator.execute(() -> hold(app));
                }
            }

            @Override
            public void commandHandled(RolloutCommand command, CommandAck ack) {
                log.accept(name + " " + command.action() + " by " + command.actor()
                        + (command.reason().isEmpty() ? "" : " (" + command.reason() + ")") + " → " + ack.outcome()
                        + ": " + ack.message());
            }
        };
    }

    /** Pauses an application at its step without a duration, as an operator would, until someone promotes it. */
    private void hold(DemoApp app) {
        try {
            store.writeCommand(DemoApp.NAMESPACE, app.name(), new RolloutCommand(UUID.randomUUID().toString(),
                    CommandAction.PAUSE, "demo", "waiting for someone to promote it", time.now(), "demo"));
        } catch (CommandRejectedException e) {
            // Someone got there first (a command is pending, or it already finished): theirs stands.
            LOG.debug("holding {} for promotion", app.name(), e);
        }
    }

    /** The engine's outcome as a DORA deployment, as a rollout with a DORA store records it. */
    private void record(DemoApp app, RolloutOutcome outcome) {
        try {
            Instant committed = outcome.started().minus(Duration.ofMinutes(Math.round(60
                    * (app.history().leadMinHours() + app.history().leadMaxHours()) / 2)));
            new DoraRecorder(dora.get()).recordRolloutOutcome(RolloutDeployment.of(outcome, outcome.name(),
                    DemoApp.NAMESPACE, app.team(), RolloutDeployment.versionOf(outcome.image()),
                    UUID.nameUUIDFromBytes(outcome.image().getBytes(StandardCharsets.UTF_8)).toString()
                            .replace("-", ""),
                    List.of(committed), outcome.actor(), null));
        } catch (RuntimeException e) {
            LOG.warn("recording the outcome of {} for DORA", outcome.name(), e);
        }
    }

    /** Stops the engines where they stand; the API server keeps answering until {@link #close()}. */
    public void stopEngines() throws InterruptedException {
        stopping = true;
        for (Thread loop : loops) {
            loop.interrupt();
        }
        for (Thread loop : loops) {
            loop.join(10_000);
        }
        operator.shutdownNow();
    }

    @Override
    public void close() throws InterruptedException {
        stopEngines();
        if (controller != null) {
            controller.close();
        }
        if (server != null) {
            try {
                server.close();
            } catch (IllegalStateException e) {
                // The mock server gives up waiting for its last connections after ten seconds; the demo is over
                // either way, and the process's exit closes them.
                LOG.debug("closing the demo's API server", e);
            }
        }
    }
}
