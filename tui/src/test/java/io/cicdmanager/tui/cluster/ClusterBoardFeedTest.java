package io.cicdmanager.tui.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cicdmanager.kube.InProcessKubernetes;
import io.cicdmanager.kube.RolloutEvents;
import io.cicdmanager.kube.RolloutRecordStore;
import io.cicdmanager.model.RolloutPhase;
import io.cicdmanager.model.RolloutStatus;
import io.cicdmanager.tui.model.RolloutBoard;
import io.cicdmanager.tui.model.RolloutKey;
import io.cicdmanager.tui.model.RolloutSnapshot.AuditLine;
import io.cicdmanager.tui.model.RolloutSnapshot.Pod;
import io.cicdmanager.tui.model.RolloutSnapshot.Revision;
import io.cicdmanager.tui.model.RolloutSnapshot;
import io.cicdmanager.tui.ssh.MutableClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@InProcessKubernetes
class ClusterBoardFeedTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final RolloutKey CHECKOUT = new RolloutKey("prod", "checkout");
    private static final Duration WAIT = Duration.ofSeconds(20);

    KubernetesClient client;

    private final MutableClock clock = new MutableClock(NOW);
    private final RolloutBoard board = new RolloutBoard();
    private ClusterBoardFeed feed;

    private ClusterBoardFeed start(String namespace) {
        feed = new ClusterBoardFeed(new RolloutRecordStore(client), board, clock, namespace);
        feed.start();
        return feed;
    }

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
    }

    private RolloutSnapshot checkout() {
        return board.view().find(CHECKOUT).orElseThrow(() -> new AssertionError("prod/checkout is not on the board"));
    }

    @Test
    void theBoardHoldsEveryRecordOnceStartedAndFollowsTheirChanges() {
        ClusterWorld.canaryAtHalf(client, NOW);
        start(null);
        assertThat(board.view().rollouts()).extracting(RolloutSnapshot::key).containsExactly(CHECKOUT);
        assertThat(checkout().phase()).isEqualTo(RolloutPhase.PROGRESSING);
        assertThat(checkout().step()).isEqualTo(3);
        assertThat(checkout().actualWeight()).isEqualTo(33);
        assertThat(checkout().revisions()).as("pods are read only for rollouts shown in detail").isEmpty();

        new RolloutRecordStore(client).updateStatus("prod", "checkout", s -> s.withWeights(50, 50, null, NOW));
        await().atMost(WAIT).until(() -> checkout().actualWeight() == 50);

        client.configMaps().inNamespace("prod").withName("cicd-rollout-checkout").delete();
        await().atMost(WAIT).until(() -> board.view().rollouts().isEmpty());
    }

    @Test
    void aFeedForOneNamespaceShowsNothingOfAnother() {
        ClusterWorld.canaryAtHalf(client, NOW);
        start("staging");
        assertThat(board.view().rollouts()).isEmpty();
    }

    @Test
    void aFollowedRolloutGetsItsPodsPerRevisionAndItsAuditTrailFromTheCluster() throws Exception {
        ClusterWorld.canaryAtHalf(client, NOW);
        RolloutEvents events = new RolloutEvents(client, clock);
        events.emit("prod", "checkout", "abort", "alice (SHA256:a): abort (paged twice (p1)) -> applied: rolling back",
                false);
        events.emit("prod", "checkout", "Scaled", "scaled the canary to 2", false);
        start(null);

        AutoCloseable following = board.follow(CHECKOUT);
        await().atMost(WAIT).until(() -> checkout().revisions().size() == 2);

        Revision stable = checkout().revisions().get(0);
        assertThat(stable.track()).isEqualTo("stable");
        assertThat(stable.name()).startsWith("checkout-");
        assertThat(stable.image()).isEqualTo("registry.example/checkout:previous");
        assertThat(stable.desired()).isEqualTo(4);
        assertThat(stable.ready()).isEqualTo(4);
        assertThat(stable.pods()).hasSize(4).allMatch(Pod::ready);
        Revision canary = checkout().revisions().get(1);
        assertThat(canary.track()).isEqualTo("canary");
        assertThat(canary.image()).isEqualTo("registry.example/checkout:2");
        assertThat(canary.desired()).isEqualTo(2);
        assertThat(canary.ready()).as("one canary pod fails readiness").isEqualTo(1);
        assertThat(canary.pods()).extracting(Pod::restarts).containsOnly(2);
        assertThat(checkout().audit()).containsExactly(new AuditLine(checkout().audit().get(0).time(),
                "alice (SHA256:a)", "abort", "paged twice (p1)", "applied: rolling back"));
        assertThat(checkout().events()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo("Scaled");
            assertThat(e.message()).isEqualTo("scaled the canary to 2");
        });

        following.close();
        assertThat(board.followed()).isEmpty();
    }

    @Test
    void aRolloutWhoseEngineStopsBeatingIsOrphanedAtTheNextTick() {
        ClusterWorld.canaryAtHalf(client, NOW);
        start(null);
        assertThat(checkout().orphaned()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        feed.tick();
        assertThat(checkout().orphaned()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        feed.tick();
        assertThat(checkout().orphaned()).isTrue();
        assertThat(board.warning()).as("the watch is alive").isEmpty();

        new RolloutRecordStore(client).updateStatus("prod", "checkout", s -> s.withHeartbeat(
                new RolloutStatus.Heartbeat("engine-2", clock.instant(), 5)));
        await().atMost(WAIT).until(() -> !checkout().orphaned());
    }
}
