package io.cicdmanager.tui.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cicdmanager.analysis.SimulationScenario;
import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.RolloutEvents;
import io.cicdmanager.kube.SimulatedDeploymentController;
import io.cicdmanager.kube.Workloads;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.rollout.Rehearsal;
import io.cicdmanager.rollout.RolloutSpec;
import io.cicdmanager.rollout.RolloutSpecParser;
import io.cicdmanager.tui.model.RolloutSnapshot.Revision;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

@InProcessKubernetes
class DetailReaderTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String ROLLING = """
            name: api
            namespace: prod
            deployment: api
            image: registry.example/api:2
            strategy:
              rolling: {}
            """;

    KubernetesClient client;

    private RolloutRecord record(String specYaml) {
        return new RolloutRecord("api", "prod", "1", specYaml, null, null, null, null);
    }

    @Test
    void aRollingUpdateShowsTheNewRevisionAndAnOldOneThatStillRunsPods() {
        RolloutSpec spec = new RolloutSpecParser().parseText(ROLLING, "rolling spec");
        new Rehearsal(client, spec, SimulationScenario.healthy(1, 0), NOW, Duration.ZERO).seed();
        SimulatedDeploymentController controller = new SimulatedDeploymentController(client, "prod");
        controller.reconcile();
        Workloads workloads = new Workloads(client, "prod");
        workloads.setImage("api", null, spec.image());
        controller.reconcile();
        List<ReplicaSet> sets = workloads.replicaSets(workloads.require("api"));
        assertThat(sets).hasSize(2);
        // Halfway through a rolling update: the old revision still runs two pods.
        client.apps().replicaSets().inNamespace("prod").withName(sets.get(1).getMetadata().getName()).edit(rs -> {
            rs.getSpec().setReplicas(2);
            return rs;
        });

        List<Revision> revisions = new DetailReader(client, Clock.fixed(NOW, ZoneOffset.UTC)).read(record(ROLLING))
                .revisions();

        assertThat(revisions).extracting(Revision::track).containsExactly("new", "old");
        assertThat(revisions.get(0).image()).isEqualTo("registry.example/api:2");
        assertThat(revisions.get(0).ready()).isEqualTo(4);
        assertThat(revisions.get(1).desired()).isEqualTo(2);
    }

    @Test
    void aSpecThisVersionCannotReadLeavesThePodsOutButNotTheAuditTrail() {
        new RolloutEvents(client, Clock.fixed(NOW, ZoneOffset.UTC)).emit("prod", "api", "rollback",
                "bob (local): rollback -> applied: traffic on stable", true);
        RolloutDetail detail = new DetailReader(client, Clock.fixed(NOW, ZoneOffset.UTC))
                .read(record("strategy: {teleport: {}}\n"));
        assertThat(detail.revisions()).isEmpty();
        assertThat(detail.audit()).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("bob (local)");
            assertThat(a.action()).isEqualTo("rollback");
            assertThat(a.reason()).isNull();
            assertThat(a.outcome()).isEqualTo("applied: traffic on stable");
            assertThat(a.time()).isEqualTo(NOW);
        });
    }
}
