package io.cicdmanager.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.analysis.SimulatedMetricProvider;
import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.analysis.WeightTimeline;
import io.cicdmanager.audit.AuditEntry;
import io.cicdmanager.config.ConfigReader;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.time.VirtualTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@InProcessKubernetes
class DeploymentGuardTest {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    KubernetesClient client;
    VirtualTime time;
    Workloads workloads;
    SimulatedDeploymentController controller;
    final List<AuditEntry> audit = new ArrayList<>();
    final List<String> progress = new ArrayList<>();

    @BeforeEach
    void setUp() {
        client.apps().deployments().inNamespace("prod").resource(KubeFixtures.deployment("prod", "api", "api:1", 4))
                .create();
        workloads = new Workloads(client, "prod");
        controller = new SimulatedDeploymentController(client, "prod");
        controller.reconcile();
        workloads.setImage("api", null, "api:2");
        controller.reconcile();
        time = new VirtualTime(T0.plus(Duration.ofMinutes(10)));
        time.every(Duration.ofSeconds(1), controller::reconcile);
    }

    DeploymentGuard.Result guard(String scenario) throws InterruptedException {
        SimulatedMetricProvider metrics = scenario == null ? null : new SimulatedMetricProvider(
                SimulationScenario.from(ConfigReader.read(scenario, "scenario.yaml")), T0, time.clock(),
                new WeightTimeline());
        DeploymentGuard guard = new DeploymentGuard(workloads, "api", null, metrics, time.clock(), time, audit::add,
                "jenkins");
        return guard.watch(Duration.ofMinutes(10), Duration.ofSeconds(30), T0.plus(Duration.ofMinutes(10)),
                Duration.ofMinutes(10), DeploymentGuard.Triggers.SEED, progress::add);
    }

    @Test
    void aHealthyDeploymentPassesTheWindow() throws Exception {
        DeploymentGuard.Result result = guard("traffic: {rps: 100}");
        assertThat(result.outcome()).isEqualTo(DeploymentGuard.Result.PASSED);
        assertThat(result.rounds()).isEqualTo(20);
        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("P95 baseline"));
        assertThat(Workloads.container(workloads.require("api"), null).getImage()).isEqualTo("api:2");
    }

    @Test
    void aWindowWithoutTrafficToJudgeIsNotAPass() throws Exception {
        DeploymentGuard.Result result = guard("traffic: {rps: 0}");
        assertThat(result.outcome()).isEqualTo(DeploymentGuard.Result.UNVERIFIED);
        assertThat(result.rolledBackTo()).isNull();
        assertThat(result.notes()).last().asString().contains("no data to judge error-rate in any of 20 rounds");
        assertThat(audit).last().satisfies(e -> assertThat(e.toString()).contains("unverified"));
        assertThat(Workloads.container(workloads.require("api"), null).getImage()).as("nothing undone")
                .isEqualTo("api:2");
    }

    @Test
    void aLatencyRegressionAgainstThePreDeployBaselineRollsBack() throws Exception {
        DeploymentGuard.Result result = guard("""
                traffic: {rps: 100}
                stable: {p95: 100ms}
                events: [{at: 12m, stable: {p95: 500ms}}]
                """);
        assertThat(result.outcome()).isEqualTo(DeploymentGuard.Result.ROLLED_BACK);
        assertThat(result.trigger().check()).isEqualTo("p95-vs-baseline");
        assertThat(result.trigger().threshold()).isBetween(0.27, 0.33);
        assertThat(result.rolledBackTo()).isEqualTo("api:1");
        assertThat(audit).anySatisfy(a -> assertThat(a.outcome()).isEqualTo("undone to api:1"));
    }

    @Test
    void aFiringCriticalAlertRollsBack() throws Exception {
        DeploymentGuard.Result result = guard("""
                traffic: {rps: 100}
                events: [{at: 11m, alerts: 1}]
                """);
        assertThat(result.outcome()).isEqualTo(DeploymentGuard.Result.ROLLED_BACK);
        assertThat(result.trigger().check()).isEqualTo("critical-alerts");
    }

    @Test
    void readinessFailuresRollBackEvenWithoutMetrics() throws Exception {
        controller.setFaults("api", new SimulatedDeploymentController.PodFaults(1, 0, false));
        DeploymentGuard.Result result = guard(null);
        assertThat(result.outcome()).isEqualTo(DeploymentGuard.Result.ROLLED_BACK);
        assertThat(result.trigger().check()).isEqualTo("readiness-failures");
        assertThat(result.trigger().value()).isEqualTo(0.25);
        assertThat(result.notes()).contains("no metrics backend: only pod health is watched");
    }

    @Test
    void anUnreachableBackendEndsTheWatchWithoutARollback() throws Exception {
        DeploymentGuard.Result result = guard("""
                traffic: {rps: 100}
                events: [{at: 10m, provider: down}]
                """);
        assertThat(result.outcome()).isEqualTo(DeploymentGuard.Result.UNREACHABLE);
        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("the P95 trigger is off"));
        assertThat(Workloads.container(workloads.require("api"), null).getImage()).isEqualTo("api:2");
    }
}
