package io.cicdmanager.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.json.ObjectMappers;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.KubeFixtures;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.rollout.Rehearsal;
import io.cicdmanager.rollout.RolloutSpecParser;
import io.cicdmanager.traffic.IstioTrafficRouter;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A real {@code cicd canary} process, a real {@code java} on the test's classpath, against the in-process API server
 * over HTTP, stopped by a real SIGTERM as a Jenkins abort or timeout stops it: it rolls back to stable (or holds),
 * writes its result file and exits 1; a second signal ends it at once with the record consistent.
 */
@InProcessKubernetes
class InterruptedRolloutProcessTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String SPEC = """
            name: shop
            namespace: prod
            deployment: shop
            image: shop:2
            progressDeadline: 5m
            strategy:
              canary:
                steps: [{setWeight: 25}, {pause: {}}]
            router: {type: istio, virtualService: shop}
            """;

    KubernetesClient client;
    @TempDir
    Path dir;
    SimulatedDeploymentController controller;
    SharedIndexInformer<Deployment> settling;
    final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        KubeFixtures.createApplication(client, "prod", "shop", "shop:1", 4);
        new Rehearsal(client, new RolloutSpecParser().parseText(SPEC, "spec.yaml"), SimulationScenario.healthy(1, 100),
                Instant.now(), Duration.ofHours(1)).seed();
        controller = new SimulatedDeploymentController(client, "prod");
        controller.reconcile();
        settling = controller.watch();
        Files.writeString(dir.resolve("spec.yaml"), SPEC);
        EngineCli.writeKubeconfig(client, dir, "prod");
    }

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        settling.close();
    }

    Process cicd(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Cicd.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("KUBECONFIG", dir.resolve("kubeconfig.yaml").toString());
        builder.environment().put("USER", "jenkins");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    int routeWeight() {
        return new IstioTrafficRouter(client, "prod", "shop", List.of(), "stable", "canary", null, null).actualWeight();
    }

    Optional<RolloutRecord> record() {
        return new RolloutRecordStore(client).read("prod", "shop");
    }

    JsonNode result() throws Exception {
        return ObjectMappers.json().readTree(Files.readString(dir.resolve("result.json")));
    }

    String output() throws Exception {
        return Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt"));
    }

    void awaitCanaryAtItsPause() {
        await().atMost(WAIT).until(() -> record().map(r -> r.status().stepIndex() == 1
                && r.status().setWeight() == 25).orElse(false));
        assertThat(routeWeight()).isEqualTo(25);
    }

    @Test
    void sigtermRollsTheCanaryBackToStableWritesTheResultAndExitsOne() throws Exception {
        Process canary = cicd("canary", "--spec", "spec.yaml", "--json", "result.json", "--audit-log", "audit.jsonl");
        awaitCanaryAtItsPause();

        canary.destroy(); // SIGTERM, as Jenkins' abort sends it

        assertThat(canary.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(output()).isTrue();
        assertThat(canary.exitValue()).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(routeWeight()).as("all traffic back on stable").isZero();
        assertThat(client.apps().deployments().inNamespace("prod").withName("shop-canary").get().getSpec()
                .getReplicas()).isZero();
        RolloutRecord record = record().orElseThrow();
        assertThat(record.status().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(record.status().trigger().check()).isEqualTo("signal");
        JsonNode json = result();
        assertThat(json.get("phase").asString()).isEqualTo("RolledBack");
        assertThat(json.get("trigger").get("check").asString()).isEqualTo("signal");
        assertThat(json.get("trigger").get("value").asInt()).isEqualTo(15);
        assertThat(json.get("trigger").get("message").asString()).contains("SIGTERM");
        assertThat(json.get("reason").asString()).startsWith("SIGTERM");
        assertThat(json.get("finalWeights").get("canary").asInt()).isZero();
        assertThat(Files.readString(dir.resolve("audit.jsonl"))).contains("\"action\":\"interrupt\"")
                .contains("\"reason\":\"SIGTERM\"");
        assertThat(Files.readString(dir.resolve("err.txt"))).contains("SIGTERM received: rolling the release back")
                .doesNotContain("Exception");
    }

    @Test
    void withOnInterruptHoldTheCanaryStaysWhereItStandsPausedForAPerson() throws Exception {
        Process canary = cicd("canary", "--spec", "spec.yaml", "--json", "result.json", "--on-interrupt", "hold");
        awaitCanaryAtItsPause();

        canary.destroy();

        assertThat(canary.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(output()).isTrue();
        assertThat(canary.exitValue()).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(routeWeight()).as("traffic held as it was").isEqualTo(25);
        RolloutRecord record = record().orElseThrow();
        assertThat(record.status().phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(record.status().trigger().check()).isEqualTo("signal");
        assertThat(record.status().message()).contains("held where it stands").contains("cicd rollback shop");
        JsonNode json = result();
        assertThat(json.get("phase").asString()).isEqualTo("Paused");
        assertThat(json.get("trigger").get("check").asString()).isEqualTo("signal");
        assertThat(json.get("finalWeights").get("canary").asInt()).isEqualTo(25);
    }

    @Test
    void aSecondSignalEndsTheProcessAtOnceLeavingTheRecordAborting() throws Exception {
        Process canary = cicd("canary", "--spec", "spec.yaml", "--json", "result.json", "--interrupt-timeout", "10m");
        awaitCanaryAtItsPause();
        // The stable pods stop serving: the rollback waits for them, traffic staying on the canary's ready pods.
        controller.setImageFaults("shop:1", SimulatedDeploymentController.PodFaults.allUnready(true));
        controller.reconcile();

        canary.destroy();
        await().atMost(WAIT).until(() -> record().map(r -> r.status().phase() == RolloutPhase.ABORTING)
                .orElse(false));
        canary.destroy(); // a second SIGTERM

        assertThat(canary.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(output()).isTrue();
        assertThat(canary.exitValue()).as(output()).isEqualTo(128 + 15);
        RolloutRecord record = record().orElseThrow();
        assertThat(record.status().phase()).as("the next engine, the guardian or cicd rollback finishes it")
                .isEqualTo(RolloutPhase.ABORTING);
        assertThat(record.status().trigger().check()).isEqualTo("signal");
        assertThat(routeWeight()).as("never moved onto stable pods that cannot serve").isEqualTo(25);
        assertThat(result().get("phase").asString()).isEqualTo("Aborting");
        assertThat(Files.readString(dir.resolve("err.txt"))).contains("stopped by a second SIGTERM while Aborting");
    }
}
