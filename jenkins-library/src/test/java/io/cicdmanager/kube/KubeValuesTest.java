package io.cicdmanager.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cicdmanager.DependencyUnreachableException;
import io.cicdmanager.model.CommandAction;
import io.cicdmanager.model.MetricHistory;
import io.cicdmanager.model.RolloutCommand;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutRecord;
import io.cicdmanager.model.RolloutStatus;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class KubeValuesTest {
    @Test
    void phasesAndActionsHaveTheirWireNames() {
        assertThat(RolloutPhase.fromWireName("RolledBack")).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(RolloutPhase.fromWireName("rolled_back")).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(RolloutPhase.ROLLED_BACK.toString()).isEqualTo("RolledBack");
        assertThat(RolloutPhase.FAILED.isTerminal()).isTrue();
        assertThat(RolloutPhase.PAUSED.isTerminal()).isFalse();
        assertThatThrownBy(() -> RolloutPhase.fromWireName("Exploded")).hasMessageContaining("Exploded");
        assertThat(CommandAction.fromWireName("promote-full")).isEqualTo(CommandAction.PROMOTE_FULL);
        assertThat(CommandAction.PROMOTE_FULL.toString()).isEqualTo("promote-full");
        assertThat(CommandAction.ROLLBACK.rollsBack()).isTrue();
        assertThat(CommandAction.PAUSE.rollsBack()).isFalse();
        assertThatThrownBy(() -> CommandAction.fromWireName("nuke")).hasMessageContaining("nuke");
        RolloutCommand c = new RolloutCommand("id", CommandAction.PAUSE, "a", null, java.time.Instant.EPOCH, null);
        assertThat(c.reason()).isEmpty();
        assertThat(c.source()).isEqualTo("cli");
        MetricHistory h = new MetricHistory(2, null);
        for (int i = 0; i < 3; i++) {
            h = h.plus(new MetricHistory.Point(java.time.Instant.EPOCH.plusSeconds(i), i, null, null));
        }
        assertThat(h.points()).extracting(MetricHistory.Point::weight).containsExactly(1, 2);
    }

    @Test
    void recordsThisVersionCannotReadAreRefusedWithTheirName() {
        var cm = new ConfigMapBuilder().withNewMetadata().withName("cicd-rollout-x").withNamespace("prod").endMetadata()
                .addToData(RecordConfigMap.STATUS_KEY, "{\"schemaVersion\": 99, \"phase\": \"Pending\"}").build();
        assertThatThrownBy(() -> RolloutRecordStore.parse(cm)).hasMessageContaining("prod/cicd-rollout-x")
                .hasMessageContaining("upgrade cicd");
        var broken = new ConfigMapBuilder(cm).addToData(RecordConfigMap.STATUS_KEY, "{not json").build();
        assertThatThrownBy(() -> RolloutRecordStore.parse(broken)).hasMessageContaining("unreadable RolloutStatus");
        var bare = new ConfigMapBuilder().withNewMetadata().withName("other").withNamespace("prod").endMetadata().build();
        RolloutRecord parsed = RolloutRecordStore.parse(bare);
        assertThat(parsed.name()).isEqualTo("other");
        assertThat(parsed.status()).isNull();
        assertThat(parsed.pendingCommand()).isEmpty();
        assertThat(parsed.isOrphaned(java.time.Instant.EPOCH)).isFalse();
    }

    @Test
    void unreachableMeansNoAnswer() {
        assertThat(KubernetesFailures.isUnreachable(new KubernetesClientException("x", new IOException("refused"))))
                .isTrue();
        assertThat(KubernetesFailures.isUnreachable(new KubernetesClientException("conflict", 409, null))).isFalse();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client
                .ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build()) {
            RuntimeException e = KubernetesFailures.translate(client,
                    new KubernetesClientException("x", new IOException("Connection refused")));
            assertThat(e).isInstanceOf(DependencyUnreachableException.class).hasMessageContaining("127.0.0.1:1")
                    .hasMessageContaining("Connection refused");
            KubernetesClientException answered = new KubernetesClientException("forbidden", 403, null);
            assertThat(KubernetesFailures.translate(client, answered)).isSameAs(answered);
            RolloutRecordStore store = new RolloutRecordStore(client);
            assertThatThrownBy(() -> store.list("prod")).isInstanceOf(DependencyUnreachableException.class);
            assertThatThrownBy(() -> store.list(null)).isInstanceOf(DependencyUnreachableException.class);
            assertThatThrownBy(() -> store.read("prod", "x")).isInstanceOf(DependencyUnreachableException.class);
            new RolloutEvents(client, java.time.Clock.systemUTC()).emit("prod", "x", "abort", "m", false);
        }
    }
}
