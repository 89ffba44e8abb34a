package io.cicdmanager.rollout;

import io.cicdmanager.analysis.SimulatedMetricProvider;
import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.analysis.WeightTimeline;
import io.cicdmanager.audit.AuditLog;
import io.cicdmanager.kube.CommandRejectedException;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.model.CommandAck;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.time.VirtualTime;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A rollout rehearsed: the real engine against an API server that runs no controllers (a simulated Deployment
 * controller stands in), a simulated metrics provider following the scenario, and virtual time, so a 45-minute
 * canary takes a second or two. Operators' commands in the scenario are written to the record at their times,
 * exactly as a terminal would write them.
 */
public final class Rehearsal {
    /** A rehearsal that reaches this much virtual time stops where it stands (a pause nobody promotes). */
    public static final Duration DEFAULT_HORIZON = Duration.ofHours(24);
    private static final Duration CONTROLLER_PERIOD = Duration.ofSeconds(5);
    /** Nobody watches a rehearsal's heartbeat; beating less often keeps a long rehearsal quick. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final RolloutSpec spec;
    private final SimulationScenario scenario;
    private final Instant start;
    private final Duration horizon;

    public Rehearsal(KubernetesClient client, RolloutSpec spec, SimulationScenario scenario, Instant start,
            Duration horizon) {
        this.client = client;
        this.spec = spec;
        this.scenario = scenario;
        this.start = start;
        this.horizon = horizon;
    }

    /** Signals that virtual time reached the horizon. */
    private static final class HorizonReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HorizonReached() {
            super(null, null, false, false);
        }
    }

    /** Creates what the spec expects to find (Deployment, Services, routes) where it does not exist yet. */
    public void seed() {
        String ns = spec.namespace();
        if (client.namespaces().withName(ns).get() == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                    .create();
        }
        String app = spec.deployment();
        if (client.apps().deployments().inNamespace(ns).withName(app).get() == null) {
            String container = spec.container() == null ? "app" : spec.container();
            client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                    .withNewMetadata().withName(app).withNamespace(ns).addToLabels("app", app).endMetadata()
                    .withNewSpec().withReplicas(4).withNewSelector().addToMatchLabels("app", app).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", app).endMetadata()
                    .withNewSpec().addNewContainer().withName(container).withImage(previousImage(spec.image()))
                    .endContainer().endSpec().endTemplate().endSpec().build()).create();
        }
        RouterKind.rehearsalService(client, ns, app, app);
        RouterSpec router = spec.router();
        if (router.stableService() != null) {
            RouterKind.rehearsalService(client, ns, router.stableService(), app);
        }
        if (spec.strategy() instanceof StrategySpec.BlueGreen bg) {
            RouterKind.rehearsalService(client, ns, bg.activeService(), app);
            RouterKind.rehearsalService(client, ns, bg.previewService(), app);
        }
        router.kind().rehearse(client, spec);
    }

    /** The image the stable Deployment runs before the release: whose pods the scenario's {@code stable:} means. */
    private String stableImage() {
        var d = client.apps().deployments().inNamespace(spec.namespace()).withName(spec.deployment()).get();
        return d == null ? previousImage(spec.image())
                : io.cicdmanager.kube.Workloads.container(d, spec.container()).getImage();
    }

    /** The image the seeded stable Deployment runs: the release's repository at tag {@code previous}. */
    static String previousImage(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        int at = image.indexOf('@');
        String repository = at > 0 ? image.substring(0, at) : colon > slash ? image.substring(0, colon) : image;
        return repository + ":previous";
    }

    /** Runs the rollout in virtual time and reports it. */
    public SimulationResult run(AuditLog audit, String actor) throws InterruptedException {
        VirtualTime time = new VirtualTime(start);
        SimulatedDeploymentController controller = new SimulatedDeploymentController(client, spec.namespace());
        PodFaultScript.schedule(scenario, controller, time, start, stableImage(), spec.image());
        controller.reconcile();
        time.every(CONTROLLER_PERIOD, controller::reconcile);
        WeightTimeline weights = new WeightTimeline();
        SimulatedMetricProvider provider = new SimulatedMetricProvider(scenario, start, time.clock(), weights);
        RolloutRecordStore store = new RolloutRecordStore(client);
        List<SimulationResult.Event> timeline = new ArrayList<>();
        int[] weight = {0};
        String[] phase = {RolloutPhase.PENDING.wireName()};
        RolloutObserver observer = new RolloutObserver() {
            @Override
            public void phaseChanged(RolloutStatus status, RolloutStatus.Transition t) {
                phase[0] = t.to().wireName();
                timeline.add(event(t.at(), phase[0], weight[0], t.to() == RolloutPhase.PROGRESSING
                        && t.from() == RolloutPhase.PENDING ? "started" : t.reason(), t.actor()));
            }

            @Override
            public void weightChanged(Instant at, int setWeight) {
                weights.set(at, setWeight);
                if (setWeight != weight[0]) {
                    weight[0] = setWeight;
                    timeline.add(event(at, phase[0], setWeight, "weight " + setWeight, null));
                }
            }

            @Override
            public void commandHandled(RolloutCommand command, CommandAck ack) {
                timeline.add(event(ack.at(), phase[0], weight[0], command.action() + " " + ack.outcome()
                        + (command.reason().isEmpty() ? "" : ": " + command.reason()), command.actor()));
            }
        };
        for (SimulationScenario.Event e : scenario.events()) {
            if (e.command() == null) {
                continue;
            }
            Instant at = start.plus(e.at());
            time.schedule(at, () -> {
                RolloutCommand command = new RolloutCommand(UUID.nameUUIDFromBytes((e.at() + e.command() + e.by())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString(),
                        CommandAction.fromWireName(e.command()), e.by(), e.reason(), at, "simulate");
                try {
                    store.writeCommand(spec.namespace(), spec.name(), command);
                } catch (CommandRejectedException rejected) {
                    timeline.add(event(at, phase[0], weight[0], e.command() + " rejected: " + rejected.getMessage(),
                            e.by()));
                }
            });
        }
        time.schedule(start.plus(horizon), () -> {
            throw new HorizonReached();
        });
        EngineContext ctx = EngineContext.of(client, provider, time.clock(), time, actor, "simulator")
                .withStore(store).withAudit(audit).withSource("simulate").withObserver(observer).withHeartbeat(HEARTBEAT);
        RolloutEngine engine = new RolloutEngine(spec, ctx);
        try {
            RolloutResult result = engine.run();
            RolloutStatus.Trigger t = result.trigger();
            Instant end = result.status().finishedAt() == null ? time.now() : result.status().finishedAt();
            return new SimulationResult(result.phase().wireName(),
                    t == null ? null : new SimulationResult.Trigger(t.check(), t.value(), t.threshold(), t.message(),
                            t.figure()),
                    Duration.between(start, end).toSeconds(),
                    new SimulationResult.FinalWeights(100 - result.finalCanaryWeight(), result.finalCanaryWeight()),
                    timeline);
        } catch (HorizonReached stopped) {
            timeline.add(event(time.now(), phase[0], weight[0], "simulation horizon of " + Durations.format(horizon)
                    + " reached", null));
            return new SimulationResult(phase[0], null, horizon.toSeconds(),
                    new SimulationResult.FinalWeights(100 - weight[0], weight[0]), timeline);
        }
    }

    private SimulationResult.Event event(Instant at, String phase, int weight, String what, String by) {
        return new SimulationResult.Event(Duration.between(start, at).toSeconds(), phase, weight, what, by);
    }
}
