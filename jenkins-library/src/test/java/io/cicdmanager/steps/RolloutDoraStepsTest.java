package io.cicdmanager.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.dora.Deployment;
import io.cicdmanager.dora.DeploymentStatus;
import io.cicdmanager.dora.DoraDatabase;
import io.cicdmanager.dora.DoraStore;
import io.cicdmanager.dora.EmbeddedPostgresServer;
import io.cicdmanager.dora.JdbcDoraStore;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.time.VirtualTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * canaryRollout and autoRollback recording in DORA through JenkinsPipelineUnit: the real CLI against the CRUD API
 * server, real git in the workspace, a real SQLite store and once a real PostgreSQL server with its credentials
 * bound by withCredentials.
 */
@InProcessKubernetes
class RolloutDoraStepsTest extends PipelineTestBase {
    KubernetesClient client;
    VirtualTime time;
    SimulatedDeploymentController controller;

    @BeforeEach
    void cluster() throws Exception {
        SimulatedCluster cluster = SimulatedCluster.start(client, NOW, "shop", "shop:1", 4, "prod");
        time = cluster.time;
        useVirtualTime(time);
        controller = cluster.controller("prod");
        credentials.put("prod-kubeconfig", cluster.kubeconfig(sandbox, "prod").toString());
        env().put("BUILD_USER", "jenkins");
    }

    private String commit(String date) throws IOException, InterruptedException {
        return new GitRepository(workspace).commit("change at " + date, date);
    }

    private DoraStore sqlite() {
        return JdbcDoraStore.open(DoraDatabase.sqlite(workspace.resolve("dora.db")));
    }

    private String lastDeploymentId() {
        RolloutStatus status = new RolloutRecordStore(client).read("prod", "shop").orElseThrow().status();
        return "prod/shop@" + status.startedAt();
    }

    @Test
    void canaryRolloutRecordsItsDeploymentWithTheChangesShippedSinceTheLastOne() throws Exception {
        new GitRepository(workspace).git("init", "-q");
        commit("2026-11-26T09:00:00Z");
        String second = commit("2026-11-26T10:00:00Z");
        Map<?, ?> first = (Map<?, ?>) runPipeline("""
                return canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:2', steps: '50,pause=1m',
                        kubeconfigCredentialsId: 'prod-kubeconfig', dora: [db: 'dora.db', team: 'payments'])
                """);
        assertThat(first.get("phase")).isEqualTo("Succeeded");
        String firstId = lastDeploymentId();
        assertThat(log).contains("DORA: recorded " + firstId);
        String canary = engineCalls().stream().filter(s -> s.startsWith("'canary'")).findFirst().orElseThrow();
        // The store reaches the engine through the environment, not the command line.
        assertThat(canary).contains("'--dora-service' 'shop' '--dora-env' 'prod' '--dora-commit' '" + second + "'")
                .contains("'--dora-team' 'payments'").doesNotContain("dora.db");
        assertThat(env()).doesNotContainKey("CICD_DORA_DB");
        try (DoraStore store = sqlite()) {
            Deployment d = store.deployment(firstId).orElseThrow();
            assertThat(d.commitSha()).isEqualTo(second);
            // a first deployment ships HEAD only
            assertThat(d.commitTimes()).containsExactly(Instant.parse("2026-11-26T10:00:00Z"));
            assertThat(d.team()).isEqualTo("payments");
            assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCESS);
            assertThat(d.by()).isEqualTo("jenkins");
            assertThat(d.pipelineUrl()).isEqualTo("https://jenkins.example/job/app/1/");
        }

        commit("2026-11-26T11:00:00Z");
        String fourth = commit("2026-11-26T11:30:00Z");
        env().put("CICD_DORA_DB", "dora.db"); // the agent's store, with no dora argument at all
        env().put("GIT_COMMIT", fourth);
        runPipeline("""
                canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:3', steps: '50,pause=1m',
                        kubeconfigCredentialsId: 'prod-kubeconfig')
                """);
        assertThat(shScripts).contains("git log --format='%H %cI' --end-of-options '" + second + ".." + fourth + "'");
        String secondCanary = engineCalls().stream().filter(s -> s.startsWith("'canary'")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(secondCanary).containsPattern("'--dora-commit-times-file' "
                + "'\\.cicd/canaryRollout-[0-9a-f]{8}/dora-commit-times\\.txt'").doesNotContain("'--dora-commit-time'");
        assertThat(workspace.resolve(secondCanary.replaceAll(".*'--dora-commit-times-file' '([^']*)'.*", "$1")))
                .hasContent("2026-11-26T11:30:00+00:00\n2026-11-26T11:00:00+00:00\n");
        try (DoraStore store = sqlite()) {
            Deployment d = store.deployment(lastDeploymentId()).orElseThrow();
            assertThat(d.commitSha()).isEqualTo(fourth);
            assertThat(d.commitTimes()).containsExactly(Instant.parse("2026-11-26T11:00:00Z"),
                    Instant.parse("2026-11-26T11:30:00Z"));
        }

        // dora: false records nothing even with CICD_DORA_DB set
        runPipeline("""
                canaryRollout(deployment: 'shop', namespace: 'prod', image: 'shop:4', steps: '50,pause=1m',
                        kubeconfigCredentialsId: 'prod-kubeconfig', dora: false)
                """);
        assertThat(engineCalls().get(engineCalls().size() - 1)).contains("'--no-dora'");
        try (DoraStore store = sqlite()) {
            assertThat(store.deployment(lastDeploymentId())).isEmpty();
        }
    }

