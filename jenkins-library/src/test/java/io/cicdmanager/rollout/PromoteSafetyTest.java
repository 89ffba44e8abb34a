package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.analysis.SimulatedMetricProvider;
import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.analysis.WeightTimeline;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutOutcome;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.time.VirtualTime;
import io.cicdmanager.traffic.IstioTrafficRouter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A promote skips pauses and analysis, never readiness: with pods that never become ready, an operator's promote
 * moves no traffic onto them and ends nothing Succeeded; the progress deadline rolls the release back, naming why.
 * Pod faults come from the scenario YAML, played on the simulated Deployment controller as a cluster would show them.
 */
@InProcessKubernetes
class PromoteSafetyTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final String NS = "prod";

    KubernetesClient client;
    VirtualTime time;
    SimulatedDeploymentController controller;
    final List<AuditEntry> audit = new ArrayList<>();
    final List<RolloutOutcome> outcomes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        KubeFixtures.createApplication(client, NS, "shop", "shop:1", 4);
        for (String svc : List.of("shop-active", "shop-preview")) {
            client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(svc).endMetadata()
                    .withNewSpec().addToSelector("app", "shop").endSpec().build()).create();
        }
        time = new VirtualTime(T0);
        controller = new SimulatedDeploymentController(client, NS);
        time.schedule(T0.plus(Duration.ofHours(6)), () -> {
            throw new AssertionError("the engine was still running after 6 hours of virtual time");
        });
    }

    RolloutResult run(String spec, String scenarioYaml) throws InterruptedException {
        RolloutSpec parsed = new RolloutSpecParser().parseText(spec, "spec.yaml");
        SimulationScenario scenario = SimulationScenario.from(ConfigReader.read(scenarioYaml, "scenario.yaml"));
        PodFaultScript.schedule(scenario, controller, time, T0, "shop:1", parsed.image());
        controller.reconcile();
        time.every(Duration.ofSeconds(1), controller::reconcile);
        for (SimulationScenario.Event e : scenario.events()) {
            if (e.command() != null) {
                Instant at = T0.plus(e.at());
                time.schedule(at, () -> new RolloutRecordStore(client).writeCommand(NS, "shop", new RolloutCommand(
                        "c-" + e.at().toSeconds(), CommandAction.fromWireName(e.command()), e.by(), e.reason(), at,
                        "tui")));
            }
        }
        SimulatedMetricProvider metrics = new SimulatedMetricProvider(scenario, T0, time.clock(), new WeightTimeline());
        EngineContext ctx = EngineContext.of(client, metrics, time.clock(), time, "jenkins", "e1")
                .withAudit(audit::add).withOutcomeListener(outcomes::add);
        return new RolloutEngine(parsed, ctx).run();
    }

    /** Ready pods among those a Service's selector reaches. */
    int readyPodsSelectedBy(String service) {
        Map<String, String> selector = client.services().inNamespace(NS).withName(service).get().getSpec().getSelector();
        return (int) client.pods().inNamespace(NS).withLabels(selector).list().getItems().stream()
                .filter(PromoteSafetyTest::ready).count();
    }

    static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Samples {@code probe} every second of virtual time. */
    List<String> sampleEverySecond(java.util.function.Supplier<String> probe) {
        List<String> samples = new ArrayList<>();
        time.every(Duration.ofSeconds(1), () -> samples.add(probe.get()));
        return samples;
    }

    List<String> momentsTheActiveServiceReachesNoReadyPod() {
        return sampleEverySecond(() -> readyPodsSelectedBy("shop-active") == 0 ? time.now().toString() : null);
    }

    static final String BLUE_GREEN = """
            name: shop
            namespace: prod
            deployment: shop
            image: shop:2
            progressDeadline: 3m
            strategy:
              blueGreen:
                activeService: shop-active
                previewService: shop-preview
                autoPromotionEnabled: false
            """;

    static final String NEVER_READY_PROMOTED_AT_20S = """
            canary: {ready: false}
            events:
              - {at: 20s, command: promote, by: pat}
            """;

    @Test
    void aPromotedBlueGreenNeverPointsTheActiveServiceAtAPreviewWithoutReadyPods() throws Exception {
        List<String> activeWithoutReadyPods = momentsTheActiveServiceReachesNoReadyPod();
        RolloutResult result = run(BLUE_GREEN, NEVER_READY_PROMOTED_AT_20S);

        assertThat(activeWithoutReadyPods).as("moments the active Service reached no ready pod").containsOnlyNulls();
        assertThat(result.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(result.trigger().check()).isEqualTo("progressDeadline");
        assertThat(result.trigger().message()).contains("preview pods").contains("0/4 ready");
        assertThat(audit).anySatisfy(a -> {
            assertThat(a.action()).isEqualTo("promote");
            assertThat(a.actor()).isEqualTo("pat");
            assertThat(a.outcome()).startsWith("applied");
        });
        assertThat(client.services().inNamespace(NS).withName("shop-active").get().getSpec().getSelector())
                .doesNotContainEntry(Workloads.TRACK_LABEL, "canary");
        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.succeeded()).isFalse());
    }

    @Test
    void aPromotedBlueGreenSwitchesOnceThePreviewIsReadyAndNotBefore() throws Exception {
        List<String> activeWithoutReadyPods = momentsTheActiveServiceReachesNoReadyPod();
        RolloutResult result = run(BLUE_GREEN, """
                canary: {ready: false}
                events:
                  - {at: 20s, command: promote, by: pat}
                  - {at: 60s, canary: {ready: true}}
                """);

        assertThat(activeWithoutReadyPods).containsOnlyNulls();
        assertThat(result.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        RolloutRecordStore store = new RolloutRecordStore(client);
        assertThat(store.read(NS, "shop").orElseThrow().status().transitions())
                .filteredOn(t -> t.to() == RolloutPhase.PROMOTING).singleElement()
                .satisfies(t -> assertThat(t.at()).isAfterOrEqualTo(T0.plusSeconds(60)));
        assertThat(Workloads.container(client.apps().deployments().inNamespace(NS).withName("shop").get(), "app")
                .getImage()).isEqualTo("shop:2");
    }

    static final String ROLLING = """
            name: shop
            namespace: prod
            deployment: shop
            image: shop:2
            progressDeadline: 3m
            strategy:
              rolling: {maxSurge: 25%, maxUnavailable: 25%}
            """;

    @Test
    void aPromotedRollingUpdateIsNotSucceededWhileItsNewPodsAreNotReady() throws Exception {
        RolloutResult result = run(ROLLING, NEVER_READY_PROMOTED_AT_20S);

        assertThat(result.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(result.trigger().check()).isEqualTo("progressDeadline");
        assertThat(result.trigger().message()).contains("rolling update of shop");
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
            assertThat(o.succeeded()).isFalse();
        });
        controller.reconcile();
        var shop = client.apps().deployments().inNamespace(NS).withName("shop").get();
        assertThat(Workloads.container(shop, "app").getImage()).isEqualTo("shop:1");
        assertThat(Workloads.isRolledOut(shop)).isTrue();
    }

    @Test
    void aPromotedRollingUpdateSucceedsOnlyOnceItsPodsAreReady() throws Exception {
        RolloutResult result = run(ROLLING, """
                canary: {ready: false}
                events:
                  - {at: 20s, command: promote, by: pat}
                  - {at: 60s, canary: {ready: true}}
                """);

        assertThat(result.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(result.status().finishedAt()).isAfterOrEqualTo(T0.plusSeconds(60));
        var shop = client.apps().deployments().inNamespace(NS).withName("shop").get();
        assertThat(shop.getStatus().getReadyReplicas()).isEqualTo(4);
        assertThat(shop.getStatus().getUpdatedReplicas()).isEqualTo(4);
    }

    static final String ISTIO_CANARY = """
            name: shop
            namespace: prod
            deployment: shop
            image: shop:2
            progressDeadline: 3m
            strategy:
              canary:
                steps: [{setWeight: 20}, {pause: {}}, {setWeight: 50}, {pause: {}}]
            router: {type: istio, virtualService: shop}
            """;

    @Test
    void aPromotedMeshCanaryNeverWeightsACanaryWithoutReadyPods() throws Exception {
        RolloutSpec parsed = new RolloutSpecParser().parseText(ISTIO_CANARY, "s");
        new Rehearsal(client, parsed, SimulationScenario.healthy(1, 100), T0, Duration.ofHours(1)).seed();
        IstioTrafficRouter route = new IstioTrafficRouter(client, NS, "shop", List.of(), "stable", "canary", null, null);
        List<String> weightWithoutReadyCanary = sampleEverySecond(() -> {
            var canary = client.apps().deployments().inNamespace(NS).withName("shop-canary").get();
            int ready = canary == null ? 0 : Workloads.ready(canary);
            return route.actualWeight() > 0 && ready == 0 ? time.now() + " weight " + route.actualWeight() : null;
        });
        RolloutResult result = run(ISTIO_CANARY, """
                canary: {ready: false}
                events:
                  - {at: 20s, command: promote, by: pat}
                  - {at: 40s, command: promote-full, by: pat}
                """);

        assertThat(weightWithoutReadyCanary).containsOnlyNulls();
        assertThat(result.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(result.trigger().check()).isEqualTo("progressDeadline");
        assertThat(route.actualWeight()).isZero();
        assertThat(Workloads.container(client.apps().deployments().inNamespace(NS).withName("shop").get(), "app")
                .getImage()).isEqualTo("shop:1");
    }
}