    @Test
    void aRolledBackSpecRolloutIsRecordedInPostgresqlWithBoundCredentials() throws Exception {
        controller.setFaults("shop-canary", new SimulatedDeploymentController.PodFaults(0, 5, false));
        String url = EmbeddedPostgresServer.newDatabase();
        credentials.put("dora-db", Map.of("username", EmbeddedPostgresServer.USER, "password",
                EmbeddedPostgresServer.PASSWORD));
        Files.writeString(workspaceFile("rollout.yaml"), """
                name: shop
                namespace: prod
                deployment: shop
                image: registry.example/shop:2.4.1
                strategy:
                  canary:
                    steps: [{setWeight: 25}, {pause: 5m}]
                    analysis: {checks: [{name: restarts, metric: restarts, max: 3}]}
                """);
        assertThatThrownBy(() -> runPipeline("""
                canaryRollout(spec: 'rollout.yaml', kubeconfigCredentialsId: 'prod-kubeconfig',
                        dora: [db: '%s', credentialsId: 'dora-db', commit: 'abc1234', environment: 'production'])
                """.formatted(url)))
                .hasMessageContaining("prod/shop RolledBack");
        assertThat(log).contains("commit abc1234 is not in this workspace's git history")
                .doesNotContain(EmbeddedPostgresServer.PASSWORD);
        assertThat(String.join("\n", shScripts)).doesNotContain(EmbeddedPostgresServer.PASSWORD)
                .doesNotContain("jdbc:postgresql");
        assertThat(env()).doesNotContainKeys("CICD_DORA_DB", "CICD_DORA_DB_USER", "CICD_DORA_DB_PASSWORD");
        try (DoraStore store = JdbcDoraStore.open(DoraDatabase.postgresql(url, EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD))) {
            Deployment d = store.deployment(lastDeploymentId()).orElseThrow();
            assertThat(d.service()).isEqualTo("shop");
            assertThat(d.environment()).isEqualTo("production");
            assertThat(d.version()).isEqualTo("2.4.1");
            assertThat(d.commitSha()).isEqualTo("abc1234");
            assertThat(d.commitTimes()).isEmpty();
            assertThat(d.status()).isEqualTo(DeploymentStatus.FAILURE);
            assertThat(store.restoresOf(d.id())).hasSize(1);
        }
    }

    @Test
    void autoRollbackRecordsTheRollbackAsTheRestoreOfTheDeploymentItUndid() {
        try (DoraStore store = sqlite()) {
            store.record(new Deployment("build-41", "shop", "prod", null, "2", "abc1234", List.of(), null,
                    NOW.minusSeconds(600), DeploymentStatus.SUCCESS, "jenkins", null));
        }
        new Workloads(client, "prod").setImage("shop", null, "shop:2");
        controller.reconcile();
        controller.setFaults("shop", new SimulatedDeploymentController.PodFaults(2, 0, false));
        assertThatThrownBy(() -> runPipeline("""
                autoRollback(deployment: 'shop', namespace: 'prod', watch: '3m', kubeconfigCredentialsId: 'prod-kubeconfig',
                        dora: [db: 'dora.db'])
                """)).hasMessageContaining("rolled back to shop:1");
        assertThat(log).contains("DORA: recorded build-41/restore");
        try (DoraStore store = sqlite()) {
            assertThat(store.restoresOf("build-41")).singleElement().satisfies(r -> {
                assertThat(r.by()).isEqualTo("jenkins");
                assertThat(r.at()).isAfter(NOW);
            });
        }

        controller.setFaults("shop", new SimulatedDeploymentController.PodFaults(0, 0, false));
        controller.reconcile();
        env().put("CICD_DORA_DB", "dora.db");
        Object now = runPipeline("""
                return autoRollback(deployment: 'shop', namespace: 'prod', reason: 'smoke tests failed',
                        kubeconfigCredentialsId: 'prod-kubeconfig', dora: [deployment: 'build-42', service: 'shop'])
                """);
        assertThat(((Map<?, ?>) now).get("outcome")).isEqualTo("rolled-back");
        assertThat(engineCalls().get(engineCalls().size() - 1)).contains("'--dora-deployment' 'build-42'")
                .contains("'--dora-service' 'shop'");
        try (DoraStore store = sqlite()) {
            assertThat(store.restoresOf("build-42")).hasSize(1);
        }
    }

    @Test
    void doraArgumentsAreChecked() {
        assertThatThrownBy(() -> runPipeline("canaryRollout(deployment: 'shop', image: 'x', dora: [sevice: 'a', db: 'd'])"))
                .hasMessageContaining("canaryRollout: unknown dora argument sevice; known dora arguments: commit, "
                        + "credentialsId, db, environment, service, team, version");
        assertThatThrownBy(() -> runPipeline("canaryRollout(deployment: 'shop', image: 'x', dora: 'yes')"))
                .hasMessageContaining("dora must be a map");
        assertThatThrownBy(() -> runPipeline("canaryRollout(deployment: 'shop', image: 'x', dora: [team: 'a'])"))
                .hasMessageContaining("dora needs a store to record into");
        assertThatThrownBy(() -> runPipeline(
                "autoRollback(deployment: 'shop', reason: 'x', dora: [db: 'd', team: 'a'])"))
                .hasMessageContaining("autoRollback: unknown dora argument team");
        assertThatThrownBy(() -> runPipeline("""
                canaryRollout(deployment: 'shop', namespace: 'prod', image: 'x', dora: [db: 'dora.db'],
                        kubeconfigCredentialsId: 'prod-kubeconfig')
                """)).hasMessageContaining("needs the commit deployed");
        assertThat(engineCalls()).noneMatch(s -> s.startsWith("'canary'"));
    }
}
